#!/usr/bin/env node
// Worst-case validation time: every command of the four safety corpora (test/fixtures/safety and
// test/fixtures/safety-independent) plus hostile inputs (a 118-character brace product, a 48 KB sed
// script, a 60 KB chain, deep nesting), each validated `R` times after a warm-up (default 5;
// `node bench/validate-worst.mjs 20`). Prints the slowest single validations and the overall worst.
// Target: every command well under a second. Runs the built code: `npm run build` first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 5);
const { loadParser, validateWithParser } = await import(path.join(root, 'dist/src/services/safety/index.js'));
const load = (dir, name) => JSON.parse(readFileSync(path.join(root, 'test/fixtures', dir, name), 'utf8')).map((d) => d.command);
const hostile = [
  `rm -f ./${'{a,b}'.repeat(22)}`,
  `mkdir -p ./${'{x,y,z}'.repeat(16)}`,
  `echo ${'{0..9}'.repeat(12)} > /dev/null`,
  `sed -n '${Array.from({ length: 4000 }, (_, i) => `s/a${i}/b/`).join(';')}' file`,
  `sed -e '${'s/x/y/;'.repeat(7000)}' f`,
  Array.from({ length: 6000 }, () => 'true').join(' && '),
  `${'$('.repeat(200)}ls${')'.repeat(200)}`,
  `echo ${'"$(echo '.repeat(40)}x${')"'.repeat(40)}`,
  `awk '{ ${'system("ls"); '.repeat(300)} }'`,
];
const corpus = [...load('safety', 'dangerous.json'), ...load('safety', 'everyday.json'), ...load('safety-independent', 'dangerous.json'), ...load('safety-independent', 'everyday.json'), ...hostile];
const home = '/home/bench';

const parser = await loadParser();
for (const c of corpus) validateWithParser(parser, c, { home });

const worst = [];
for (const c of corpus) {
  let max = 0;
  let verdict = '';
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    verdict = validateWithParser(parser, c, { home }).verdict;
    max = Math.max(max, performance.now() - t0);
  }
  worst.push({ ms: max, verdict, command: c });
}
worst.sort((a, b) => b.ms - a.ms);
console.log(`commands: ${corpus.length} (${hostile.length} hostile), ${rounds} runs each`);
console.log('slowest single validations:');
for (const w of worst.slice(0, 10)) console.log(`  ${w.ms.toFixed(1).padStart(8)} ms  ${w.verdict.padEnd(7)} ${JSON.stringify(w.command.length > 90 ? `${w.command.slice(0, 87)}...` : w.command)} (${w.command.length} chars)`);
console.log(`worst judge time: ${worst[0].ms.toFixed(1)} ms`);
