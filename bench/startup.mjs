#!/usr/bin/env node
// Start-up figures for `--version`, `--help` (as ratios to bare node) and every row of issue 12's table, each the median of N runs (default 7):
//   the full-screen shell's first frame in a real tmux terminal (120x40), `ask --output json` with a
//   warm cache, `deploy list --output json`, `validate ls`, and `diagnose system` (first finding on
//   a terminal, then the whole report), plus bare node and `top` in the same tmux harness as references.
// Wall time depends on how busy the machine is; the CPU time (user+sys of the process) much less,
// so both are printed, with the load average.
//   node bench/startup.mjs [runs] [--before DIR]
// --before DIR runs the same rows against another checkout (DIR/bin/cloudya.js, its dist/ built),
// interleaved with this one so machine noise hits both alike. Runs the built CLI: `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const beforeAt = args.indexOf('--before');
const before = beforeAt >= 0 ? path.resolve(args[beforeAt + 1]) : undefined;
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--before') ?? 7);
const home = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-'));
const env = { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', CI: 'false' };
/** One Cloudya home per checkout: caches keyed by the code's own files would be rebuilt at every switch. */
const homeOf = (dir) => path.join(home, Buffer.from(dir).toString('hex').slice(-40));
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const TMUX_CONF = path.join(home, 'tmux.conf');
writeFileSync(TMUX_CONF, 'set -g remain-on-exit on\n');

/** Runs a command to the end: wall ms and CPU ms (user+sys, through GNU time when present). */
function timeRun(argv, cloudyaHome = home) {
  const t0 = process.hrtime.bigint();
  const runEnv = { ...env, CLOUDYA_HOME: cloudyaHome };
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', 'CPU %U %S', ...argv], { env: runEnv, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(argv[0], argv.slice(1), { env: runEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const stderr = String(r.stderr);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  // diagnose exits 3 when it finds problems: that is a result, not a failure.
  if (r.status !== 0 && r.status !== 3) throw new Error(`${argv.join(' ')} exited ${r.status}: ${stderr.slice(0, 500)}`);
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
}

/** CPU ms used so far by a process (utime + stime from /proc). */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Starts `command` in a fresh tmux server (columns x rows) and waits until the screen matches each
 * of `marks` in turn: the wall ms from start to each mark, and the CPU ms of the pane's process at the first.
 */
async function inTmux(command, marks, { columns = 120, rows = 40, cloudyaHome = home } = {}) {
  const socket = `cloudya-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // remain-on-exit: a command that ends (diagnose) keeps its last screen readable.
  const tmux = (...a) => execFileSync('tmux', ['-L', socket, '-f', TMUX_CONF, ...a], { encoding: 'utf8', env: { ...env, CLOUDYA_HOME: cloudyaHome } });
  const t0 = process.hrtime.bigint();
  tmux('new-session', '-d', '-s', 'b', '-x', String(columns), '-y', String(rows), `exec ${command}`);
  const pid = tmux('display-message', '-p', '-t', 'b', '#{pane_pid}').trim();
  const out = [];
  let cpu = NaN;
  try {
    for (const mark of marks) {
      for (;;) {
        const screen = tmux('capture-pane', '-p', '-t', 'b');
        if (mark.test(screen)) break;
        if (Number(process.hrtime.bigint() - t0) / 1e6 > 60_000) throw new Error(`${command}: no ${mark} after 60 s; screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      out.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (out.length === 1) cpu = cpuOf(pid);
    }
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, socket), { force: true });
    // The shell winds down after the hangup (restores the terminal, cancels its work): the next row must not run beside it.
    const until = Date.now() + 15_000;
    while (existsSync(`/proc/${pid}`) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }
  return { walls: out, cpu };
}

