/**
 * A deployment as an app target reaches its host on the SSH port its outputs give, as the template's
 * manifest declares them (local/host: `connection: port_output: ssh_port`): `app install --deployment`
 * for real (Terraform, then the static site over SSH with Ansible and nginx) on a test sshd that
 * listens on a random port, never 22; and the Deploy screen's Apps section (its facade) aiming at
 * the same deployment. Before the declaration was read, the target was user@host on port 22.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppsFacade } from '../../src/services/apps/facade.js';
import { parseManifest } from '../../src/services/terraform/manifest.js';
import { ROOT, runBin } from '../helpers/cli.js';
import { removeNginxSite } from '../helpers/nginx-site.js';
import { sshdProblem, startSshd } from '../helpers/sshd.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';
import { freePort } from '../helpers/ports.js';

const LONG = 20 * 60_000;
const ndjson = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('template manifest: connection', () => {
  it('reads the outputs that give the SSH connection, and refuses a malformed declaration with the file named', () => {
    const base = 'name: x\nparameters: []\n';
    expect(parseManifest(`${base}connection:\n  host_output: host\n  port_output: ssh_port\n  user: admin\n  port: 2222\n`, 'm.yaml').connection).toEqual({ host_output: 'host', port_output: 'ssh_port', user: 'admin', port: 2222 });
    expect(parseManifest(base, 'm.yaml').connection).toBeUndefined();
    // A typo must not quietly mean "port 22".
    for (const bad of ['connection: host', 'connection:\n  port_output: ssh_port', 'connection:\n  host_output: host\n  port_ouptut: ssh_port', 'connection:\n  host_output: host\n  port: "22"']) {
      expect(() => parseManifest(`${base}${bad}\n`, '/t/m.yaml'), bad).toThrow(/"connection" must be a mapping with a "host_output" text/);
    }
  });
});

describeWithTool('ansible-playbook', 'app install --deployment: the SSH port from the outputs', () => {
  it('installs over the sshd port the local/host deployment recorded (not 22), from the CLI and the screen facade alike', async () => {
    const problem = sshdProblem();
    if (problem) throw new Error(problem);
    const sshd = await startSshd();
    const env = terraformTestEnv();
    const site = `cy-dport-${randomBytes(3).toString('hex')}`;
    const port = freePort();
    try {
      expect(sshd.port).not.toBe(22);
      const d = await runBin(['deploy', 'template', 'local/host', '--params', `ssh_port=${sshd.port},ssh_user=${sshd.user}`, '--yes', '--output', 'json'], env, undefined, LONG);
      expect(d.code, d.stderr).toBe(0);
      const applied = ndjson(d.stdout).at(-1) as { result: string; deployment: { id: string; outputs: Record<string, unknown> } };
      expect(applied).toMatchObject({ result: 'applied', deployment: { outputs: { host: '127.0.0.1', ssh_port: sshd.port, ssh_user: sshd.user } } });
      const id = applied.deployment.id;

      // The Apps section resolves a deployment target through the same check (nothing runs yet).
      const apps = createAppsFacade(env);
      const checked = await apps.check('static-site', { port: String(port), site_name: site }, { deployment: id, sshKey: sshd.clientKey });
      expect(checked.targetLabel).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
      expect(checked.platform).toBe('ssh');

      // The declaration is the source, not an output's name: a user template whose port output is
      // called "listen" (no ssh_port, no ssh_command to guess from) is reached on it all the same.
      const own = path.join(env.CLOUDYA_HOME, 'templates', 'terraform', 'local', 'reach');
      cpSync(path.join(ROOT, 'templates', 'terraform', 'local', 'host'), own, { recursive: true });
      writeFileSync(path.join(own, 'outputs.tf'), readFileSync(path.join(own, 'outputs.tf'), 'utf8').replace('output "ssh_port"', 'output "listen"'));
      writeFileSync(path.join(own, 'manifest.yaml'), readFileSync(path.join(own, 'manifest.yaml'), 'utf8').replace('port_output: ssh_port', 'port_output: listen'));
      const d2 = await runBin(['deploy', 'template', 'local/reach', '--params', `ssh_port=${sshd.port},ssh_user=${sshd.user}`, '--yes', '--output', 'json'], env, undefined, LONG);
      expect(d2.code, d2.stderr).toBe(0);
      const reach = ndjson(d2.stdout).at(-1) as { deployment: { id: string; outputs: Record<string, unknown> } };
      expect(reach.deployment.outputs).toEqual({ host: '127.0.0.1', listen: sshd.port, ssh_user: sshd.user });
      expect((await apps.check('static-site', {}, { deployment: reach.deployment.id, sshKey: sshd.clientKey })).targetLabel).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);

      const r = await runBin(['app', 'install', 'static-site', '--deployment', id, '--ssh-key', sshd.clientKey, '--params', `port=${port},site_name=${site}`, '--yes', '--output', 'json'], env, undefined, LONG);
      const result = ndjson(r.stdout).at(-1);
      expect(result, r.stderr.slice(-2000)).toMatchObject({ type: 'result', result: 'installed', installation: { target: `${sshd.user}@127.0.0.1:${sshd.port}` } });
      expect(r.code).toBe(0);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status).toBe(200);
      // sshd saw the login: the playbook went through this port, not another sshd.
      expect(sshd.log()).toMatch(/Accepted publickey for /);
    } finally {
      removeNginxSite(site);
      await sshd.stop();
    }
  }, LONG);
});
