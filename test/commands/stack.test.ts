/**
 * `cloudya stack` end to end on this machine: the local-host-static stack pointed at an sshd the test
 * starts (test/helpers/sshd.ts), Terraform for real (terraform_data), the static site installed over
 * SSH with the real ansible-playbook and nginx on a random high port, checked over HTTP; the failure
 * path (the site's port held by the test) and --resume; Ctrl+C while waiting for SSH; destroy.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runBin } from '../helpers/cli.js';
import { sshdProblem, startSshd, type Sshd } from '../helpers/sshd.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';
import { freePort } from '../helpers/ports.js';

const LONG = 15 * 60_000;

type Ev = Record<string, unknown> & { type: string };
// Loosely typed JSON documents: the assertions below check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const ndjson = (text: string): Ev[] => text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Ev);

function dirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function answers(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined;
  }
}

async function stopsAnswering(url: string): Promise<boolean> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (!(await answers(url))) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function status(id: string, env: NodeJS.ProcessEnv) {
  const r = await runBin(['stack', 'status', id, '--output', 'json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

describeWithTool('ansible-playbook', 'cloudya stack: local-host-static over a loopback sshd (real Terraform, Ansible, nginx)', () => {
  let sshd: Sshd;
  const env = terraformTestEnv();
  const home = env.CLOUDYA_HOME;
  const hostParams = () => `ssh_port=${sshd.port},ssh_user=${sshd.user}`;

  beforeAll(async () => {
    const problem = sshdProblem();
    if (problem) throw new Error(problem);
    sshd = await startSshd();
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('refuses bad parameters of both parts at once, before anything is created', async () => {
    const typo = await runBin(['stack', 'deploy', 'local-host-stati', '--yes'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "local-host-static"?');
    const both = await runBin(['stack', 'deploy', 'local-host-static', '--infra-params', 'ssh_port=99999', '--app-params', 'port=abc', '--yes'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/infrastructure: invalid value for "ssh_port".*\| app: parameter "port" must be a number/);
    const noTty = await runBin(['stack', 'deploy', 'local-host-static', '--infra-params', hostParams()], env);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('add --yes');
    expect(dirs(path.join(home, 'stacks'))).toEqual([]);
    expect(dirs(path.join(home, 'deployments'))).toEqual([]);
  }, LONG);

  it('deploys infra + app over SSH, answers over HTTP, then stack destroy removes both and the record says so', async () => {
    const port = freePort();
    const site = `cy-stack-${randomBytes(3).toString('hex')}`;
    const r = await runBin(['stack', 'deploy', 'local-host-static', '--infra-params', hostParams(), '--app-params', `port=${port},site_name=${site},site_title=Stack test ${site}`, '--ssh-key', sshd.clientKey, '--yes', '--output', 'json'], env, undefined, LONG);
    expect(r.code, r.stderr + r.stdout.slice(-3000)).toBe(0);
    const events = ndjson(r.stdout);
    const result = events.at(-1) as Doc;
    expect(result).toMatchObject({ type: 'result', result: 'deployed', stack: { status: 'deployed', outputs: { url: `http://127.0.0.1:${port}/`, host: '127.0.0.1' } } });
    const phases = events.filter((e) => e.type === 'phase').map((e) => `${e.phase}:${e.status}`);
    expect(phases).toEqual(['infra:running', 'infra:done', 'wait_ssh:running', 'wait_ssh:done', 'app:running', 'app:done', 'health:running', 'health:done']);
    // Both phases' own events are in the stream: Terraform's and Ansible's.
    expect(events.some((e) => e.type === 'infra' && (e.event as Ev).type === 'plan')).toBe(true);
    expect(events.some((e) => e.type === 'app' && (e.event as Ev).type === 'ansible')).toBe(true);
    const id = result.stack.id as string;
    const page = await answers(`http://127.0.0.1:${port}/`);
    expect(page?.status).toBe(200);
    expect(page?.body).toContain(`Stack test ${site}`);

    const st = await status(id, env);
    expect(st).toMatchObject({ status: 'deployed', deployment: { status: 'applied', resources: 1 }, installation: { status: 'installed', target: `${sshd.user}@127.0.0.1:${sshd.port}` } });
    expect(st.deployment.id).toBe(result.stack.deployment_id);
    expect(st.installation.id).toBe(result.stack.installation_id);

    const logs = await runBin(['stack', 'logs', id], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain(`== deployment ${st.deployment.id} ==`);
    expect(logs.stdout).toContain(`== installation ${st.installation.id} ==`);
    expect(logs.stdout).toMatch(/\[health\] done/);

    const d = await runBin(['stack', 'destroy', id, '--yes'], env, undefined, LONG);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain(`Stack ${id} destroyed: app done, infra done.`);
    expect(await stopsAnswering(`http://127.0.0.1:${port}/`)).toBe(true);
    const after = await status(id, env);
    expect(after).toMatchObject({ status: 'destroyed', destroy: { app: 'done', infra: 'done' }, deployment: { status: 'destroyed' }, installation: { status: 'uninstalled' } });
    const text = await runBin(['stack', 'status', id], env);
    expect(text.stdout).toContain('nothing was created');
  }, LONG);

  it('app phase fails (port held by the test): infra kept and reported; --resume finishes without re-creating it', async () => {
    const blocker = http.createServer((_req, res) => res.writeHead(503).end('taken by the test'));
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const site = `cy-stack-${randomBytes(3).toString('hex')}`;
    let released = false;
    try {
      const before = dirs(path.join(home, 'deployments')).length;
      const r = await runBin(['stack', 'deploy', 'local-host-static', '--infra-params', hostParams(), '--app-params', `port=${taken},site_name=${site}`, '--ssh-key', sshd.clientKey, '--yes', '--output', 'json'], env, undefined, LONG);
      expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(1);
      const result = ndjson(r.stdout).at(-1) as Doc;
      expect(result).toMatchObject({ result: 'failed', stack: { status: 'failed', phases: { infra: { status: 'done' }, wait_ssh: { status: 'done' }, app: { status: 'failed' }, health: { status: 'pending' } } } });
      expect(result.next_steps).toContain(`cloudya stack deploy --resume ${result.stack.id}`);
      const id = result.stack.id as string;
      const st = await status(id, env);
      expect(st).toMatchObject({ status: 'failed', deployment: { status: 'applied', resources: 1 }, installation: { status: 'failed' } });
      const text = await runBin(['stack', 'status', id], env);
      expect(text.stdout).toMatch(new RegExp(`deployment ${st.deployment.id}: applied, 1 resources \\(they stay`));
      expect(text.stdout).toMatch(/app\s+failed - /);
      expect(dirs(path.join(home, 'deployments')).length).toBe(before + 1);

      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      released = true;
      const again = await runBin(['stack', 'deploy', '--resume', id, '--yes', '--output', 'json'], env, undefined, LONG);
      expect(again.code, again.stderr + again.stdout.slice(-2000)).toBe(0);
      const events = ndjson(again.stdout);
      // No Terraform this time: the infrastructure phase was done and is not run again.
      expect(events.filter((e) => e.type === 'infra')).toEqual([]);
      expect(events.at(-1)).toMatchObject({ result: 'deployed', stack: { id, deployment_id: st.deployment.id, installation_id: st.installation.id } });
      expect(dirs(path.join(home, 'deployments')).length).toBe(before + 1);
      expect((await answers(`http://127.0.0.1:${taken}/healthz`))?.status).toBe(200);

      const d = await runBin(['stack', 'destroy', id, '--yes'], env, undefined, LONG);
      expect(d.code, d.stderr).toBe(0);
      expect(await stopsAnswering(`http://127.0.0.1:${taken}/`)).toBe(true);
    } finally {
      if (!released) blocker.close();
    }
  }, LONG);

  it('Ctrl+C while waiting for SSH leaves a truthful, resumable record (infra done, wait_ssh interrupted)', async () => {
    // Port 1: nothing answers, so the stack keeps waiting until interrupted.
    const child = spawn(process.execPath, [BIN, 'stack', 'deploy', 'local-host-static', '--infra-params', `ssh_port=1,ssh_user=${sshd.user}`, '--ssh-wait', '3600', '--yes'], { env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const end = Date.now() + 300_000;
    while (!/does not answer SSH yet/.test(err) && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(err).toMatch(/does not answer SSH yet \(attempt 1/);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c))); // after the output pipes are drained
    expect(code, err).toBe(130);
    const id = /Stack (stack-[0-9a-f]{6}) interrupted in phase wait_ssh/.exec(err)?.[1];
    expect(id, err).toBeDefined();
    const st = await status(id!, env);
    expect(st).toMatchObject({ status: 'interrupted', phases: { infra: { status: 'done' }, wait_ssh: { status: 'interrupted' }, app: { status: 'pending' } }, deployment: { status: 'applied' } });
    expect(st.pid).toBeUndefined();
    const d = await runBin(['stack', 'destroy', id!, '--yes', '--output', 'json'], env, undefined, LONG);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout.trim().split('\n').at(-1)!)).toMatchObject({ result: 'destroyed', stack: { destroy: { app: 'skipped', infra: 'done' } } });
  }, LONG);
});

describe('cloudya stack: aws-ec2-wordpress plans for real with the AWS provider mirror', () => {
  it('--plan-only: every parameter checked, the EC2 plan shown, nothing created, no secret written', async () => {
    const env = { ...terraformTestEnv(), CLOUDYA_TERRAFORM_PLUGIN_DIR: process.env.CLOUDYA_TF_PLUGIN_DIR ?? '/opt/tf-plugins' };
    // A user copy of aws/ec2 with a test-only provider block: no credentials, no network.
    const dir = path.join(env.CLOUDYA_HOME, 'templates/terraform/aws/ec2');
    cpSync(path.join(ROOT, 'templates/terraform/aws/ec2'), dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'cloudya_test_override.tf'),
      'provider "aws" {\n  access_key                  = "AKIAIOSFODNN7EXAMPLE"\n  secret_key                  = "test"\n  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n}\n',
    );
    const secret = `Wp-${randomBytes(8).toString('hex')}`;
    const r = await runBin(['stack', 'deploy', 'aws-ec2-wordpress', '--infra-params', 'region=eu-west-3,ami_id=ami-0123456789abcdef0', '--app-params', `domain=example.com,admin_password=${secret}`, '--plan-only', '--output', 'json'], env, undefined, LONG);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    const events = ndjson(r.stdout);
    const plan = events.find((e) => e.type === 'infra' && (e.event as Ev).type === 'plan')?.event as Doc;
    expect(plan.plan.add).toBeGreaterThan(0);
    expect(plan.plan.resources.map((x: { address: string }) => x.address)).toContain('aws_instance.this');
    const result = events.at(-1) as Doc;
    expect(result).toMatchObject({ result: 'planned', stack: { status: 'planned', app: 'wordpress', app_params: { domain: 'example.com', admin_password: '****' }, phases: { infra: { status: 'pending' }, app: { status: 'pending' } } } });
    expect(result.stack.installation_id).toBeUndefined();
    expect(r.stdout + r.stderr).not.toContain(secret);
    const files = readdirSync(env.CLOUDYA_HOME, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    for (const f of files) if (!f.includes('/.terraform/')) expect(readFileSync(f, 'latin1').includes(secret), f).toBe(false);
  }, LONG);
});