function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const node = process.execPath;
/** The rows, for one checkout root: each returns { wall, cpu } per run (and extra figures by name). */
function rowsFor(dir) {
  const bin = path.join(dir, 'bin/cloudya.js');
  const cloudyaHome = homeOf(dir);
  mkdirSync(cloudyaHome, { recursive: true });
  const cli = (...a) => () => timeRun([node, bin, ...a], cloudyaHome);
  return {
    'cloudya --version': cli('--version'),
    'cloudya --help': cli('--help'),
    'shell first frame (tmux 120x40)': async () => {
      const r = await inTmux(`${node} ${bin}`, [/^ Chat .*q quit/m], { cloudyaHome });
      return { wall: r.walls[0], cpu: r.cpu };
    },
    'ask --output json (warm)': cli('ask', 'how do I list docker containers', '--output', 'json'),
    // A question of four words or more also reads the semantic space (src/services/knowledge/semantic.ts).
    'ask, a long question (warm)': cli('ask', 'my containers cannot reach each other by name but the ip address works', '--output', 'json'),
    'deploy list --output json': cli('deploy', 'list', '--output', 'json'),
    'validate ls': cli('validate', 'ls'),
    'diagnose system: first finding': async () => {
      // A terminal, as a person runs it: the first finding line ("✗", "!", "i" or "✓" then text).
      const r = await inTmux(`${node} ${bin} diagnose system`, [/so far, latest: [✗!] \S|^\s+[✗!i✓] \S/m, /\d+ critical, \d+ warning/], { cloudyaHome });
      return { wall: r.walls[0], cpu: r.cpu, total: r.walls[1] };
    },
  };
}

const TARGETS = {
  'shell first frame (tmux 120x40)': 800,
  'ask --output json (warm)': 350,
  'ask, a long question (warm)': 350,
  'deploy list --output json': 300,
  'validate ls': 300,
  'diagnose system: first finding': 500,
};

const checkouts = before ? { before, after: root } : { now: root };
const results = {};
const baseline = [];
const references = [];
// Warm the file cache and the caches each command keeps (knowledge base, parsed templates).
for (const dir of Object.values(checkouts)) {
  for (const fn of Object.values(rowsFor(dir))) await fn();
}
for (let i = 0; i < runs; i++) {
  baseline.push(timeRun([node, '-e', '']));
  if (hasTmux && spawnSync('sh', ['-c', 'command -v top']).status === 0) {
    const r = await inTmux('top -d 1', [/load average/]);
    references.push({ wall: r.walls[0], cpu: r.cpu });
  }
  // Interleave the checkouts and rows so machine noise hits them alike.
  for (const [label, dir] of Object.entries(checkouts)) {
    for (const [name, fn] of Object.entries(rowsFor(dir))) {
      if (!hasTmux && /tmux|diagnose/.test(name)) continue;
      ((results[name] ??= {})[label] ??= []).push(await fn());
    }
  }
}

const fmt = (x) => (Number.isNaN(x) ? '     -' : x.toFixed(0).padStart(6));
const stat = (xs, key) => median(xs.map((x) => x[key]));
console.log(`start-up, median of ${runs} runs (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`  ${'bare node -e ""'.padEnd(34)} wall ${fmt(stat(baseline, 'wall'))} ms  cpu ${fmt(stat(baseline, 'cpu'))} ms`);
if (references.length) console.log(`  ${'top, first frame (same harness)'.padEnd(34)} wall ${fmt(stat(references, 'wall'))} ms  cpu ${fmt(stat(references, 'cpu'))} ms`);
for (const [name, byLabel] of Object.entries(results)) {
  for (const [label, xs] of Object.entries(byLabel)) {
    const total = stat(xs, 'total');
    const extra = Number.isNaN(total) ? '' : `  (whole report ${total.toFixed(0)} ms)`;
    const target = TARGETS[name] ? `target < ${TARGETS[name]} ms` : `${(stat(xs, 'wall') / stat(baseline, 'wall')).toFixed(2)}x bare node`;
    console.log(`  ${`${name}${label === 'now' ? '' : ` [${label}]`}`.padEnd(34)} wall ${fmt(stat(xs, 'wall'))} ms  cpu ${fmt(stat(xs, 'cpu'))} ms  ${target}${extra}`);
  }
}
rmSync(home, { recursive: true, force: true });
