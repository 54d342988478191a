#!/usr/bin/env node
// Cold-start cost of `cloudya --version` and `cloudya --help`, as a ratio to a bare `node -e ''`.
// Median of N runs each (default 25; `node bench/startup.mjs 50`). Targets: --version <= 1.5x, --help <= 2x.
// Runs the built CLI: `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/cloudya.js');
const runs = Number(process.argv[2] ?? 25);
const env = { ...process.env, CLOUDYA_HOME: mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-')), NO_COLOR: '1' };

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const cases = { 'node -e ""': ['-e', ''], 'cloudya --version': [bin, '--version'], 'cloudya --help': [bin, '--help'] };
for (const args of Object.values(cases)) time(args); // warm the file cache
const results = {};
for (let i = 0; i < runs; i++) {
  // Interleave the cases so machine noise hits them alike.
  for (const [name, args] of Object.entries(cases)) (results[name] ??= []).push(time(args));
}
const base = median(results['node -e ""']);
console.log(`startup, median of ${runs} runs (node ${process.version}, ${os.cpus().length} cores)`);
for (const [name, xs] of Object.entries(results)) {
  const med = median(xs);
  console.log(`  ${name.padEnd(20)} ${med.toFixed(1).padStart(7)} ms   ${(med / base).toFixed(2)}x bare node`);
}
console.log('targets: --version <= 1.50x, --help <= 2.00x');
