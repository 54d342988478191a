#!/usr/bin/env node
// Cost of monitoring, in numbers (never timed asserts in tests):
//  1. The sampler's own cost: CPU % of one core and peak RSS of `cloudya monitor record` (headless)
//     at 1 s, 2 s and 10 s, and of the TUI (`cloudya monitor` in a tmux pane, 80x24) at 1 s and 2 s,
//     next to `top` measured the same way in the same run. CPU is utime+stime of the process and of
//     the children it reaped (systeminformation runs `ps`, `df`), from /proc/PID/stat over the window.
//     All runs happen at once: each is charged only its own CPU time, so they do not disturb the figures.
//  2. Report generation for 30 days at 10 s (~259k samples): time to build the HTML and its size.
// Usage: npm run build && node bench/monitor.mjs [--quick] [--seconds N] [--repeat N] [--report-only] [--tui-only] [--before DIR] [--json]
//   --repeat N: N rounds (each one all processes at once, fresh processes each round); prints every round,
//     then the median CPU and the highest peak RSS of each case. On a shared machine the neighbours change
//     from one minute to the next: only figures of the same round compare directly.
//   --tui-only: only the live screens (TUI, top, glances when installed) at 1 s, in 120x40 and 80x24 panes.
//   --before DIR: the same TUI cases for another checkout (DIR/bin/cloudya.js, built), in the same run.
// Targets (issue 5): recorder < 1 % at 10 s and < 3 % at 1 s; TUI < 5 % at 1 s; RSS < 120 MB;
// report < 2 s and HTML < 2 MB. Issue 12: the TUI at 1 s at or below glances (~1.7 %) and RSS < 100 MB,
// at 120x40 and at 80x24.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/cloudya.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 15 : 60;
const asJson = args.includes('--json');
const repeatArg = args.indexOf('--repeat');
const rounds = repeatArg >= 0 ? Math.max(1, Number(args[repeatArg + 1]) || 1) : 1;
const warmup = 10;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const home = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-monitor-'));
const tempDirs = [home];
// The homes of the measured processes and the report's database (~50 MB) go when the bench ends.
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
const env = { ...process.env, CLOUDYA_HOME: home, NO_COLOR: '1' };
const log = (msg) => process.stderr.write(`${msg}\n`);

/** utime+stime+cutime+cstime in ticks. */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
}

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** The kernel's peak RSS of the process since it started (start-up included), in kB. */
function hwmKb(pid) {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000));
let tmuxSessions = 0;

/** Starts a command in a detached tmux pane (a real terminal, 80x24 unless told) and returns its pid. */
function inTmux(command, columns = 80, rows = 24) {
  const name = `cloudya-bench-${process.pid}-${tmuxSessions++}`;
  execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), `exec ${command}`], { env: { ...env, TERM: 'xterm-256color' } });
  const pid = Number(execFileSync('tmux', ['display-message', '-p', '-t', name, '#{pane_pid}']).toString().trim());
  return { pid, stop: () => execFileSync('tmux', ['kill-session', '-t', name], { stdio: 'ignore' }) };
}

