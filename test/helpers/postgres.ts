/**
 * A real PostgreSQL for tests: initdb in a temp dir, the server started on a random port (retried
 * when taken), as the `postgres` user when we are root (postgres refuses to run as root). Stopped by
 * its pid and its directory removed in stop().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

const BIN = process.env.CLOUDYA_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A URL for a new, empty database of this server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Why PostgreSQL cannot be started here, or undefined. */
export function postgresProblem(): string | undefined {
  if (!existsSync(path.join(BIN, 'initdb'))) return `PostgreSQL is not installed (${BIN}/initdb missing; apt-get install postgresql)`;
  return undefined;
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('running as root and there is no "postgres" user to run PostgreSQL as');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function query(url: string, text: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts a throwaway PostgreSQL server. */
export async function startPostgres(): Promise<PgServer> {
  const user = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  const init = spawnSync(path.join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...user, encoding: 'utf8', cwd: dir });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = freePort();
    let log = '';
    const child = spawn(
      path.join(BIN, 'postgres'),
      ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
      { ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      try {
        await query(url, 'select 1');
        ready = true;
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (!ready) {
      child.kill('SIGKILL');
      await exited(child);
      if (/could not bind|already in use/i.test(log)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start: ${log.slice(-800)}`);
    }
    let counter = 0;
    return {
      url,
      port,
      async createDatabase(name: string) {
        const db = `${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++counter}`;
        await query(url, `create database ${db}`);
        return `postgres://postgres@127.0.0.1:${port}/${db}`;
      },
      async stop() {
        // SIGINT = fast shutdown (disconnects clients); SIGKILL only if it hangs.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited(child);
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('PostgreSQL could not find a free port after 10 tries');
}
