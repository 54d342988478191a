#!/usr/bin/env node
// API throughput: req/s and p50/p99 latency for GET /health, GET /api/tokens/info and POST /api/command
// (offline engine) with 50 keep-alive connections, against `cloudya serve` on SQLite and on PostgreSQL
// (a throwaway cluster started here with initdb, as the postgres user when run as root).
// Targets (2 cores, 50 connections): /api/tokens/info >= 10,000 req/s with p99 < 25 ms on SQLite;
// /api/command (offline) >= 2,000 req/s. The load generator runs in this process and shares the two
// cores with the server, so the figures are a floor of what the server does alone.
// Usage: node bench/server.mjs [seconds per endpoint, default 10] [--only sqlite|postgres] [--log-level info]
// Runs on dist/ (npm run build first).
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seconds = Number(args.find((a) => /^\d+(\.\d+)?$/.test(a) && args[args.indexOf(a) - 1]?.startsWith('--') !== true) ?? 10);
const only = flag('--only');
const logLevel = flag('--log-level') ?? 'warn';
const CONNECTIONS = 50;
const PG_BIN = '/usr/lib/postgresql/15/bin';

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function request(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

async function load(name, url, method, headers, body) {
  const run = async (ms) => {
    const latencies = [];
    const statuses = new Map();
    let errors = 0;
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const payload = typeof body === 'function' ? body() : body;
            const status = await request(url, method, payload ? { ...headers, 'content-length': Buffer.byteLength(payload) } : headers, payload);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          } catch {
            errors++;
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { latencies, statuses, errors };
  };
  await run(Math.min(2000, seconds * 200)); // warm-up: JIT, connection pool, knowledge base
  const t0 = performance.now();
  const { latencies, statuses, errors } = await run(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { name, rps: latencies.length / elapsed, p50: q(50), p99: q(99), statuses: Object.fromEntries(statuses), errors };
}

function startServe(env) {
  const child = spawn(process.execPath, [path.join(root, 'bin/cloudya.js'), 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOUDYA_RATE_PER_MINUTE: '1000000000', CLOUDYA_SERVER_LOG_LEVEL: logLevel, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`cloudya serve exited ${code}: ${err}`)));
  });
}

async function stopServe(s) {
  s.child.kill('SIGTERM');
  await new Promise((r) => (s.child.exitCode !== null ? r() : s.child.once('exit', r)));
}

async function startPostgres() {
  if (!existsSync(path.join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL not installed (${PG_BIN})`);
  const asUser = process.getuid() === 0 ? { uid: Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout), gid: Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout) } : {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-pg-'));
  if (asUser.uid !== undefined) chownSync(dir, asUser.uid, asUser.gid);
  const init = spawnSync(path.join(PG_BIN, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync'], { ...asUser, cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const pg = (await import('pg')).default;
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const child = spawn(path.join(PG_BIN, 'postgres'), ['-D', path.join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], { ...asUser, cwd: dir, stdio: 'ignore' });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    for (let i = 0; i < 300 && child.exitCode === null; i++) {
      const c = new pg.Client({ connectionString: url });
      try {
        await c.connect();
        await c.end();
        return { url, stop: async () => { child.kill('SIGINT'); await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r))); rmSync(dir, { recursive: true, force: true }); } };
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('PostgreSQL did not start');
}

async function bench(backend) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-'));
  const pg = backend === 'postgres' ? await startPostgres() : undefined;
  const env = { CLOUDYA_HOME: home, ...(pg ? { DATABASE_URL: pg.url } : {}) };
  const server = await startServe(env);
  try {
    const reg = await fetch(`${server.url}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', name: 'Bench', password: 'bench password 1' }) });
    const session = await reg.json();
    // Enough tokens for every /api/command of the run, credited through the ledger like any other move.
    const { openDatabase } = await import(dist('src/server/db/index.js'));
    const { applyMove } = await import(dist('src/services/ledger/index.js'));
    const db = await openDatabase({ databaseUrl: pg?.url, sqliteFile: path.join(home, 'server.db'), migrate: false });
    await applyMove(db.db, { accountId: session.account.id, amount: 1_000_000_000, kind: 'adjustment' });
    await db.close();
    const auth = { authorization: `Bearer ${session.access_token}` };
    const body = JSON.stringify({ user_input: 'list running docker containers', execution_mode: 'dry_run' });
    // Distinct questions defeat the server's answer cache: the cost of a fresh offline answer + validation.
    const topics = ['list running docker containers', 'check disk space', 'create a secure s3 bucket', 'restart nginx', 'kubectl get pods in all namespaces', 'terraform plan', 'show memory usage', 'tail a systemd service log'];
    let n = 0;
    const distinct = () => JSON.stringify({ user_input: `${topics[n % topics.length]} ${++n}`, execution_mode: 'dry_run' });
    const results = [
      await load('GET /health', `${server.url}/health`, 'GET', {}),
      await load('GET /api/tokens/info', `${server.url}/api/tokens/info`, 'GET', auth),
      await load('POST /api/command (offline)', `${server.url}/api/command`, 'POST', { ...auth, 'content-type': 'application/json' }, body),
      await load('POST /api/command (distinct q.)', `${server.url}/api/command`, 'POST', { ...auth, 'content-type': 'application/json' }, distinct),
    ];
    return results;
  } finally {
    await stopServe(server);
    await pg?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-');
console.log(`cloudya API benchmark: ${CONNECTIONS} connections, ${seconds} s per endpoint, server log level ${logLevel}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
for (const backend of ['sqlite', 'postgres'].filter((b) => !only || b === only)) {
  let results;
  try {
    results = await bench(backend);
  } catch (err) {
    console.log(`${backend}: not measured (${err.message})`);
    continue;
  }
  for (const r of results) {
    console.log(`${backend.padEnd(9)} ${r.name.padEnd(30)} ${fmt(r.rps).padStart(9)} req/s  p50 ${fmt(r.p50).padStart(7)} ms  p99 ${fmt(r.p99).padStart(7)} ms  statuses ${JSON.stringify(r.statuses)}${r.errors ? `  errors ${r.errors}` : ''}`);
  }
}
console.log('targets: /api/tokens/info >= 10000 req/s at p99 < 25 ms (SQLite); /api/command offline >= 2000 req/s');
agent.destroy();
