#!/usr/bin/env node
// API throughput: req/s and p50/p99 latency for GET /health, GET /api/tokens/info and POST /api/command
// (offline engine) with 50 keep-alive connections, against `cloudya serve` on SQLite and on PostgreSQL
// (a throwaway cluster started here with initdb, as the postgres user when run as root).
// Targets (2 cores, 50 connections): /api/tokens/info >= 10,000 req/s with p99 < 25 ms on SQLite;
// /api/command (offline) >= 2,000 req/s.
// The machine is shared, so absolute figures move with its load: every run also measures a bare Fastify
// "hello" server (bench/hello-server.mjs) as the ceiling, and prints each figure as a fraction of it and
// the load average around each measurement, and the server's CPU time per request (from /proc: what a
// request costs, whatever else runs). The load generator (bench/load-client.mjs) runs in its own
// process, never in the server's.
// Usage: node bench/server.mjs [seconds per endpoint, default 10] [--only sqlite|postgres]
//          [--log-level LEVEL (default: the server's own default)] [--cpu-prof DIR (V8 CPU profiles of each server)]
//          [--endpoint TEXT (only the endpoints whose name contains TEXT, e.g. tokens)]
// Runs on dist/ (npm run build first).
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seconds = Number(args.find((a, i) => /^\d+(\.\d+)?$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 10);
const only = flag('--only');
const logLevel = flag('--log-level');
const endpoint = flag('--endpoint');
const profDir = flag('--cpu-prof') ? path.resolve(flag('--cpu-prof')) : undefined;
const CONNECTIONS = 50;
const PG_BIN = '/usr/lib/postgresql/15/bin';
const load1 = () => os.loadavg()[0].toFixed(1);
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds a process has used so far (user + system, all its threads), from /proc. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/**
 * Runs the load client in its own process against one endpoint; resolves with its figures plus the
 * server's CPU time per request (less sensitive to other people's load than req/s).
 */
async function load(server, name, route, method, headers, body, distinct) {
  if (endpoint && !name.includes(endpoint) && !name.startsWith('reference')) return undefined;
  const cfg = { url: `${server.url}${route}`, method, headers, body, distinct, connections: CONNECTIONS, warmupMs: Math.min(2000, seconds * 200), ms: seconds * 1000 };
  const loadBefore = load1();
  const child = spawn(process.execPath, [path.join(root, 'bench/load-client.mjs'), JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let cpu0 = NaN;
  child.stdout.on('data', (d) => {
    out += d;
    if (Number.isNaN(cpu0) && out.startsWith('measuring\n')) cpu0 = cpuSeconds(server.child.pid);
  });
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.once('close', r));
  const cpu1 = cpuSeconds(server.child.pid);
  if (code !== 0) throw new Error(`load client failed: ${err}`);
  const r = JSON.parse(out.split('\n').find((l) => l.startsWith('{')));
  return { name, ...r, cpuUsPerReq: ((cpu1 - cpu0) * 1e6) / r.requests, load: `${loadBefore}->${load1()}` };
}

const nodeArgs = (tag) => (profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${tag}.cpuprofile`] : []);

function startProcess(argv, env, tag) {
  const child = spawn(process.execPath, [...nodeArgs(tag), ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`${tag} exited ${code}: ${err}`)));
  });
}

function startServe(env, tag) {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, CLOUDYA_RATE_PER_MINUTE: '1000000000', ...(logLevel ? { CLOUDYA_SERVER_LOG_LEVEL: logLevel } : {}) };
  return startProcess([path.join(root, 'bin/cloudya.js'), 'serve', '--port', '0'], { ...base, ...env }, tag);
}

async function stopServe(s) {
  s.child.kill('SIGTERM');
  await new Promise((r) => (s.child.exitCode !== null ? r() : s.child.once('exit', r)));
}

/** The bare Fastify ceiling, measured now. */
async function reference(tag) {
  const server = await startProcess([path.join(root, 'bench/hello-server.mjs')], { PATH: process.env.PATH }, tag);
  try {
    return await load(server, 'reference GET /hello', '/hello', 'GET', {});
  } finally {
    await stopServe(server);
  }
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
  const env = { CLOUDYA_HOME: home, ...(pg ? { DATABASE_URL: pg.url, CLOUDYA_SERVER_SECRET: 'cloudya bench server secret, 32+ characters' } : {}) };
  const ref = await reference(`reference-${backend}`);
  const server = await startServe(env, `cloudya-${backend}`);
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
    const json = { ...auth, 'content-type': 'application/json' };
    const body = JSON.stringify({ user_input: 'list running docker containers', execution_mode: 'dry_run' });
    // Distinct questions defeat the server's answer cache: the cost of a fresh offline answer + validation.
    const topics = ['list running docker containers', 'check disk space', 'create a secure s3 bucket', 'restart nginx', 'kubectl get pods in all namespaces', 'terraform plan', 'show memory usage', 'tail a systemd service log'];
    return [
      ref,
      await load(server, 'GET /health', '/health', 'GET', {}),
      await load(server, 'GET /api/tokens/info', '/api/tokens/info', 'GET', auth),
      await load(server, 'POST /api/command (offline)', '/api/command', 'POST', json, body),
      await load(server, 'POST /api/command (distinct q.)', '/api/command', 'POST', json, body, topics),
    ].filter(Boolean);
  } finally {
    await stopServe(server);
    await pg?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-');
if (profDir) mkdirSync(profDir, { recursive: true });
console.log(`cloudya API benchmark: ${CONNECTIONS} connections, ${seconds} s per endpoint, server log level ${logLevel ?? 'default'}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${profDir ? `, CPU profiles in ${profDir}` : ''}`);
for (const backend of ['sqlite', 'postgres'].filter((b) => !only || b === only)) {
  let results;
  try {
    results = await bench(backend);
  } catch (err) {
    console.log(`${backend}: not measured (${err.message})`);
    continue;
  }
  const ceiling = results[0].rps;
  for (const r of results) {
    const share = r === results[0] ? '' : `  ${((100 * r.rps) / ceiling).toFixed(0).padStart(3)} % of ref.`;
    console.log(`${backend.padEnd(9)} ${r.name.padEnd(31)} ${fmt(r.rps).padStart(9)} req/s  p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms${share.padEnd(16)}  server CPU ${fmt(r.cpuUsPerReq).padStart(6)} us/req  load ${r.load}  statuses ${JSON.stringify(r.statuses)}${r.errors ? `  errors ${r.errors}` : ''}`);
  }
}
console.log('targets: /api/tokens/info >= 10000 req/s at p99 < 25 ms (SQLite); /api/command offline >= 2000 req/s');
