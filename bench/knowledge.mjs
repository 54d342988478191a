#!/usr/bin/env node
// Offline assistant latency: time to load + validate + index the knowledge base (in a fresh process
// from YAML and from the disk cache, and warm), then p50/p95/max of a full offline answer (search + answer assembly) over
// every query of test/fixtures/queries/*.yaml, repeated R rounds (default 5; `node bench/knowledge.mjs 20`).
// Also prints top-1/top-3 relevance and how the confidence behaves: right and confident (answered),
// wrong but confident (an unrelated answer presented as sure: the number to keep near zero), the same
// figures on the independent sets (test/fixtures/queries-independent and -2, never tuned on when labelled), and the load time
// of a new machine's first question from the cache shipped in dist/ (dist/knowledge-cache.pack).
// Target: p95 < 30 ms after load. Runs on dist/: `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const rounds = Number(process.argv[2] ?? 5);

if (process.argv[2] === '--load-only') {
  const t0 = performance.now();
  const { openKnowledge } = await import(dist('src/services/knowledge/index.js'));
  const t1 = performance.now();
  const k = openKnowledge(process.env, [path.join(root, 'knowledge')]);
  process.stdout.write(JSON.stringify({ import_ms: t1 - t0, load_ms: performance.now() - t1, cached: !!k.cached }));
  process.exit(0);
}

const { loadKnowledge, KnowledgeIndex } = await import(dist('src/services/knowledge/index.js'));
const { answerOffline } = await import(dist('src/services/ai/offline.js'));

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Load in fresh processes: YAML (read + validate + index, no disk cache), then from the disk cache.
const home = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-'));
function freshLoads(extraEnv) {
  const out = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--load-only'], { encoding: 'utf8', env: { ...process.env, CLOUDYA_HOME: home, ...extraEnv } });
    if (r.status !== 0) throw new Error(r.stderr);
    out.push(JSON.parse(r.stdout));
  }
  return out;
}
const cold = freshLoads({ CLOUDYA_KNOWLEDGE_CACHE: '0' });
const coldLoad = cold.map((c) => c.load_ms).sort((a, b) => a - b);
freshLoads({}); // writes the cache
const fromCache = freshLoads({});
if (!fromCache.every((c) => c.cached)) throw new Error('the disk cache was not used');
const cacheLoad = fromCache.map((c) => c.load_ms).sort((a, b) => a - b);
// A new machine: no ~/.cloudya/cache at all, so the cache the build shipped in dist/ is read.
const shipped = [];
for (let i = 0; i < 5; i++) {
  const fresh = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-new-'));
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--load-only'], { encoding: 'utf8', env: { ...process.env, CLOUDYA_HOME: fresh } });
  if (r.status !== 0) throw new Error(r.stderr);
  shipped.push(JSON.parse(r.stdout));
  rmSync(fresh, { recursive: true, force: true });
}
const shippedLoad = shipped.map((c) => c.load_ms).sort((a, b) => a - b);

const warm = [];
let knowledge;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const base = loadKnowledge([path.join(root, 'knowledge')]);
  const index = new KnowledgeIndex(base.entries);
  warm.push(performance.now() - t0);
  knowledge = { base, index, loadMs: warm[i] };
}

const dir = path.join(root, 'test/fixtures/queries');
const queries = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => yaml.load(readFileSync(path.join(dir, f), 'utf8')));

const times = [];
let top1 = 0;
let top3 = 0;
let rightConfident = 0;
let wrongConfident = 0;
for (let r = 0; r < rounds; r++) {
  for (const { q, expect } of queries) {
    const lang = /[éèàùç]|\b(comment|mon|ma|mes|je|le|la|les|des|une|avec|pour)\b/i.test(q) ? 'fr' : 'en';
    const t0 = performance.now();
    const answer = answerOffline(knowledge, q, lang);
    times.push(performance.now() - t0);
    if (r === 0) {
      if (!answer.unknown && answer.entries?.[0] === expect) rightConfident++;
      else if (!answer.unknown) wrongConfident++;
      const ids = knowledge.index.search(q, 3).hits.map((h) => h.entry.id);
      if (ids[0] === expect) top1++;
      if (ids.includes(expect)) top3++;
    }
  }
}
times.sort((a, b) => a - b);
const f = (x) => x.toFixed(2);
console.log(`knowledge base: ${knowledge.base.entries.length} entries in ${readdirSync(path.join(root, 'knowledge')).filter((x) => x.endsWith('.yaml')).length} files, ${knowledge.base.problems.length} problems`);
console.log(`load (fresh process, YAML read+validate+index): median ${f(coldLoad[2])} ms, max ${f(coldLoad[4])} ms; module import median ${f(cold.map((c) => c.import_ms).sort((a, b) => a - b)[2])} ms`);
console.log(`load (fresh process, from ~/.cloudya/cache/knowledge.pack): median ${f(cacheLoad[2])} ms, max ${f(cacheLoad[4])} ms`);
console.log(`load (fresh process on a new machine, from dist/knowledge-cache.pack): median ${f(shippedLoad[2])} ms, max ${f(shippedLoad[4])} ms${shipped.every((c) => c.cached) ? '' : ' (NOT used: run npm run build)'}`);
console.log(`load (warm, same process): median ${f([...warm].sort((a, b) => a - b)[2])} ms`);
console.log(`offline answer over ${queries.length} queries x ${rounds} rounds: p50 ${f(pct(times, 50))} ms, p95 ${f(pct(times, 95))} ms, max ${f(times[times.length - 1])} ms (target p95 < 30 ms)`);
const pc = (n) => `${((100 * n) / queries.length).toFixed(1)}%`;
console.log(`relevance: top-1 ${pc(top1)}, top-3 ${pc(top3)} (target top-3 >= 90%); answered right and confident ${pc(rightConfident)}, wrong but confident ${pc(wrongConfident)} (${wrongConfident} queries)`);

// The independent sets: questions written without reading the base, with the labels written before tuning
// (set 1 was read while entries were written; set 2 is the fresh one).
const { questionLang } = await import(dist('src/services/ai/language.js'));
for (const [name, dir] of [['independent set 1', 'queries-independent'], ['independent set 2', 'queries-independent-2']]) {
  const indep = path.join(root, 'test/fixtures', dir);
  const questions = yaml.load(readFileSync(path.join(indep, 'questions.yaml'), 'utf8'));
  const { labels } = yaml.load(readFileSync(path.join(indep, 'labels.yaml'), 'utf8'));
  const tally = { right: 0, wrong: 0, declined: 0, guesses: 0 };
  for (const { i, ids, decline } of labels) {
    const a = answerOffline(knowledge, questions[i].q, questionLang(questions[i].q, 'en'));
    const declined = a.unknown || !a.entries?.length;
    if (decline ? declined : !declined && ids.includes(a.entries[0])) tally.right++;
    else if (declined) tally.declined++;
    else if (a.tentative) tally.guesses++;
    else tally.wrong++;
  }
  const pi = (n) => `${((100 * n) / labels.length).toFixed(1)}%`;
  console.log(`${name} (${labels.length} questions): right ${pi(tally.right)}, declined ${pi(tally.declined)}, wrong best guess ${pi(tally.guesses)}, confidently wrong ${pi(tally.wrong)} (goal >= 85% right, <= 3% confidently wrong)`);
}
