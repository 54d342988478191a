/**
 * One suite per provider, run against its HTTPS double through the real CLI (and the real SDK):
 * success, wrong secret, expired credentials, TLS failure, timeout, malformed answer, and no secret leaks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../helpers/cli.js';
import type { Double, DoubleAnswer, DoubleRequest } from '../../helpers/provider-doubles/server.js';
import { startDouble } from '../../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../../helpers/provider-doubles/tls.js';

export interface ProviderCase {
  provider: string;
  /** The secret the double accepts and a wrong one. */
  secret: string;
  wrongSecret: string;
  handler: (pki: TestPki) => (req: DoubleRequest, d: Double) => DoubleAnswer;
  /** Connection flags (no secret, no TLS flags). */
  args: (d: Double, home: string) => string[];
  /** How the secret is named when not stored (--secret-env NAME); empty for providers using their own files. */
  secretArgs?: string[];
  /** Environment carrying the secret (or pointing at files holding it). */
  env: (secret: string, home: string, d: Double) => NodeJS.ProcessEnv;
  /** What the identity shows on success. */
  identity: RegExp;
  /** The API has a distinct "expired" answer. */
  expired: boolean;
  /** A distinctive part of the secret to look for (default: the secret). */
  probe?: string;
  /** The secret can be given with --store-secret on stdin. */
  storable?: boolean;
}

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Defines the standard tests for one provider. */
export function providerSuite(c: ProviderCase): void {
  describe(`cloudya connect ${c.provider} against its API double`, () => {
    let pki: TestPki;
    let d: Double;
    beforeAll(async () => {
      pki = makePki(`${c.provider}-double.test`);
      d = await startDouble(pki, c.handler(pki));
    });
    afterAll(async () => {
      await d?.close();
      pki?.cleanup();
    });
    beforeEach(() => {
      d.mode = 'ok';
    });

    const args = (dd: Double, home: string) => [...c.args(dd, home), ...(c.secretArgs ?? [])];
    const run = (home: string, extra: string[], secret = c.secret, stdin?: string) => runCli(['connect', c.provider, ...args(d, home), ...extra], { CLOUDYA_HOME: path.join(home, 'cloudya'), HOME: home, ...c.env(secret, home, d) }, stdin);
    const saved = (home: string) => {
      try {
        return /connected_at/.test(readFileSync(path.join(home, 'cloudya', 'credentials.yaml'), 'utf8'));
      } catch {
        return false;
      }
    };

    it('connects, shows who we are, saves without the secret, and list/test/remove never print it', async () => {
      const home = tempHome();
      const env = { CLOUDYA_HOME: path.join(home, 'cloudya'), HOME: home, ...c.env(c.secret, home, d) };
      const r = await run(home, ['--ca-bundle', pki.caFile]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(c.identity);
      const file = path.join(home, 'cloudya', 'credentials.yaml');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^${c.provider}:`, 'm'));
      const json = await runCli(['connect', c.provider, ...args(d, home), '--ca-bundle', pki.caFile, '--output', 'json'], env);
      expect(JSON.parse(json.stdout)).toMatchObject({ provider: c.provider, connected: true, insecure: false });
      const list = await runCli(['connect', 'list', '--output', 'json'], env);
      const entry = (JSON.parse(list.stdout) as Array<{ provider: string; connected: boolean; verified_at: string | null }>).find((e) => e.provider === c.provider);
      expect(entry).toMatchObject({ connected: true, verified_at: expect.any(String) });
      const test = await runCli(['connect', 'test', c.provider], env);
      expect(test.code, test.stderr).toBe(0);
      expect(test.stdout).toMatch(c.identity);
      const listText = await runCli(['connect', 'list'], env);
      const removed = await runCli(['connect', 'remove', c.provider], env);
      expect(removed.code).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toMatch(new RegExp(`^${c.provider}:`, 'm'));
      // The audit log records each change (connect, test, remove), without the secret.
      const audited = await runCli(['audit', '--output', 'json'], env);
      const entries = (JSON.parse(audited.stdout) as { entries: Array<{ source: string; command: string }> }).entries;
      expect(entries.filter((e) => e.source === 'connect').map((e) => e.command.split(' ').slice(0, 2).join(' '))).toEqual([`connect ${c.provider}`, `connect ${c.provider}`, 'connect test', 'connect remove']);
      const outputs = [r, json, list, test, listText, removed, audited].map((x) => x.stdout + x.stderr).join('\n');
      const probe = c.probe ?? c.secret;
      expect(outputs).not.toContain(probe);
      // The Cloudya home (credentials.yaml, audit log, caches): the provider's own files (~/.aws...) are the user's.
      for (const f of filesUnder(path.join(home, 'cloudya'))) expect(readFileSync(f, 'latin1'), f).not.toContain(probe);
    });

    if (c.storable) {
      it('--store-secret keeps the secret only in the 0600 credentials file', async () => {
        const home = tempHome();
        const r = await runCli(['connect', c.provider, ...c.args(d, home), '--ca-bundle', pki.caFile, '--store-secret'], { CLOUDYA_HOME: path.join(home, 'cloudya'), HOME: home }, `${c.secret}\n`);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout + r.stderr).not.toContain(c.secret);
        const file = path.join(home, 'cloudya', 'credentials.yaml');
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(readFileSync(file, 'utf8')).toContain(c.secret);
        const test = await runCli(['connect', 'test'], { CLOUDYA_HOME: path.join(home, 'cloudya'), HOME: home });
        expect(test.code, test.stderr).toBe(0);
        expect(test.stdout + test.stderr).not.toContain(c.secret);
        for (const f of filesUnder(path.join(home, 'cloudya'))) if (f !== file) expect(readFileSync(f, 'latin1'), f).not.toContain(c.secret);
      });
    }

    it('a wrong secret is reported as refused credentials, with a hint, and nothing is saved', async () => {
      const home = tempHome();
      const r = await run(home, ['--ca-bundle', pki.caFile], c.wrongSecret);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/credentials were refused/);
      expect(r.stderr).toMatch(/\nhint: check the user\/key and the secret/);
      expect(r.stderr).not.toContain(c.probe ? c.wrongSecret.split('\n')[5] : c.wrongSecret);
      expect(saved(home)).toBe(false);
      const fr = await run(home, ['--ca-bundle', pki.caFile, '--lang', 'fr'], c.wrongSecret);
      expect(fr.stderr).toMatch(/identifiants refusés/);
    });

    if (c.expired) {
      it('expired credentials are named as expired, with how to renew them', async () => {
        d.mode = 'expired';
        const r = await run(tempHome(), ['--ca-bundle', pki.caFile, '--output', 'json']);
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'connect_expired', hint: expect.stringMatching(/renew/) });
        expect(r.stderr).toMatch(/have expired/);
      });
    }

    it('a certificate from an unknown CA is a TLS failure naming the certificate subject', async () => {
      const r = await run(tempHome(), []);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/TLS failure with 127\.0\.0\.1:\d+/);
      expect(r.stderr).toContain(`CN=${c.provider}-double.test`);
      expect(r.stderr).toMatch(/hint: give the CA that signed it with --ca-bundle FILE/);
    });

    it('--insecure connects without the CA, warns every time, and connect list shows it', async () => {
      const home = tempHome();
      const env = { CLOUDYA_HOME: path.join(home, 'cloudya'), HOME: home, ...c.env(c.secret, home, d) };
      const r = await run(home, ['--insecure']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/TLS certificates are NOT checked/);
      const list = await runCli(['connect', 'list', '--output', 'json'], env);
      expect(list.stderr).toMatch(/NOT checked/);
      expect((JSON.parse(list.stdout) as Array<{ provider: string; insecure: boolean }>).find((e) => e.provider === c.provider)?.insecure).toBe(true);
      const test = await runCli(['connect', 'test', c.provider], env);
      expect(test.stderr).toMatch(/NOT checked/);
    });

    it('an endpoint that never answers times out with the wait named', async () => {
      d.mode = 'hang';
      const r = await run(tempHome(), ['--ca-bundle', pki.caFile, '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/did not answer within 1 s/);
      expect(r.stderr).toMatch(/--timeout SECONDS/);
    });

    it('an answer that is not the API (a proxy login page) is reported as malformed', async () => {
      d.mode = 'malformed';
      const r = await run(tempHome(), ['--ca-bundle', pki.caFile]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/gave an answer that is not what its API returns/);
    });

    it('an endpoint where nothing listens is named as unreachable', async () => {
      const closed = await startDouble(pki, () => ({}));
      const url = closed.url;
      await closed.close();
      const home = tempHome();
      const closedDouble = { ...d, url } as Double;
      const r = await runCli(['connect', c.provider, ...args(closedDouble, home), '--ca-bundle', pki.caFile], { CLOUDYA_HOME: path.join(home, 'cloudya'), HOME: home, ...c.env(c.secret, home, closedDouble) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    });
  });
}
