/** The offline engine's token count ("1 token ≈ 1 word"): words, not punctuation, the same on every call. */
import { describe, expect, it } from 'vitest';
import { minimumEstimate, wordCount } from '../../../src/services/ledger/usage.js';

describe('wordCount', () => {
  it('counts runs of letters and digits with their inner punctuation as one word each', () => {
    expect(wordCount('docker ps -a --format "{{.Names}}"')).toBe(5);
    expect(wordCount("l'équipe n’a pas vu /var/log/syslog.1 ... — !!")).toBe(5);
    expect(wordCount('')).toBe(0);
    expect(wordCount(' -- ... ')).toBe(0);
  });

  it('gives the same count however often and in whatever order it is asked (no state left between calls)', () => {
    const texts = ['list running docker containers 12', 'a', 'créer un bucket S3 sécurisé', ''];
    const first = texts.map(wordCount);
    expect(first).toEqual([5, 1, 5, 0]);
    for (let i = 0; i < 3; i++) expect([...texts].reverse().map(wordCount).reverse()).toEqual(first);
    expect(minimumEstimate('restart nginx')).toBe(3);
  });
});
