import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerOffline } from '../../../src/services/ai/offline.js';
import { KnowledgeIndex, loadKnowledge } from '../../../src/services/knowledge/index.js';
import { encodeSemantic, phrasingHash, SemanticSpace, semanticFile, similarity } from '../../../src/services/knowledge/semantic.js';
import { trainSemantic } from '../../../src/services/knowledge/semantic-train.js';
import { ROOT } from '../../helpers/cli.js';

/** Phrasings of three topics that share no word across topics, with synonyms met only in different phrasings of one topic. */
const PHRASINGS = [
  ['disk', 'full'],
  ['disk', 'space', 'left'],
  ['free', 'space'],
  ['full', 'partition'],
  ['partition', 'space'],
  ['cpu', 'load', 'high'],
  ['cpu', 'busy'],
  ['load', 'average'],
  ['busy', 'processor'],
  ['processor', 'high'],
  ['dns', 'resolve', 'name'],
  ['name', 'lookup'],
  ['lookup', 'fails', 'dns'],
  ['resolve', 'fails'],
].flatMap((line) => [line, line]);

function spaceOf(phrasings: string[][], k: number): SemanticSpace {
  const space = SemanticSpace.decode(encodeSemantic(trainSemantic(phrasings, k)));
  if (!space) throw new Error('model did not decode');
  return space;
}

describe('semantic space', () => {
  const space = spaceOf(PHRASINGS, 3);
  const near = (a: string, b: string) => similarity(space.embed([[a, 1]])!, space.embed([[b, 1]])!);

  it('puts words of the same topic close even when no phrasing holds both, and words of other topics far', () => {
    // "free" and "partition" never share a phrasing: they are close through "space" and "full".
    expect(near('free', 'partition')).toBeGreaterThan(0.8);
    expect(near('busy', 'average')).toBeGreaterThan(0.8);
    expect(Math.abs(near('free', 'busy'))).toBeLessThan(0.3);
    expect(Math.abs(near('lookup', 'partition'))).toBeLessThan(0.3);
  });

  it('places an entry by the mean direction of its phrasings, and a question nearest the entry it means', () => {
    const disk = space.centroid([new Set(['disk', 'full']), new Set(['free', 'space'])])!;
    const cpu = space.centroid([new Set(['cpu', 'load', 'high'])])!;
    const question = space.embed([
      ['partition', 1],
      ['left', 1],
    ])!;
    expect(similarity(question, disk)).toBeGreaterThan(similarity(question, cpu) + 0.5);
  });

  it('knows nothing of words it never saw, and says so', () => {
    expect(space.embed([['tomatoes', 1]])).toBeUndefined();
    expect(space.centroid([new Set(['tomatoes'])])).toBeUndefined();
  });

  it("reads an entry's direction placed by the build, and computes it again once the entry's phrasings changed", () => {
    const model = trainSemantic(PHRASINGS, 3);
    const lines = [new Set(['disk', 'full']), new Set(['free', 'space'])];
    const plain = SemanticSpace.decode(encodeSemantic(model))!;
    const texts = ['disk full', 'free space'];
    const placed = SemanticSpace.decode(encodeSemantic(model, [{ id: 'disk-entry', hash: phrasingHash(texts), meaning: plain.centroid(lines)! }]))!;
    let computed = 0;
    const linesOf = () => {
      computed++;
      return lines;
    };
    expect(similarity(placed.meaningOf('disk-entry', phrasingHash(texts), linesOf)!, plain.centroid(lines)!)).toBeGreaterThan(0.99);
    expect(computed).toBe(0);
    // Edited since the build (another phrasing): placed from its words again.
    expect(phrasingHash([...texts, 'no space left'])).not.toBe(phrasingHash(texts));
    placed.meaningOf('disk-entry', phrasingHash([...texts, 'no space left']), linesOf);
    placed.meaningOf('other-entry', phrasingHash(texts), linesOf);
    expect(computed).toBe(2);
  });

  it('gives the same model for the same phrasings (the build is reproducible)', () => {
    expect(encodeSemantic(trainSemantic(PHRASINGS, 3)).equals(encodeSemantic(trainSemantic(PHRASINGS, 3)))).toBe(true);
  });

  it('trains an empty space from a base without phrasings, which places nothing', () => {
    const empty = SemanticSpace.decode(encodeSemantic(trainSemantic([])));
    expect(empty).not.toBeNull();
    expect(empty!.embed([['disk', 1]])).toBeUndefined();
    expect(empty!.centroid([new Set(['disk'])])).toBeUndefined();
  });

  it('reads a damaged or foreign model file as no model, without throwing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-semantic-'));
    const good = encodeSemantic(trainSemantic(PHRASINGS, 3));
    const cases = { truncated: good.subarray(0, good.length - 7), foreign: Buffer.from('{"hello":1}'), empty: Buffer.alloc(0), garbage: Buffer.from([255, 255, 255, 255, 1, 2]) };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(dir, `${name}.bin`);
      writeFileSync(file, bytes);
      expect(SemanticSpace.open(file), name).toBeUndefined();
    }
    expect(SemanticSpace.open(path.join(dir, 'missing.bin'))).toBeUndefined();
  });
});

describe('meaning in the search of the bundled knowledge base', () => {
  const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
  const index = new KnowledgeIndex(base.entries);

  it('has the model the build trains (npm run build writes dist/knowledge-semantic.bin)', () => {
    expect(existsSync(semanticFile()), semanticFile()).toBe(true);
    expect(SemanticSpace.open()).toBeDefined();
  });

  it('answers a symptom whose words lean toward another entry with the entry it means', () => {
    // Word for word, "reach", "name" and "ip" lean toward Kubernetes pod networking; the phrasings of the Docker networks
    // entry are about containers finding each other by name.
    const a = answerOffline({ base, index, loadMs: 0 }, 'my containers cannot reach each other by name but the ip address works fine', 'en');
    expect(a.entries?.[0]).toBe('docker-networks');
  });

  it('leaves a short question to its words ("systemctl status nginx")', () => {
    expect(answerOffline({ base, index, loadMs: 0 }, 'systemctl status nginx', 'en').entries?.[0]).toBe('linux-systemd-services');
  });
});
