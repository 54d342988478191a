#!/usr/bin/env node
// Validation time per command over the safety corpora (test/fixtures/safety), after the parser is loaded.
// Each command is validated R times (default 30; `node bench/validate.mjs 100`); prints the grammar load time,
// the median and p99 over all single validations, the slowest commands, and the corpus verdict figures
// (dangerous commands allowed, false-deny rate on everyday commands). Target: median < 1 ms.
// Runs the built code: `npm run build` first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 30);
const { loadParser, validateCommand, validateWithParser } = await import(path.join(root, 'dist/src/services/safety/index.js'));
const load = (name) => JSON.parse(readFileSync(path.join(root, 'test/fixtures/safety', name), 'utf8'));
const dangerous = load('dangerous.json');
const everyday = load('everyday.json');
const home = '/home/bench';

let t0 = performance.now();
const parser = await loadParser();
const loadMs = performance.now() - t0;

const corpus = [...dangerous.map((d) => d.command), ...everyday.map((d) => d.command)];
// Warm-up pass (JIT), not measured.
for (const c of corpus) validateWithParser(parser, c, { home });

const all = [];
const perCommand = [];
for (const c of corpus) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    t0 = performance.now();
    validateWithParser(parser, c, { home });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  perCommand.push({ command: c, median: times[Math.floor(times.length / 2)] });
  all.push(...times);
}
all.sort((a, b) => a - b);
const q = (p) => all[Math.min(all.length - 1, Math.floor(p * all.length))];

let dangerousAllowed = 0;
const verdicts = { allow: 0, confirm: 0, deny: 0 };
for (const d of dangerous) {
  const r = await validateCommand(d.command, { home });
  if (r.verdict === 'allow') dangerousAllowed++;
}
let falseDeny = 0;
for (const d of everyday) {
  const r = await validateCommand(d.command, { home });
  verdicts[r.verdict]++;
  if (r.verdict === 'deny') falseDeny++;
}

const fmt = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`corpus: ${dangerous.length} dangerous + ${everyday.length} everyday commands, ${rounds} validations each (${all.length} total)`);
console.log(`grammar load (web-tree-sitter + tree-sitter-bash.wasm): ${loadMs.toFixed(1)} ms`);
console.log(`validation time per command: median ${fmt(q(0.5))}, p90 ${fmt(q(0.9))}, p99 ${fmt(q(0.99))}, max ${fmt(all[all.length - 1])}`);
const medians = perCommand.map((p) => p.median).sort((a, b) => a - b);
console.log(`per-command medians: median ${fmt(medians[Math.floor(medians.length / 2)])}, p99 ${fmt(medians[Math.floor(0.99 * medians.length)])} (robust to the scheduler preempting single runs on a busy machine)`);
console.log(`machine load average while measuring: ${(await import('node:os')).default.loadavg()[0].toFixed(1)} on ${(await import('node:os')).default.cpus().length} cores`);
console.log('slowest commands (median):');
for (const s of perCommand.sort((a, b) => b.median - a.median).slice(0, 5)) console.log(`  ${fmt(s.median).padStart(8)}  ${JSON.stringify(s.command).slice(0, 90)}`);
console.log(`dangerous commands allowed: ${dangerousAllowed}/${dangerous.length}`);
console.log(`everyday verdicts: allow ${verdicts.allow}, confirm ${verdicts.confirm}, deny ${verdicts.deny}`);
console.log(`false-deny rate (everyday commands denied): ${falseDeny}/${everyday.length} = ${((100 * falseDeny) / everyday.length).toFixed(1)}%`);

// The commands the offline assistant proposes (knowledge/*.yaml), placeholders filled as the assistant does.
const { default: yaml } = await import('js-yaml');
const { readdirSync } = await import('node:fs');
const kb = [];
for (const f of readdirSync(path.join(root, 'knowledge')).filter((x) => x.endsWith('.yaml'))) {
  const doc = yaml.load(readFileSync(path.join(root, 'knowledge', f), 'utf8'));
  for (const e of doc?.entries ?? []) for (const c of e.commands ?? []) kb.push(c.command);
}
const kbVerdicts = { allow: 0, confirm: 0, deny: 0 };
const kbDenied = [];
for (const c of kb) {
  const r = await validateCommand(c.replace(/<([A-Za-z][\w.:/-]*)>/g, '$1'), { home });
  kbVerdicts[r.verdict]++;
  if (r.verdict === 'deny') kbDenied.push(`${r.reasons.map((x) => x.rule).join(',')}: ${c.slice(0, 80)}`);
}
console.log(`knowledge base commands: ${kb.length} - allow ${kbVerdicts.allow}, confirm ${kbVerdicts.confirm}, deny ${kbVerdicts.deny}`);
for (const d of kbDenied) console.log(`  denied ${d}`);
