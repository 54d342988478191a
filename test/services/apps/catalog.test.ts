import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTarget, renderInventory, targetLabel } from '../../../src/services/ansible/inventory.js';
import { appRoots, findApp, listApps } from '../../../src/services/apps/catalog.js';
import { fillTemplate, parseAppManifest } from '../../../src/services/apps/manifest.js';
import { resolveAppParams, secretsAgain } from '../../../src/services/apps/params.js';
import { platformFor } from '../../../src/services/apps/platforms.js';

const tmp = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-apps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('app catalog', () => {
  it('lists the built-in apps, each with a playbook, an uninstall playbook and a health check', async () => {
    const apps = await listApps(appRoots(undefined));
    expect(apps.map((a) => a.id)).toEqual(['lamp', 'nextcloud', 'static-site', 'wordpress']);
    for (const a of apps) {
      expect(a.hasUninstall, a.id).toBe(true);
      expect(a.health?.url, a.id).toMatch(/^http:\/\/\{host\}:\{\w+\}\//);
      expect(a.platforms, a.id).toContain('local');
      expect(a.readme, a.id).toBeTruthy();
    }
  });

  it('suggests the closest app for a typo, and a user app hides the built-in one', async () => {
    await expect(findApp(appRoots(undefined), 'wordpres')).rejects.toMatchObject({ message: 'unknown app "wordpres"', hint: expect.stringContaining('did you mean "wordpress"?'), exitCode: 2 });
    const user = path.join(tmp, 'templates');
    mkdirSync(path.join(user, 'apps', 'lamp'), { recursive: true });
    writeFileSync(path.join(user, 'apps', 'lamp', 'manifest.yaml'), 'name: My LAMP\ntype: ansible\nplatforms: [local]\n');
    writeFileSync(path.join(user, 'apps', 'lamp', 'playbook.yml'), '- hosts: all\n  tasks: []\n');
    const a = await findApp(appRoots(user), 'lamp');
    expect(a).toMatchObject({ name: 'My LAMP', source: 'user', overrides: expect.stringContaining(path.join('templates', 'apps', 'lamp')) });
  });
});

describe('app parameters get deploy\'s checks and messages', () => {
  const app = async (name: string) => findApp(appRoots(undefined), name);

  it('fills defaults, refuses bad values with the manifest\'s message, and points at app show', async () => {
    const wp = await app('wordpress');
    const values = resolveAppParams(wp, { domain: 'monsite.com', admin_password: 'long enough' });
    expect(values).toMatchObject({ domain: 'monsite.com', http_port: 80, source: 'upstream', admin_user: 'admin' });
    // A sensitive default (no db_password) is left to the playbook, never counted as a given secret.
    expect('db_password' in values).toBe(false);
    expect(() => resolveAppParams(wp, { domain: 'monsite.com', admin_password: 'short' })).toThrow('invalid value for "admin_password": 8 to 128 characters');
    expect(() => resolveAppParams(wp, { domain: 'monsite.com', admin_password: 'long enough', source: 'git' })).toThrow('expected one of upstream, debian');
    try {
      resolveAppParams(wp, { admin_password: 'long enough', http_port: '70000', domian: 'x' });
      expect.unreachable();
    } catch (err) {
      const e = err as { message: string; hint: string };
      expect(e.message).toContain('3 problems with the parameters of template wordpress');
      expect(e.message).toContain('missing required parameter "domain"');
      expect(e.message).toContain('the port must be a whole number between 1 and 65535');
      expect(e.message).toContain('did you mean "domain"?');
      expect(e.hint).toContain('cloudya app show wordpress');
      expect(e.hint).not.toContain('deploy');
    }
  });

  it('asks again for a secret that was given before (they are never stored)', async () => {
    const wp = await app('wordpress');
    expect(() => secretsAgain(wp, ['admin_password'], {})).toThrow('sensitive parameter "admin_password" is needed again');
    expect(secretsAgain(wp, ['admin_password'], { admin_password: 'long enough' })).toEqual({ admin_password: 'long enough' });
  });

  it('checks the platform against the app', async () => {
    const a = parseAppManifest('name: x\nplatforms: [aws]\n', 'm.yaml');
    expect(() => platformFor('local', { id: 'x', platforms: a.platforms })).toThrow('app x does not support platform local');
    expect(() => platformFor('awz', { id: 'x', platforms: a.platforms })).toThrow('unknown platform "awz"');
    expect(platformFor('aws', { id: 'x', platforms: a.platforms }).sshUser).toBe('ubuntu');
  });

  it('reports a broken manifest with its file', () => {
    expect(() => parseAppManifest('type: terraform\n', '/x/manifest.yaml')).toThrow('"type" must be "ansible"');
    expect(() => parseAppManifest('parameters:\n  - name: p\n    pattern: "("\n', '/x/manifest.yaml')).toThrow('"pattern" is not a valid regular expression');
    expect(fillTemplate('http://{host}:{port}/{missing}', { host: 'h', port: 8 })).toBe('http://h:8/{missing}');
  });
});

describe('targets', () => {
  it('reads local, host, user@host and user@host:port (IPv6 in brackets)', () => {
    expect(parseTarget('local', 'root')).toEqual({ kind: 'local' });
    expect(parseTarget('203.0.113.10', 'ubuntu')).toEqual({ kind: 'ssh', user: 'ubuntu', host: '203.0.113.10', port: 22 });
    expect(parseTarget('root@127.0.0.1:2222', 'ubuntu', '/k')).toEqual({ kind: 'ssh', user: 'root', host: '127.0.0.1', port: 2222, key: '/k' });
    expect(parseTarget('admin@[::1]:2200', 'x')).toMatchObject({ host: '::1', port: 2200 });
    expect(targetLabel(parseTarget('admin@[::1]:2200', 'x'))).toBe('admin@[::1]:2200');
    expect(() => parseTarget('root@bad host', 'x')).toThrow('cannot read --target');
    expect(() => parseTarget('root@h:99999', 'x')).toThrow('bad port');
  });

  it('writes an inventory without any secret, with Cloudya\'s own known_hosts', () => {
    const inv = JSON.parse(renderInventory({ kind: 'ssh', user: 'deploy', host: '10.0.0.5', port: 2222, key: '/keys/id' }, '/home/u/.cloudya/known_hosts')) as { all: { hosts: Record<string, Record<string, unknown>> } };
    expect(inv.all.hosts['10.0.0.5']).toMatchObject({ ansible_host: '10.0.0.5', ansible_port: 2222, ansible_user: 'deploy', ansible_become: true, ansible_ssh_private_key_file: '/keys/id' });
    expect(String(inv.all.hosts['10.0.0.5'].ansible_ssh_common_args)).toContain('UserKnownHostsFile="/home/u/.cloudya/known_hosts"');
  });
});
