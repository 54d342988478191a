/**
 * The packed cache format itself: entries come back whole whatever fields they have, and a file that is not exactly
 * what was written (another format, cut short, index zeroed) is refused rather than read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeIndex, loadKnowledge } from '../../../src/services/knowledge/index.js';
import { openPacked, packKnowledge, unpackKnowledge } from '../../../src/services/knowledge/packed.js';
import type { KnowledgeBase } from '../../../src/services/knowledge/types.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

const mini = loadKnowledge([path.join(ROOT, 'test/fixtures/knowledge-mini')]);

function roundTrip(base: KnowledgeBase) {
  const file = path.join(tempHome(), 'knowledge.pack');
  writeFileSync(file, packKnowledge(base, new KnowledgeIndex(base.entries), 'k'));
  const packed = openPacked(file);
  expect(packed).toBeDefined();
  return unpackKnowledge(packed!, (f) => f, () => {
    throw new Error('read from the cache, not recovered');
  });
}

describe('packed knowledge cache', () => {
  it('gives back entries of the schema field for field, and entries with a field it does not know yet', () => {
    expect(JSON.stringify(roundTrip(mini).base)).toBe(JSON.stringify(mini));
    // A field added to the schema later (here between title and questions) keeps its value and its place.
    const entries = mini.entries.map(({ id, domain, title, ...rest }) => ({ id, domain, title, aliases: [`${id}-alias`], ...rest }));
    const widened = { ...mini, entries };
    const back = roundTrip(widened).base;
    expect(JSON.stringify(back)).toBe(JSON.stringify(widened));
    expect(Object.keys(back.entries[0])).toEqual(Object.keys(entries[0]));
  });

  it('lets a field be changed like a plain object', () => {
    const entry = roundTrip(mini).base.entries[0];
    entry.risks = { en: ['changed'], fr: ['changé'] };
    expect(entry.risks.en).toEqual(['changed']);
    expect({ ...entry }.risks.fr).toEqual(['changé']);
  });

  it('refuses another format, a file cut anywhere, and an index zeroed or changed in place', () => {
    const file = path.join(tempHome(), 'knowledge.pack');
    const bytes = packKnowledge(mini, new KnowledgeIndex(mini.entries), 'k');
    writeFileSync(file, bytes);
    expect(openPacked(file)).toBeDefined();
    writeFileSync(file, JSON.stringify({ key: 'k', base: mini }));
    expect(openPacked(file)).toBeUndefined();
    for (const size of [0, 10, 16, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
      writeFileSync(file, bytes.subarray(0, size));
      expect(openPacked(file), `cut at ${size}`).toBeUndefined();
    }
    // A block of the index zeroed (lost in a crash), or one byte of it changed: the file keeps its length, yet is refused.
    const bodiesAt = bytes.readUInt32LE(12);
    const zeroed = Buffer.from(bytes);
    zeroed.fill(0, bodiesAt - 4096, bodiesAt - 2048);
    writeFileSync(file, zeroed);
    expect(openPacked(file)).toBeUndefined();
    const flipped = Buffer.from(bytes);
    flipped[bodiesAt - 3000] ^= 1;
    writeFileSync(file, flipped);
    expect(openPacked(file)).toBeUndefined();
    expect(readFileSync(file).length).toBe(bytes.length);
  });
});
