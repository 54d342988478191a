/** Where `app install` goes: targets from --target, --deployment and --platform, checked before anything runs. */
import { mkdirSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('app install: targets and platforms', () => {
  it('takes the host from a deployment\'s outputs and the SSH user from its ssh_command, then probes it', async () => {
    const home = tempHome();
    const id = 'aws-ec2-abc123';
    const dir = path.join(home, 'deployments', id);
    mkdirSync(dir, { recursive: true });
    const now = new Date().toISOString();
    // Port 22 on loopback: no sshd listens there on these machines, so the probe fails at once.
    writeFileSync(
      path.join(dir, 'deployment.json'),
      JSON.stringify({ id, template: 'aws/ec2', template_source: 'builtin', status: 'applied', params: {}, sensitive: [], created: now, updated: now, outputs: { public_ip: '127.0.0.1', ssh_command: 'ssh -i ~/.ssh/k.pem ubuntu@127.0.0.1' }, resources: [], operations: [] }),
    );
    const r = await runCli(['app', 'install', 'static-site', '--deployment', id, '--params', 'port=8080', '--yes'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach ubuntu@127.0.0.1 over SSH');
    expect(existsSync(path.join(home, 'apps')) ? readdirSync(path.join(home, 'apps')) : []).toEqual([]);
  });

  it('refuses a platform the app does not list, an unknown one, and a remote platform without a host', async () => {
    const home = tempHome();
    const unknown = await runCli(['app', 'install', 'static-site', '--platform', 'awz', '--yes'], { CLOUDYA_HOME: home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown platform "awz"');
    expect(unknown.stderr).toContain('did you mean "aws"?');
    const noHost = await runCli(['app', 'install', 'static-site', '--platform', 'aws', '--yes'], { CLOUDYA_HOME: home });
    expect(noHost.code).toBe(2);
    expect(noHost.stderr).toContain('where to install? Platform aws needs a host');
    const two = await runCli(['app', 'install', 'static-site', '--target', 'local', '--inventory', '/etc/hosts', '--yes'], { CLOUDYA_HOME: home });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('give only one of --target, --inventory and --deployment');
  });

  it('speaks French', async () => {
    const r = await runCli(['app', 'install', 'wordpres', '--lang', 'fr'], { CLOUDYA_HOME: tempHome() });
    expect(r.stderr).toContain('application inconnue « wordpres »');
    expect(r.stderr).toContain('vouliez-vous dire « wordpress » ?');
    const show = await runCli(['app', 'show', 'lamp', '--lang', 'fr'], { CLOUDYA_HOME: tempHome() });
    expect(show.stdout).toContain('Plateformes :');
    expect(show.stdout).toContain("Linux, Apache, MariaDB et PHP");
  });
});
