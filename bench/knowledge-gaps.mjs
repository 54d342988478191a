#!/usr/bin/env node
// How the offline assistant behaves on a question whose entry does not exist (a "gap"), measured without tuning on a
// fresh set: leave-one-out over the labelled questions already in the repository. For every labelled, non-off-topic
// question of the frozen independent sets (test/fixtures/queries-independent{,-2..-8}/) and of the tuned set
// (test/fixtures/queries/*.yaml), the base is indexed WITHOUT every entry labelled as a right answer to it, and the
// question is asked as the gate asks it (independent-queries.test.ts: `cloudya ask "..."` on an English terminal).
// The outcome is declined, best guess (tentative) or confident: a confident answer there is what a gap question of a
// fresh set would get - a confidently wrong answer. Also prints each set's normal figures (full index) as the gate counts
// them: right, declined, best guess (wrong), confidently wrong.
// Questions sharing the same labelled entries share one reduced index (built once per distinct group).
// Runs on dist/: `npm run build` first. `node bench/knowledge-gaps.mjs [--list]` (--list: every LOO confident answer
// and every full-index miss).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const list = process.argv.includes('--list');

const { loadKnowledge, KnowledgeIndex } = await import(dist('src/services/knowledge/index.js'));
const { FIELD_WEIGHTS } = await import(dist('src/services/knowledge/search.js'));
const { collectAnswer, createOfflineEngine } = await import(dist('src/services/ai/index.js'));

const base = loadKnowledge([path.join(root, 'knowledge')]);
const fixtures = path.join(root, 'test/fixtures');

// The frozen sets named one by one (a set being written is not read before it is frozen and labelled).
const INDEPENDENT = ['queries-independent', 'queries-independent-2', 'queries-independent-3', 'queries-independent-4', 'queries-independent-5', 'queries-independent-6', 'queries-independent-7', 'queries-independent-8'];

/** Every set as a name and its questions: { q, ids } or { q, decline }. */
function readSets() {
  const sets = INDEPENDENT.map((dir, n) => {
    const questions = yaml.load(readFileSync(path.join(fixtures, dir, 'questions.yaml'), 'utf8'));
    const { labels } = yaml.load(readFileSync(path.join(fixtures, dir, 'labels.yaml'), 'utf8'));
    return { name: `set ${n + 1}`, items: labels.map((l) => ({ q: questions[l.i].q, ids: l.ids ?? [], decline: !!l.decline, tag: `#${l.i}` })) };
  });
  const tunedDir = path.join(fixtures, 'queries');
  const tuned = readdirSync(tunedDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => yaml.load(readFileSync(path.join(tunedDir, f), 'utf8')).map((x) => ({ q: x.q, ids: [x.expect], decline: false, tag: f })));
  sets.push({ name: 'tuned', items: tuned });
  return sets;
}

/** Asks a question as `cloudya ask "..."` does on an English terminal. */
async function ask(engine, q) {
  const a = await collectAnswer(engine, { messages: [{ role: 'user', content: q }], lang: 'en' });
  const top = a?.entries?.[0];
  return { declined: !a || !!a.unknown || !top, tentative: !!a?.tentative, top, confidence: a?.confidence ?? 0 };
}

const pct = (a, n) => (n ? ((100 * a) / n).toFixed(1) : '-').padStart(5);
const sets = readSets();
const t0 = performance.now();

// Full index: the gate's tally.
const fullEngine = createOfflineEngine({ knowledge: { base, index: new KnowledgeIndex(base.entries), loadMs: 0 } });
const full = [];
const misses = [];
for (const set of sets) {
  const t = { name: set.name, n: 0, right: 0, rightGuess: 0, declined: 0, guessed: 0, wrong: 0 };
  for (const item of set.items) {
    const a = await ask(fullEngine, item.q);
    t.n++;
    if (item.decline) {
      if (a.declined) t.right++;
      else t.wrong++;
    } else if (!a.declined && item.ids.includes(a.top)) {
      t.right++;
      if (a.tentative) t.rightGuess++;
    }
    else if (a.declined) t.declined++;
    else if (a.tentative) t.guessed++;
    else t.wrong++;
    const ok = item.decline ? a.declined : !a.declined && item.ids.includes(a.top);
    if (!ok) misses.push(`${set.name} ${item.tag} "${item.q.split('\n')[0].slice(0, 90)}" -> ${a.declined ? 'declined' : `${a.tentative ? 'guess ' : ''}${a.top}`} (c=${a.confidence}), want ${item.decline ? 'decline' : item.ids.join('|')}`);
  }
  full.push(t);
}
const tFull = performance.now();

// Leave-one-out: one reduced index per distinct group of labelled entries.
const groups = new Map();
for (const set of sets)
  for (const item of set.items) {
    if (item.decline || !item.ids.length) continue;
    const key = [...new Set(item.ids)].sort().join(' ');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ set: set.name, item });
  }
// The entries' tokenised fields, computed once: a reduced index is served from them (KnowledgeIndex's SavedIndex path,
// as from the on-disk cache) with its statistics recomputed over the entries kept - the same index as building it
// from those entries, without tokenising them again for each group.
const FIELDS = Object.keys(FIELD_WEIGHTS);
const indexed = new KnowledgeIndex(base.entries).exportTerms().map((d) => ({
  tf: Object.fromEntries(FIELDS.map((f) => [f, new Map(d[f].tf)])),
  len: Object.fromEntries(FIELDS.map((f) => [f, d[f].len])),
  titles: d.titles,
}));
for (const d of indexed) d.vocab = new Set(FIELDS.flatMap((f) => [...d.tf[f].keys()]));
const CURATED = ['title', 'questions', 'keywords', 'id'];

