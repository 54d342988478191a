import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { proxmox } from '../helpers/provider-doubles/rest.js';
import { startDouble, type Double } from '../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../helpers/provider-doubles/tls.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';

const SECRET = 'c0ffee00-1234-4bcd-9abc-deploy-secret';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('deploy uses the connection', () => {
  let pki: TestPki;
  let d: Double;
  beforeAll(async () => {
    pki = makePki();
    d = await startDouble(pki, proxmox('tf@pve!ci', SECRET));
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });

  it('refuses a proxmox template before any plan when proxmox is not connected, then passes the connection to Terraform without writing the secret', async () => {
    const env = { ...terraformTestEnv(), PVE_SECRET: SECRET };
    cpSync(path.join(ROOT, 'test/fixtures/connect-probe'), path.join(env.CLOUDYA_HOME, 'templates/terraform/proxmox/probe'), { recursive: true });
    const out = path.join(path.dirname(env.CLOUDYA_HOME), 'probe.txt');
    const refused = await runCli(['deploy', 'template', 'proxmox/probe', '--params', `out=${out}`, '--yes', '--output', 'json'], env);
    expect(refused.code).toBe(1);
    const result = JSON.parse(refused.stdout.trim().split('\n').at(-1)!) as { result: string; errors: string[] };
    expect(result.result).toBe('failed');
    expect(result.errors.join(' ')).toMatch(/proxmox is not connected.*run cloudya connect proxmox first/);

    const c = await runCli(['connect', 'proxmox', '--endpoint', d.url, '--token-id', 'tf@pve!ci', '--secret-env', 'PVE_SECRET', '--ca-bundle', pki.caFile], env);
    expect(c.code, c.stderr).toBe(0);
    const ok = await runCli(['deploy', 'template', 'proxmox/probe', '--params', `out=${out}`, '--yes'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const [digest, endpoint] = readFileSync(out, 'utf8').trim().split('\n');
    expect(digest).toBe(createHash('sha256').update(`tf@pve!ci=${SECRET}`).digest('hex'));
    expect(endpoint).toBe(d.url);
    expect(ok.stdout + ok.stderr).not.toContain(SECRET);
    for (const f of filesUnder(env.CLOUDYA_HOME)) expect(readFileSync(f, 'latin1'), f).not.toContain(SECRET);
  }, 120_000);
});
