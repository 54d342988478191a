/**
 * An index loaded from the on-disk cache (terms + whole-base figures, entries' term maps made on first use)
 * ranks exactly as one built from the entries: same hits, scores, coverage and confidence on every question
 * of the fixture sets, with each search option, and it exports the same cache again.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { KnowledgeIndex, loadKnowledge, type SearchResult } from '../../../src/services/knowledge/index.js';
import { ROOT } from '../../helpers/cli.js';

const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
const eager = new KnowledgeIndex(base.entries);
const saved = JSON.parse(JSON.stringify(eager.exportCache()));
const lazy = new KnowledgeIndex(base.entries, saved.terms, saved.stats);

// Named one by one: a set added later is frozen for its own measure before anyone reads it.
const SETS = ['queries', 'queries-independent', 'queries-independent-2', 'queries-independent-3', 'queries-independent-4', 'queries-independent-5'];
const questions = SETS.flatMap((set) => {
  const dir = path.join(ROOT, 'test/fixtures', set);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'labels.yaml')
    .flatMap((f) => (yaml.load(readFileSync(path.join(dir, f), 'utf8')) as Array<{ q?: unknown }>).map((item) => item?.q).filter((q): q is string => typeof q === 'string'));
});

const comparable = (r: SearchResult) => ({ ...r, hits: r.hits.map((h) => [h.entry.id, h.score, h.coverage]) });

describe('knowledge index loaded from the cache', () => {
  it('ranks every fixture question exactly as the index built from the entries', () => {
    expect(questions.length).toBeGreaterThan(800);
    let previous = 'docker containers';
    for (const [i, q] of questions.entries()) {
      // Every question as asked; every third one with each search option too (a follow-up, pasted output...).
      const variants = i % 3 ? [{}] : [{}, { lenient: true }, { unknownWeight: 0.3 }, { carry: { text: previous, share: 0.5 } }, { confidenceFrom: previous }];
      for (const opts of variants) {
        expect(comparable(lazy.search(q, 12, opts)), `${q} ${JSON.stringify(opts)}`).toEqual(comparable(eager.search(q, 12, opts)));
      }
      previous = q;
    }
  });

  it('exports the same cache it was loaded from', () => {
    expect(JSON.parse(JSON.stringify(lazy.exportCache()))).toEqual(saved);
    // Entry terms are kept as one string each (read when a search reaches the entry).
    expect(saved.terms.every((t: unknown) => typeof t === 'string')).toBe(true);
  });
});
