/**
 * A real Redis for tests: redis-server on a random port (retried when taken), no persistence, as the
 * `redis` user when we are root. Stopped by its pid in stop().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { which } from '../../src/core/process.js';
import { freePort } from './ports.js';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Why Redis cannot be started here, or undefined. */
export function redisProblem(): string | undefined {
  return which('redis-server') ? undefined : 'redis-server is not installed (apt-get install redis-server)';
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  for (const name of ['redis', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  return {};
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts a throwaway Redis server. */
export async function startRedis(): Promise<RedisServer> {
  const user = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-redis-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = freePort();
    let log = '';
    const child = spawn(which('redis-server')!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      const onData = (d: Buffer) => {
        log += d.toString();
        if (/Ready to accept connections/i.test(log)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      // 'close', not 'exit': the bind error may still be in the pipe when the process has exited.
      child.once('close', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ready) {
      child.kill('SIGKILL');
      await exited(child);
      if (/already in use|Could not create server TCP/i.test(log)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start: ${log.slice(-800)}`);
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async stop() {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited(child);
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('redis-server could not find a free port after 10 tries');
}