function detached(cmd, argv) {
  const child = spawn(cmd, argv, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  return { pid: child.pid, stop: () => child.kill('SIGTERM') };
}

const q = (s) => `'${s.replace(/'/g, "'\\''")}'`;
const beforeAt = args.indexOf('--before');
const beforeBin = beforeAt >= 0 ? path.join(path.resolve(args[beforeAt + 1]), 'bin/cloudya.js') : undefined;
const hasGlances = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v glances'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const liveCases = [];
for (const [columns, rows] of [
  [120, 40],
  [80, 24],
]) {
  const size = `${columns}x${rows}`;
  liveCases.push({ name: `tui ${size}`, interval: 1, start: () => inTmux(`${q(process.execPath)} ${q(bin)} monitor --interval 1`, columns, rows) });
  if (beforeBin) liveCases.push({ name: `tui ${size} before`, interval: 1, start: () => inTmux(`${q(process.execPath)} ${q(beforeBin)} monitor --interval 1`, columns, rows) });
  liveCases.push({ name: `top ${size}`, interval: 1, start: () => inTmux('top -d 1', columns, rows) });
  if (hasGlances) liveCases.push({ name: `glances ${size}`, interval: 1, start: () => inTmux('glances -t 1', columns, rows) });
}
const cases = args.includes('--tui-only') ? liveCases : [
  ...liveCases,
  { name: 'recorder', interval: 1, start: () => detached(process.execPath, [bin, 'monitor', 'record', '--interval', '1']) },
  { name: 'recorder', interval: 2, start: () => detached(process.execPath, [bin, 'monitor', 'record', '--interval', '2']) },
  { name: 'recorder', interval: 10, start: () => detached(process.execPath, [bin, 'monitor', 'record', '--interval', '10']) },
  { name: 'tui', interval: 2, start: () => inTmux(`${q(process.execPath)} ${q(bin)} monitor --interval 2`) },
  { name: 'top', interval: 2, start: () => inTmux('top -d 2') },
];

async function sampleCosts() {
  log(`sampler cost: ${cases.length} processes at once, ${warmup} s warm-up then ${seconds} s measured...`);
  const running = cases.map((c) => ({ ...c, proc: c.start() }));
  await sleep(warmup);
  const t0 = performance.now();
  for (const r of running) {
    r.ticks0 = cpuTicks(r.proc.pid);
    r.rssMax = rssKb(r.proc.pid);
  }
  for (let s = 0; s < seconds; s++) {
    await sleep(1);
    for (const r of running) r.rssMax = Math.max(r.rssMax, rssKb(r.proc.pid));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const out = running.map((r) => ({
    what: r.name,
    interval_s: r.interval,
    cpu_percent_of_core: Math.round(((cpuTicks(r.proc.pid) - r.ticks0) / CLK_TCK / elapsed) * 10000) / 100,
    rss_mb: Math.round(r.rssMax / 102.4) / 10,
    // Peak and last reading side by side: a last close to the peak means RSS was still climbing.
    rss_end_mb: Math.round(rssKb(r.proc.pid) / 102.4) / 10,
    rss_since_start_mb: Math.round(hwmKb(r.proc.pid) / 102.4) / 10,
  }));
  for (const r of running) {
    try {
      r.proc.stop();
    } catch {
      // already gone
    }
  }
  return { seconds: Math.round(elapsed), load: Math.round(os.loadavg()[0] * 10) / 10, results: out };
}

async function reportCost() {
  const { HistoryStore } = await import(path.join(root, 'dist/src/services/monitor/store.js'));
  const { syntheticHistory } = await import(path.join(root, 'dist/src/services/monitor/synthetic.js'));
  const reportHome = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-report-'));
  tempDirs.push(reportHome);
  const db = path.join(reportHome, 'monitor.db');
  const end = Date.now();
  const rows = syntheticHistory({ end, days: 30, intervalSeconds: 10, incidents: [[5 * 86_400_000, 3_600_000], [20 * 86_400_000, 7_200_000]] });
  log(`report: inserting ${rows.length} synthetic samples (30 days at 10 s)...`);
  const store = new HistoryStore(db);
  let t = performance.now();
  for (let i = 0; i < rows.length; i += 10_000) store.insertMany(rows.slice(i, i + 10_000));
  const insertMs = performance.now() - t;
  store.close();
  // In-process, CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
  const { runReport } = await import(path.join(root, 'dist/src/services/monitor/report-command.js'));
  const { DEFAULT_THRESHOLDS } = await import(path.join(root, 'dist/src/services/monitor/thresholds.js'));
  const inProcess = {};
  for (const format of ['html', 'json']) {
    const c0 = process.cpuUsage();
    t = performance.now();
    const r = await runReport({ dbFile: db, days: 30, thresholds: DEFAULT_THRESHOLDS, file: path.join(reportHome, `in-process.${format}`), format, now: end });
    const c = process.cpuUsage(c0);
    inProcess[format] = { wall_ms: Math.round(performance.now() - t), cpu_ms: Math.round((c.user + c.system) / 1000), bytes: r.bytes };
  }
  const out = {};
  for (const format of ['html', 'json', 'csv']) {
    const file = path.join(reportHome, `report.${format}`);
    t = performance.now();
    execFileSync(process.execPath, [bin, 'monitor', 'report', '--days', '30', '--output', file], { env: { ...env, CLOUDYA_HOME: reportHome } });
    out[format] = { wall_ms: Math.round(performance.now() - t), bytes: statSync(file).size };
  }
  return { samples: rows.length, db_mb: Math.round(statSync(db).size / 104857.6) / 10, insert_ms: Math.round(insertMs), in_process: inProcess, cli: out };
}

/** Every round's figures of one case, summed up: median CPU, highest peaks. */
function summarise(roundsOut) {
  const byCase = new Map();
  for (const round of roundsOut) for (const r of round.results) byCase.set(`${r.what}|${r.interval_s}`, [...(byCase.get(`${r.what}|${r.interval_s}`) ?? []), r]);
  const median = (xs) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  return [...byCase.values()].map((rs) => ({
    what: rs[0].what,
    interval_s: rs[0].interval_s,
    cpu_percent_of_core: Math.round(median(rs.map((r) => r.cpu_percent_of_core)) * 100) / 100,
    cpu_min: Math.min(...rs.map((r) => r.cpu_percent_of_core)),
    cpu_max: Math.max(...rs.map((r) => r.cpu_percent_of_core)),
    rss_mb: Math.max(...rs.map((r) => r.rss_mb)),
    rss_end_mb: Math.max(...rs.map((r) => r.rss_end_mb)),
    rss_since_start_mb: Math.max(...rs.map((r) => r.rss_since_start_mb)),
  }));
}

const samplerRounds = [];
if (!args.includes('--report-only')) {
  for (let i = 0; i < rounds; i++) {
    if (rounds > 1) log(`round ${i + 1}/${rounds}`);
    samplerRounds.push(await sampleCosts());
  }
}
const sampler = samplerRounds.length ? { seconds: samplerRounds[0].seconds, rounds: samplerRounds.length, results: summarise(samplerRounds), per_round: samplerRounds } : { seconds: 0, results: [] };
const report = args.includes('--tui-only') ? undefined : await reportCost();
if (asJson) {
  process.stdout.write(`${JSON.stringify({ sampler, report }, null, 2)}\n`);
} else {
  const table = (results, title) => {
    console.log(`\n${title}, ${os.cpus().length} cores, node ${process.versions.node}`);
    console.log('what                  interval   cpu %  (min-max)      rss MB (peak)  rss MB (end)  since start');
    for (const r of results) {
      const range = r.cpu_min === undefined ? '' : `${r.cpu_min.toFixed(2)}-${r.cpu_max.toFixed(2)}`;
      console.log(`${r.what.padEnd(21)} ${`${r.interval_s} s`.padStart(8)} ${r.cpu_percent_of_core.toFixed(2).padStart(7)}  ${range.padEnd(13)} ${r.rss_mb.toFixed(1).padStart(14)} ${r.rss_end_mb.toFixed(1).padStart(13)} ${r.rss_since_start_mb.toFixed(1).padStart(12)}`);
    }
  };
  if ((sampler.per_round ?? []).length > 1) sampler.per_round.forEach((round, i) => table(round.results, `Round ${i + 1}: ${round.seconds} s, all at once, load ${round.load} at its end (CPU % of one core incl. reaped children)`));
  if (sampler.results.length) table(sampler.results, `Sampler cost over ${sampler.rounds ?? 1} x ${sampler.seconds} s, load ${sampler.per_round.map((r) => r.load).join(' / ')} (median CPU % of one core incl. reaped children; highest peak RSS: in the measured window, since start)`);
  if (!report) process.exit(0);
  console.log(`\nReport over ${report.samples} samples (30 days at 10 s; db ${report.db_mb} MB, insert ${report.insert_ms} ms)`);
  for (const [format, r] of Object.entries(report.in_process)) console.log(`  ${format.padEnd(5)} in process (read + compute + render + write): ${r.cpu_ms} ms CPU, ${r.wall_ms} ms wall, ${(r.bytes / 1024).toFixed(0)} KiB`);
  for (const [format, r] of Object.entries(report.cli)) console.log(`  ${format.padEnd(5)} cloudya monitor report --days 30: ${r.wall_ms} ms wall (process start included), ${(r.bytes / 1024).toFixed(0)} KiB`);
}
