/**
 * An index read from the on-disk cache (packed.ts: postings and term counts as typed arrays, entries' texts read
 * when first used) ranks exactly as one built from the entries: same hits, scores, coverage and confidence on every
 * question of the fixture sets, with each search option; and its entries are the loaded ones, field for field.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { KnowledgeIndex, loadKnowledge, type SearchResult } from '../../../src/services/knowledge/index.js';
import { openPacked, packKnowledge, unpackKnowledge } from '../../../src/services/knowledge/packed.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
const eager = new KnowledgeIndex(base.entries);
const file = path.join(tempHome(), 'knowledge.pack');
writeFileSync(file, packKnowledge(base, eager, 'test'));
const unpacked = unpackKnowledge(openPacked(file)!, (f) => f, () => {
  throw new Error('every entry must be read from the cache');
});
const lazy = new KnowledgeIndex(unpacked.base.entries, unpacked.saved);

// Named one by one: a set added later is frozen for its own measure before anyone reads it.
const SETS = ['queries', 'queries-independent', 'queries-independent-2', 'queries-independent-3', 'queries-independent-4', 'queries-independent-5', 'queries-independent-6'];
const questions = SETS.flatMap((set) => {
  const dir = path.join(ROOT, 'test/fixtures', set);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'labels.yaml')
    .flatMap((f) => (yaml.load(readFileSync(path.join(dir, f), 'utf8')) as Array<{ q?: unknown }>).map((item) => item?.q).filter((q): q is string => typeof q === 'string'));
});

const comparable = (r: SearchResult) => ({ ...r, hits: r.hits.map((h) => [h.entry.id, h.score, h.coverage]) });

describe('knowledge index read from the cache', () => {
  it('ranks every fixture question exactly as the index built from the entries', () => {
    expect(questions.length).toBeGreaterThan(1000);
    let previous = 'docker containers';
    for (const [i, q] of questions.entries()) {
      // Every question as asked; every third one with each search option too (a follow-up, pasted output...).
      const variants = i % 3 ? [{}] : [{}, { lenient: true }, { unknownWeight: 0.3 }, { carry: { text: previous, share: 0.5 } }, { confidenceFrom: previous }];
      for (const opts of variants) {
        expect(comparable(lazy.search(q, 12, opts)), `${q} ${JSON.stringify(opts)}`).toEqual(comparable(eager.search(q, 12, opts)));
      }
      previous = q;
    }
    // ~30 s alone; it went past the default 60 s on a machine at load 12 (more entries, more questions each session).
  }, 300_000);

  it('gives back every entry, problem and file as loaded, in the same order and with the same fields', () => {
    expect(JSON.stringify(unpacked.base)).toBe(JSON.stringify(base));
    expect(unpacked.base.entries.map((e) => ({ ...e }))).toEqual(base.entries);
  });

  it('exports the same terms and figures as the index it was written from', () => {
    // Curated counts are looked up, never listed: their order does not matter.
    const stats = (i: KnowledgeIndex) => ({ ...i.exportStats(), curated: Object.fromEntries(i.exportStats().curated) });
    expect(stats(lazy)).toEqual(stats(eager));
    const sorted = (ts: ReturnType<KnowledgeIndex['exportTerms']>) => ts.map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, 'tf' in v ? { ...v, tf: [...v.tf].sort() } : v])));
    expect(sorted(lazy.exportTerms())).toEqual(sorted(eager.exportTerms()));
  });
});
