#!/usr/bin/env node
// What containment costs per run: the median and worst wall time of N sandboxed `true` runs through
// the real bubblewrap backend (user + PID namespaces, read-only /proc, seccomp, run cgroup created,
// killed and removed), next to bare `bwrap ... true` with no hardening and to `sh -c true`.
// Wall time depends on how busy the machine is, so the load average is printed too.
//   node bench/sandbox.mjs [runs]      (runs the built dist/: npm run build first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const { runWithLimits } = await import(path.join(root, 'dist/src/services/sandbox/runner.js'));
const { bubblewrap } = await import(path.join(root, 'dist/src/services/sandbox/bubblewrap.js'));
const work = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-sandbox-'));
const spec = {
  command: 'true',
  workDir: work,
  home: work,
  grants: { network: false, credentials: [] },
  limits: { timeoutMs: 30_000, memoryBytes: 256 << 20, cpuSeconds: 30, outputBytes: 1 << 20, maxProcesses: 256, fileSizeBytes: 1 << 30 },
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  hide: [],
};

function stats(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, worst ${sorted.at(-1).toFixed(0)} ms`;
}

async function time(fn) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

try {
  const full = await time(async () => {
    const r = await runWithLimits(bubblewrap, spec);
    if (r.exitCode !== 0) throw new Error(`sandboxed true failed: ${r.stderr}`);
  });
  const bare = await time(() => spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-all', '--die-with-parent', 'true']));
  const shell = await time(() => spawnSync('/bin/sh', ['-c', 'true']));
  console.log(`sandbox start-up, ${runs} runs each, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, uid ${process.getuid()}`);
  console.log(`  cloudya sandbox (hardened, cgroup, seccomp): ${stats(full)}`);
  console.log(`  bare bwrap --unshare-all true:               ${stats(bare)}`);
  console.log(`  sh -c true:                                  ${stats(shell)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
