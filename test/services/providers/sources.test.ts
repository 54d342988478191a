/** The providers' own credential sources (clouds.yaml, AWS environment keys) and what `connect test` records. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../helpers/cli.js';
import { sts } from '../../helpers/provider-doubles/aws.js';
import { keystone, proxmox } from '../../helpers/provider-doubles/rest.js';
import { startDouble, type Double } from '../../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../../helpers/provider-doubles/tls.js';

describe('credential sources of the providers themselves', () => {
  let pki: TestPki;
  let ks: Double;
  let aws: Double;
  let pve: Double;
  beforeAll(async () => {
    pki = makePki();
    ks = await startDouble(pki, keystone('cloud-user', 'pw-from-clouds-yaml', 'web'));
    aws = await startDouble(pki, sts({ AKIAENVKEYEXAMPLE01: 'env-secret-key/0123456789abcdefghij' }));
    pve = await startDouble(pki, proxmox('tf@pve!ci', 'pve-secret-1'));
  });
  afterAll(async () => {
    await Promise.all([ks?.close(), aws?.close(), pve?.close()]);
    pki?.cleanup();
  });

  it('openstack --cloud reads clouds.yaml (password included) and stores only the cloud name', async () => {
    const home = tempHome();
    mkdirSync(path.join(home, '.config/openstack'), { recursive: true });
    writeFileSync(
      path.join(home, '.config/openstack/clouds.yaml'),
      `clouds:\n  lab:\n    auth:\n      auth_url: ${ks.url}\n      username: cloud-user\n      password: pw-from-clouds-yaml\n      project_name: web\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`,
    );
    const env = { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya') };
    const r = await runCli(['connect', 'openstack', '--cloud', 'lab', '--ca-bundle', pki.caFile], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/user: cloud-user[\s\S]*project: web[\s\S]*region: RegionOne/);
    const stored = readFileSync(path.join(home, 'cloudya/credentials.yaml'), 'utf8');
    expect(stored).toMatch(/cloud: lab/);
    expect(stored).not.toContain('pw-from-clouds-yaml');
    expect(stored).not.toContain('auth_url');
    const missing = await runCli(['connect', 'openstack', '--cloud', 'nope', '--ca-bundle', pki.caFile], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cloud "nope" is not in any clouds\.yaml/);
  });

  it('aws takes AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the environment before any profile', async () => {
    const home = tempHome();
    const env = { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya'), AWS_ACCESS_KEY_ID: 'AKIAENVKEYEXAMPLE01', AWS_SECRET_ACCESS_KEY: 'env-secret-key/0123456789abcdefghij' };
    const r = await runCli(['connect', 'aws', '--region', 'eu-west-3', '--endpoint', aws.url, '--ca-bundle', pki.caFile, '--output', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).identity).toMatchObject({ account: '123456789012', source: 'environment (AWS_ACCESS_KEY_ID)' });
    const none = await runCli(['connect', 'aws', '--profile', 'absent', '--endpoint', aws.url, '--ca-bundle', pki.caFile], { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya') });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no AWS credentials for profile "absent"/);
  });

  it('a credentials.yaml written by hand in the product format gives connect its defaults (profile, region)', async () => {
    const home = tempHome();
    mkdirSync(path.join(home, '.aws'));
    writeFileSync(path.join(home, '.aws/credentials'), '[deployer]\naws_access_key_id = AKIAENVKEYEXAMPLE01\naws_secret_access_key = env-secret-key/0123456789abcdefghij\n');
    mkdirSync(path.join(home, 'cloudya'));
    writeFileSync(path.join(home, 'cloudya/credentials.yaml'), 'aws:\n  default_profile: "deployer"\n  default_region: "eu-west-3"\n', { mode: 0o600 });
    const r = await runCli(['connect', 'aws', '--endpoint', aws.url, '--ca-bundle', pki.caFile, '--output', 'json'], { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ where: 'eu-west-3', identity: { source: 'profile deployer' } });
  });

  it('connect test records a failure (shown by connect list) and clears it once the connection works again', async () => {
    const home = tempHome();
    const env = { HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya'), PVE_S: 'pve-secret-1' };
    expect((await runCli(['connect', 'proxmox', '--endpoint', pve.url, '--token-id', 'tf@pve!ci', '--secret-env', 'PVE_S', '--ca-bundle', pki.caFile], env)).code).toBe(0);
    const failed = await runCli(['connect', 'test', '--output', 'json'], { ...env, PVE_S: 'rotated-elsewhere' });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual([expect.objectContaining({ provider: 'proxmox', ok: false, error: expect.objectContaining({ code: 'connect_auth' }) })]);
    const list = await runCli(['connect', 'list'], env);
    expect(list.stdout).toMatch(/proxmox: last test failed: proxmox: the credentials were refused/);
    expect((await runCli(['connect', 'test', 'proxmox'], env)).code).toBe(0);
    expect((await runCli(['connect', 'list'], env)).stdout).not.toMatch(/last test failed/);
  });
});
