/** Inventory building from recorded deployment outputs (what the app phase connects to). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetFromOutputs, userFrom } from '../../../src/services/deployments/connection.js';
import { listStacks, stackRoots } from '../../../src/services/stacks/manifest.js';

describe('stack connection from recorded outputs', () => {
  it('aws/ec2 outputs: public_ip, the user of ssh_command, the key named by the key_name parameter', async () => {
    const stacks = await listStacks(stackRoots());
    const wp = stacks.find((s) => s.id === 'aws-ec2-wordpress')!;
    // Recorded by `terraform output -json` after an apply of templates/terraform/aws/ec2.
    const outputs = { instance_id: 'i-0abc', public_ip: '203.0.113.10', ssh_command: 'ssh -i ~/.ssh/prod.pem ubuntu@203.0.113.10', url: 'http://203.0.113.10' };
    const t = targetFromOutputs(wp.connection, outputs, { deploymentId: 'aws-ec2-1a2b3c', infraParams: { key_name: 'prod' }, env: { HOME: '/home/me' } });
    expect(t).toEqual({ kind: 'ssh', user: 'ubuntu', host: '203.0.113.10', port: 22, key: '/home/me/.ssh/prod.pem' });
    // No key_name (no ssh_command output either): the platform's user, no key (the user's SSH defaults).
    expect(targetFromOutputs(wp.connection, { public_ip: '203.0.113.11', ssh_command: null }, { deploymentId: 'x', infraParams: {} })).toEqual({ kind: 'ssh', user: 'ubuntu', host: '203.0.113.11', port: 22 });
    // --ssh-key wins over the manifest's.
    expect(targetFromOutputs(wp.connection, outputs, { deploymentId: 'x', infraParams: { key_name: 'prod' }, key: '/keys/k' }).key).toBe('/keys/k');
  });

  it('azure/vm takes its admin user from ssh_command; local/host from its own outputs', async () => {
    const stacks = await listStacks(stackRoots());
    const az = stacks.find((s) => s.id === 'azure-vm-lamp')!;
    expect(targetFromOutputs(az.connection, { public_ip: '198.51.100.7', ssh_command: 'ssh admin2@198.51.100.7' }, { deploymentId: 'x' })).toMatchObject({ user: 'admin2', host: '198.51.100.7', port: 22 });
    const local = stacks.find((s) => s.id === 'local-host-static')!;
    expect(targetFromOutputs(local.connection, { host: '127.0.0.1', ssh_port: 2222, ssh_user: 'deploy' }, { deploymentId: 'x' })).toEqual({ kind: 'ssh', user: 'deploy', host: '127.0.0.1', port: 2222 });
  });

  it('no host in the outputs, or a bad port: an error naming the output and the deployment', async () => {
    const local = (await listStacks(stackRoots())).find((s) => s.id === 'local-host-static')!;
    expect(() => targetFromOutputs(local.connection, {}, { deploymentId: 'local-host-9f9f9f' })).toThrow(/no "host" output/);
    expect(() => targetFromOutputs(local.connection, { host: '127.0.0.1', ssh_port: 70000 }, { deploymentId: 'x' })).toThrow(/"ssh_port" is not a TCP port: 70000/);
    expect(userFrom('gcloud compute ssh vm --zone z --project p')).toBeUndefined();
  });

  it('user stacks hide built-in ones of the same name; an unreadable one is named, the rest listed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-stacks-'));
    try {
      writeFileSync(path.join(dir, 'local-host-static.yaml'), 'name: Mine\ndescription: my own\ninfra: local/host\napp: static-site\nconnection:\n  host_output: host\n');
      writeFileSync(path.join(dir, 'broken.yaml'), 'name: [oops\n');
      const problems: string[] = [];
      const stacks = await listStacks({ builtin: stackRoots().builtin, user: dir }, (p) => problems.push(p));
      const mine = stacks.find((s) => s.id === 'local-host-static')!;
      expect(mine).toMatchObject({ name: 'Mine', source: 'user' });
      expect(mine.overrides).toMatch(/templates\/stacks\/local-host-static\.yaml$/);
      expect(stacks.map((s) => s.id)).toEqual(['aws-ec2-lamp', 'aws-ec2-wordpress', 'azure-vm-lamp', 'gcp-vm-nextcloud', 'local-host-static']);
      expect(problems.join('\n')).toMatch(/broken\.yaml:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
