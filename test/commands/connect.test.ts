import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('cloudya connect (no provider reached)', () => {
  it('connect list on a fresh home shows all seven providers, none connected (text and JSON)', async () => {
    const home = tempHome();
    // configure writes the default credentials.yaml (aws default_profile...): defaults are not a connection.
    await runCli(['configure'], { CLOUDYA_HOME: home });
    const r = await runCli(['connect', 'list'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(0);
    for (const p of ['aws', 'gcp', 'azure', 'openstack', 'proxmox', 'vmware', 'nutanix']) expect(r.stdout).toMatch(new RegExp(`^${p}\\s+not connected`, 'm'));
    expect(r.stdout).toContain('No provider is connected yet');
    const json = JSON.parse((await runCli(['connect', '--output', 'json'], { CLOUDYA_HOME: home })).stdout) as Array<{ provider: string; connected: boolean }>;
    expect(json.map((e) => [e.provider, e.connected])).toEqual([['aws', false], ['gcp', false], ['azure', false], ['openstack', false], ['proxmox', false], ['vmware', false], ['nutanix', false]]);
    const fr = await runCli(['connect', 'list', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(fr.stdout).toMatch(/^gcp\s+non connecté/m);
  });

  it('a corrupt credentials.yaml is reported with file:line and left byte-identical; commands needing no credentials still work', async () => {
    const home = tempHome();
    const file = path.join(home, 'credentials.yaml');
    const broken = 'aws:\n  default_profile: "prod"\n  default_region: [eu-west-3\nproxmox:\n  token_secret: s3cr3t-in-broken-file\n';
    writeFileSync(file, broken, { mode: 0o600 });
    for (const argv of [
      ['connect', 'list'],
      ['connect', 'test'],
      ['connect', 'remove', 'aws'],
      ['connect', 'proxmox', '--endpoint', 'https://127.0.0.1:1', '--token-id', 'a@pve!b', '--secret-env', 'X'],
    ]) {
      const r = await runCli(argv, { CLOUDYA_HOME: home, X: 'y' });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${escape(file)}:[45]: cannot parse this file`));
      expect(r.stderr).toMatch(/hint: Fix the file by hand \(it was left unchanged\)/);
      expect(r.stderr).not.toContain('s3cr3t-in-broken-file');
      expect(readFileSync(file, 'utf8')).toBe(broken);
    }
    const json = await runCli(['connect', 'list', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'credentials_parse', where: { file, line: expect.any(Number) } });
    // Commands that need no credentials keep working.
    expect((await runCli(['validate', 'ls -la'], { CLOUDYA_HOME: home })).code).toBe(0);
    expect((await runCli(['deploy', 'list'], { CLOUDYA_HOME: home })).code).toBe(0);
    expect((await runCli(['audit'], { CLOUDYA_HOME: home })).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('without a secret and without a terminal, asks for --secret-env (exit 2); a bad variable name is refused and not echoed', async () => {
    const home = tempHome();
    const r = await runCli(['connect', 'vmware', '--endpoint', 'https://127.0.0.1:1', '--username', 'admin'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the password is needed: pass --secret-env NAME/);
    const pasted = await runCli(['connect', 'vmware', '--endpoint', 'https://127.0.0.1:1', '--username', 'admin', '--secret-env', 'hunter2 is my password and more text'], { CLOUDYA_HOME: home });
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).not.toContain('hunter2');
    const unset = await runCli(['connect', 'vmware', '--endpoint', 'https://127.0.0.1:1', '--username', 'admin', '--secret-env', 'NOT_SET_HERE'], { CLOUDYA_HOME: home });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/vmware: the environment variable NOT_SET_HERE that holds the password is not set/);
  });

  it('a required value missing in a script is named; an option of another provider is a usage error', async () => {
    const home = tempHome();
    const r = await runCli(['connect', 'proxmox', '--token-id', 'a@pve!b', '--secret-env', 'X'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/proxmox: API endpoint \(https:\/\/host:8006\) is missing/);
    const wrong = await runCli(['connect', 'aws', '--token-id', 'x'], { CLOUDYA_HOME: home });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--token-id does not apply to "cloudya connect aws"/);
    const bad = await runCli(['connect', 'remove', 'digitalocean'], { CLOUDYA_HOME: home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown provider "digitalocean"\nhint: one of: aws, gcp, azure, openstack, proxmox, vmware, nutanix/);
  });

  it('remove and test of a provider that is not connected say so (exit 1, code not_connected)', async () => {
    const home = tempHome();
    const r = await runCli(['connect', 'remove', 'gcp', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('not_connected');
    const t = await runCli(['connect', 'test', 'nutanix', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/nutanix n'est pas connecté/);
  });

  it('connect list reports problems seen without the network: a secret variable not set, a missing CA file, --insecure', async () => {
    const home = tempHome();
    mkdirSync(home, { recursive: true });
    writeFileSync(
      path.join(home, 'credentials.yaml'),
      'vmware:\n  endpoint: https://vc.lab\n  username: admin\n  password_env: VC_PASS_UNSET\n  ca_bundle: /nonexistent/ca.pem\n  connected_at: "2026-12-01T10:00:00.000Z"\n  verified_at: "2026-12-01T10:00:00.000Z"\n  identity:\n    version: 8.0.2\n    hosts: 3\nnutanix:\n  endpoint: https://prism.lab:9440\n  username: admin\n  password_env: NX\n  insecure: "true"\n  connected_at: "2026-12-01T10:00:00.000Z"\n',
      { mode: 0o600 },
    );
    const r = await runCli(['connect', 'list'], { CLOUDYA_HOME: home, NX: 'x' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vmware\s+connected\s+version=8\.0\.2 {2}hosts=3\s+https:\/\/vc\.lab\s+2026-12-01T10:00:00\.000Z/m);
    expect(r.stdout).toMatch(/vmware: environment variable VC_PASS_UNSET \(the password\) is not set here/);
    expect(r.stdout).toMatch(/vmware: ca_bundle \/nonexistent\/ca\.pem does not exist/);
    expect(r.stdout).toMatch(/nutanix: insecure: TLS certificates are not checked/);
    expect(r.stderr).toMatch(/warning: nutanix: TLS certificates are NOT checked/);
  });
});
