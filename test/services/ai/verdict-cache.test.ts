/**
 * Remembered verdicts (src/services/ai/verdict-cache.ts) never outlive what they depend on: a new user
 * policy, another language or home, or another validator version gives a fresh verdict, in memory and
 * from the file `ask` keeps under ~/.cloudya/cache/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { clearVerdictMemory, verdictKey } from '../../../src/services/ai/verdict-cache.js';
import { verdictsFor } from '../../../src/services/ai/verdicts.js';
import { tempHome } from '../../helpers/cli.js';

const configWith = (extra: Record<string, string> = {}) => loadConfig({ env: { CLOUDYA_HOME: tempHome(), ...extra }, create: false });

afterEach(() => clearVerdictMemory());

describe('remembered verdicts', () => {
  it('follow a change of the user policy (safety.deny, safety.allow)', async () => {
    const [plain] = await verdictsFor(['docker rm web'], configWith());
    expect(plain?.verdict).not.toBe('deny');
    const [denied] = await verdictsFor(['docker rm web'], configWith({ CLOUDYA_SAFETY_DENY: 'docker rm *' }));
    expect(denied?.verdict).toBe('deny');
    expect(denied?.reasons.map((r) => r.rule)).toContain('user.deny');
    const [allowed] = await verdictsFor(['docker rm web'], configWith({ CLOUDYA_SAFETY_ALLOW: 'docker rm *' }));
    expect(allowed?.verdict).toBe('allow');
    // And back: the first policy's verdict, not the last one's.
    expect((await verdictsFor(['docker rm web'], configWith()))[0]).toEqual(plain);
  });

  it('follow the language of the reasons', async () => {
    const [en] = await verdictsFor(['shutdown -h now'], configWith(), undefined, 'en');
    const [fr] = await verdictsFor(['shutdown -h now'], configWith(), undefined, 'fr');
    expect(en?.verdict).toBe('deny');
    expect(fr?.reasons[0].message).not.toBe(en?.reasons[0].message);
    expect(verdictKey('ls', undefined, '/h', 'en')).not.toBe(verdictKey('ls', undefined, '/h', 'fr'));
    expect(verdictKey('ls', undefined, '/h', 'en')).not.toBe(verdictKey('ls', undefined, '/other', 'en'));
  });

  it('are saved to the cache file and read back only by the same validator version', async () => {
    const file = path.join(tempHome(), 'cache', 'verdicts.json');
    const [first] = await verdictsFor(['kubectl delete ns prod', 'ls | sh'], configWith(), undefined, 'en', { cacheFile: file });
    expect(first?.verdict).not.toBe('allow');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { version: string; entries: Array<[string, { verdict: string }]> };
    expect(saved.entries.map(([k]) => JSON.parse(k)[0])).toEqual(['kubectl delete ns prod', 'ls | sh']);
    // A file whose verdicts say "allow" is believed only when written by this validator version.
    const forged = { ...saved, entries: saved.entries.map(([k, v]) => [k, { ...v, verdict: 'allow', reasons: [] }]) };
    writeFileSync(file, JSON.stringify({ ...forged, version: `${saved.version} (older)` }));
    clearVerdictMemory();
    const again = await verdictsFor(['kubectl delete ns prod', 'ls | sh'], configWith(), undefined, 'en', { cacheFile: file });
    expect(again.map((v) => v?.verdict)).toEqual([first?.verdict, 'deny']);
    // Same version: the file is used as it is (it is Cloudya's own, under the user's home like config.json).
    writeFileSync(file, JSON.stringify(forged));
    clearVerdictMemory();
    expect((await verdictsFor(['ls | sh'], configWith(), undefined, 'en', { cacheFile: file }))[0]?.verdict).toBe('allow');
  });

  it('gives each answer its own copy (a caller changing one changes no later answer)', async () => {
    const [a] = await verdictsFor(['shutdown -h now'], configWith());
    a!.reasons[0].message = 'changed';
    const [b] = await verdictsFor(['shutdown -h now'], configWith());
    expect(b!.reasons[0].message).not.toBe('changed');
  });
});

describe('the validator version remembered verdicts are keyed by', () => {
  it('names the installed shell grammar and parser, so upgrading either drops the verdicts', async () => {
    const { validatorVersion } = await import('../../../src/services/safety/version.js');
    const lines = validatorVersion().split('\n');
    // A file found has its size and mtime; a package not found would be its bare name with ":-".
    for (const file of ['tree-sitter-bash/tree-sitter-bash.wasm', 'web-tree-sitter/package.json']) {
      expect(lines.find((l) => l.includes(`node_modules/${file}:`))).toMatch(/:\d+:[\d.]+$/);
    }
  });
});