/** An index of the entries but those excluded, equal to `new KnowledgeIndex(kept)`. */
function reducedIndex(excluded) {
  const keep = base.entries.map((e, i) => i).filter((i) => !excluded.has(base.entries[i].id));
  const docs = keep.map((i) => indexed[i]);
  const df = new Map();
  const curatedDf = new Map();
  const postings = new Map();
  docs.forEach((d, i) => {
    for (const t of d.vocab) {
      df.set(t, (df.get(t) ?? 0) + 1);
      if (postings.has(t)) postings.get(t).push(i);
      else postings.set(t, [i]);
    }
    for (const t of new Set(CURATED.flatMap((f) => [...d.tf[f].keys()]))) curatedDf.set(t, (curatedDf.get(t) ?? 0) + 1);
  });
  const avgLen = Object.fromEntries(FIELDS.map((f) => [f, docs.length ? Math.max(1, docs.reduce((s, d) => s + d.len[f], 0) / docs.length) : 1]));
  const saved = { df, curatedDf, avgLen, postings: (t) => postings.get(t), doc: (i) => ({ tf: docs[i].tf, len: docs[i].len, vocab: docs[i].vocab, savedTitles: docs[i].titles }) };
  const entries = keep.map((i) => base.entries[i]);
  return { base: { ...base, entries }, index: new KnowledgeIndex(entries, saved), loadMs: 0 };
}
if (process.argv.includes('--check')) {
  // The reduced index answers as one built from the kept entries (a few groups, every question of them).
  let same = 0;
  let n = 0;
  for (const [key, members] of [...groups].slice(0, 40)) {
    const excluded = new Set(key.split(' '));
    const entries = base.entries.filter((e) => !excluded.has(e.id));
    const a = createOfflineEngine({ knowledge: { base: { ...base, entries }, index: new KnowledgeIndex(entries), loadMs: 0 } });
    const b = createOfflineEngine({ knowledge: reducedIndex(excluded) });
    for (const { item } of members) {
      const [x, y] = [await ask(a, item.q), await ask(b, item.q)];
      n++;
      if (JSON.stringify(x) === JSON.stringify(y)) same++;
      else console.log(`differs: "${item.q}" ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    }
  }
  console.log(`reduced index check: ${same}/${n} answers identical`);
}

const loo = new Map(sets.map((s) => [s.name, { n: 0, declined: 0, guessed: 0, confident: 0 }]));
const confidentList = [];
for (const [key, members] of groups) {
  const engine = createOfflineEngine({ knowledge: reducedIndex(new Set(key.split(' '))) });
  for (const { set, item } of members) {
    const a = await ask(engine, item.q);
    const t = loo.get(set);
    t.n++;
    if (a.declined) t.declined++;
    else if (a.tentative) t.guessed++;
    else {
      t.confident++;
      confidentList.push(`${set} ${item.tag} "${item.q.split('\n')[0].slice(0, 90)}" without ${key} -> ${a.top} (c=${a.confidence})`);
    }
  }
}
const tLoo = performance.now();

console.log(`knowledge gaps: ${base.entries.length} entries, ${groups.size} reduced indexes, full ${((tFull - t0) / 1000).toFixed(1)} s, leave-one-out ${((tLoo - tFull) / 1000).toFixed(1)} s, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// "right" counts a right entry shown as a best guess, as the gates do; "of which guess" is what showing it so costs.
console.log('\nfull index (as the gates count):  set      n  right (of which guess)  declined  guess(wrong)  conf.wrong');
for (const t of full) console.log(`  ${t.name.padEnd(8)} ${String(t.n).padStart(5)}  ${pct(t.right, t.n)}%  (${pct(t.rightGuess, t.n)}%)   ${pct(t.declined, t.n)}%      ${pct(t.guessed, t.n)}%      ${pct(t.wrong, t.n)}%`);
const ft = full.reduce((s, t) => ({ n: s.n + t.n, right: s.right + t.right, rightGuess: s.rightGuess + t.rightGuess }), { n: 0, right: 0, rightGuess: 0 });
console.log(`  ${'all'.padEnd(8)} ${String(ft.n).padStart(5)}  ${pct(ft.right, ft.n)}%  (${pct(ft.rightGuess, ft.n)}%)   right and confident ${pct(ft.right - ft.rightGuess, ft.n)}%`);
console.log('\nleave-one-out (labelled entries removed):  set      n  declined  best guess  confident (= confidently wrong on a gap)');
const sum = { n: 0, declined: 0, guessed: 0, confident: 0 };
for (const [name, t] of loo) {
  for (const k of Object.keys(sum)) sum[k] += t[k];
  console.log(`  ${name.padEnd(8)} ${String(t.n).padStart(5)}   ${pct(t.declined, t.n)}%     ${pct(t.guessed, t.n)}%     ${pct(t.confident, t.n)}%`);
}
const ind = [...loo].filter(([name]) => name !== 'tuned').reduce((s, [, t]) => ({ n: s.n + t.n, confident: s.confident + t.confident }), { n: 0, confident: 0 });
console.log(`  ${'all'.padEnd(8)} ${String(sum.n).padStart(5)}   ${pct(sum.declined, sum.n)}%     ${pct(sum.guessed, sum.n)}%     ${pct(sum.confident, sum.n)}%   (sets 1-8 only: confident ${pct(ind.confident, ind.n)}% of ${ind.n})`);
if (list) {
  console.log(`\nleave-one-out confident answers (${confidentList.length}):\n  ${confidentList.join('\n  ')}`);
  console.log(`\nfull-index misses (${misses.length}):\n  ${misses.join('\n  ')}`);
}
