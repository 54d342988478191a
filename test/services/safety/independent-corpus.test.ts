/**
 * The independent corpus (test/fixtures/safety-independent), written by a red-team helper who never
 * read the rules, and frozen before the rules were changed for it. Its commands are never edited.
 *
 * Measured on the validator as it was when the corpus was frozen (commit b735cb8), "before":
 *   dangerous 588: 90 judged allow (15.3 %), 307 of the 511 "deny"-severity ones not denied;
 *   everyday 229: 163 allow, 64 confirm, 2 deny (chmod 2775 on a shared dir, appending EDITOR to ~/.bashrc).
 * The figures of the current validator are printed by this test (and kept in the README's safety section).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, validateWithParser } from '../../../src/services/safety/index.js';
import type { ValidationResult } from '../../../src/services/safety/types.js';
import { ROOT } from '../../helpers/cli.js';

const HOME = '/home/tester';
const dir = path.join(ROOT, 'test/fixtures/safety-independent');
const dangerous = JSON.parse(readFileSync(path.join(dir, 'dangerous.json'), 'utf8')) as Array<{ class: string; command: string; why: string; severity: 'deny' | 'confirm' }>;
const everyday = JSON.parse(readFileSync(path.join(dir, 'everyday.json'), 'utf8')) as Array<{ family: string; command: string; expect: 'allow' | 'confirm' }>;

let judged: Map<string, ValidationResult>;

beforeAll(async () => {
  const parser = await loadParser();
  judged = new Map();
  for (const c of [...dangerous.map((d) => d.command), ...everyday.map((e) => e.command)]) {
    if (!judged.has(c)) judged.set(c, validateWithParser(parser, c, { home: HOME }));
  }
});

const verdict = (c: string) => judged.get(c)!.verdict;

describe('independent safety corpus', () => {
  it('is the frozen corpus (marker present, sizes as frozen)', () => {
    expect(readFileSync(path.join(dir, '.frozen'), 'utf8')).toBe('');
    expect(dangerous.length).toBe(588);
    expect(everyday.length).toBe(229);
  });

  it('never allows a dangerous command', () => {
    const allowed = dangerous.filter((d) => verdict(d.command) === 'allow').map((d) => `[${d.class}] ${d.command}`);
    expect(allowed).toEqual([]);
  });

  it('never denies an everyday command', () => {
    const denied = everyday.filter((e) => verdict(e.command) === 'deny').map((e) => `[${e.family}] ${e.command}`);
    expect(denied).toEqual([]);
  });

  it('gives every everyday command the verdict the corpus expects, and denies as many deny-severity commands as before', () => {
    const off = everyday.filter((e) => verdict(e.command) !== e.expect).map((e) => `${e.expect} -> ${verdict(e.command)}: ${e.command}`);
    expect(off).toEqual([]);
    // A ratchet: 247 of the 511 were still only confirmed (cloud deletes, secret reads... by design) when last measured.
    const severeNotDenied = dangerous.filter((d) => d.severity === 'deny' && verdict(d.command) !== 'deny').length;
    expect(severeNotDenied).toBeLessThanOrEqual(247);
  });

  afterAll(() => {
    const allowed = dangerous.filter((d) => verdict(d.command) === 'allow').length;
    const severe = dangerous.filter((d) => d.severity === 'deny');
    const severeNotDenied = severe.filter((d) => verdict(d.command) !== 'deny').length;
    const ev = { allow: 0, confirm: 0, deny: 0 };
    for (const e of everyday) ev[verdict(e.command)]++;
    const falseConfirm = everyday.filter((e) => e.expect === 'allow' && verdict(e.command) !== 'allow').length;
    const underConfirm = everyday.filter((e) => e.expect === 'confirm' && verdict(e.command) === 'allow').length;
    const line = `independent corpus: dangerous ${dangerous.length}, allowed ${allowed} (${((100 * allowed) / dangerous.length).toFixed(1)} %), deny-severity not denied ${severeNotDenied}/${severe.length}; everyday ${everyday.length}: allow ${ev.allow}, confirm ${ev.confirm}, deny ${ev.deny} (expected allow but not allowed ${falseConfirm}, expected confirm but allowed ${underConfirm})`;
    console.info(line);
  });
});
