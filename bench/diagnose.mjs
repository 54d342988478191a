#!/usr/bin/env node
// Time of `diagnose system` (and `diagnose service nginx` when nginx is installed) on this machine:
// wall time, the sum of the per-check times (what a sequential run would cost), and the slowest
// checks. Median of N runs (default 5; `node bench/diagnose.mjs 10`). Runs the built code: `npm run build` first.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.CLOUDYA_BENCH_DIST ?? path.join(root, 'dist');
const runs = Number(process.argv[2] ?? 5);
const env = { ...process.env, CLOUDYA_HOME: mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-')) };
const { loadConfig } = await import(pathToFileURL(path.join(dist, 'src/core/config.js')).href);
const { diagnose } = await import(pathToFileURL(path.join(dist, 'src/services/diagnose/engine.js')).href);
const { which } = await import(pathToFileURL(path.join(dist, 'src/core/process.js')).href);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function bench(label, request) {
  const walls = [];
  const sums = [];
  const perCheck = new Map();
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    let sum = 0;
    const report = await diagnose({ ...request, config: loadConfig({ env }), env }, (e) => {
      if (e.type !== 'check-done') return;
      sum += e.durationMs;
      (perCheck.get(e.check.id) ?? perCheck.set(e.check.id, []).get(e.check.id)).push(e.durationMs);
    });
    walls.push(performance.now() - t0);
    sums.push(sum);
    findings = report.findings.length;
  }
  const slowest = [...perCheck.entries()].map(([id, xs]) => [id, median(xs)]).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`${label}: ${perCheck.size} checks, ${findings} findings, median of ${runs} runs`);
  console.log(`  wall time            ${median(walls).toFixed(0).padStart(6)} ms`);
  console.log(`  sum of check times   ${median(sums).toFixed(0).padStart(6)} ms  (sequential cost; concurrency saves ${(median(sums) / median(walls)).toFixed(1)}x)`);
  console.log(`  slowest checks       ${slowest.map(([id, ms]) => `${id} ${ms} ms`).join(', ')}`);
}

console.log(`node ${process.version}, ${os.cpus().length} cores`);
await bench('diagnose system', { kind: 'system' });
if (which('nginx')) await bench('diagnose service nginx', { kind: 'service', target: 'nginx' });
