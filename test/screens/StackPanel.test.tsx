/**
 * The Deploy screen's stacks, through the real services: a deployment applied in the wizard
 * (real Terraform, local/host pointed at an sshd the test starts), then "a: then install an app"
 * on it (the stack flow from its SSH phase, the static site over SSH with the real Ansible and
 * nginx, checked over HTTP); and the preconfigured local-host-static stack picked directly, its
 * app phase failing on a port the test holds, then resumed with r once the port is free.
 *
 * Ansible over SSH is the slow part (each task is an SSH login and a Python start: 5-35 s a task
 * on a loaded 2-core machine), so each case runs the playbook only as often as its story needs:
 * one install, or one failed install and its resume. `stack destroy` and its uninstall playbook
 * are covered by test/commands/stack.test.ts; here the CLI only reads the records the screen
 * wrote (stack status), and the test removes its nginx site itself, also when a case fails.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { runBin } from '../helpers/cli.js';
import { removeNginxSite } from '../helpers/nginx-site.js';
import { KEYS, renderTui } from '../helpers/render.js';
import { sshdProblem, startSshd, type Sshd } from '../helpers/sshd.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';
import { freePort } from '../helpers/ports.js';

/** Ceiling of one Ansible run (or Terraform apply) seen through the screen; a ceiling, never a wait. */
const RUN = 15 * 60_000;
/** Ceiling of a whole case: two runs at most, plus the wizard. */
const CASE = 35 * 60_000;

async function answers(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined;
  }
}

type Tui = Awaited<ReturnType<typeof renderTui>>;

/** Moves the selection down until the selected row matches. */
async function select(t: Tui, row: RegExp, max = 20): Promise<void> {
  for (let i = 0; i < max && !row.test(t.frame()); i++) await t.press(KEYS.down);
  await t.waitFor((f) => row.test(f));
}

/**
 * Ends a case's screen: a run still going (the case failed while waiting) is stopped first, as a
 * user would with Esc, so no ansible-playbook or terraform outlives the test; then unmounts.
 */
async function close(t: Tui | undefined): Promise<void> {
  if (!t) return;
  if (t.frame().includes('Esc or Ctrl+C: stop')) {
    await t.press(KEYS.escape);
    await t.waitFor((f) => !f.includes('Esc or Ctrl+C: stop'), 120_000).catch(() => undefined);
  }
  t.unmount();
}

/** Replaces the selected field's text. */
async function retype(t: Tui, length: number, text: string): Promise<void> {
  await t.press(...Array.from({ length }, () => KEYS.backspace));
  await t.type(text);
}

describeWithTool('ansible-playbook', 'Deploy screen: stacks (real Terraform, Ansible over SSH, nginx)', () => {
  let sshd: Sshd;
  const env = { ...process.env, ...terraformTestEnv() };

  beforeAll(async () => {
    const problem = sshdProblem();
    if (problem) throw new Error(problem);
    sshd = await startSshd();
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('after an apply in the wizard, "a" installs an app on the new host: the stack phases, the URL, a record the CLI knows', async () => {
    const port = freePort();
    const site = `cy-tui-${randomBytes(3).toString('hex')}`;
    let t: Tui | undefined;
    try {
      t = await renderTui(<DeployWizard active width={110} height={30} services={{ env }} />);
      await t.waitFor((f) => f.includes('Pick a provider'));
      await select(t, /› local /);
      await t.press(KEYS.enter);
      await t.waitFor((f) => f.includes('Pick a template (local)'));
      await select(t, /› local\/host /);
      await t.press(KEYS.enter);
      await t.waitFor((f) => f.includes('Parameters of local/host'));
      await t.press(KEYS.down);
      await retype(t, 2, String(sshd.port));
      await t.press(KEYS.down);
      await retype(t, 4, sshd.user);
      await t.press(KEYS.down, KEYS.enter);
      await t.waitFor((f) => f.includes('Apply this plan?'), RUN);
      await t.press('y');
      let f = await t.waitFor((x) => /✓ Deployment \S+ applied/.test(x) && x.includes('a: then install an app on it'), RUN);
      const deployment = /✓ Deployment (\S+) applied/.exec(f)![1];

      await t.press('a');
      f = await t.waitFor((x) => x.includes(`Install which app on deployment ${deployment}?`));
      expect(f).toMatch(/ Stacks \(s\)/);
      await select(t, /› static-site /);
      await t.press(KEYS.enter);
      f = await t.waitFor((x) => x.includes(`Parameters of ${deployment} + static-site`));
      expect(f).not.toContain('infra.');
      await t.type(sshd.clientKey);
      await t.press(KEYS.down);
      await retype(t, 2, String(port));
      await t.press(KEYS.down);
      await retype(t, 'cloudya-site'.length, site);
      for (let i = 0; i < 4; i++) await t.press(KEYS.down);
      await t.press(KEYS.enter);
      // The infrastructure exists already: shown done from the start, the run begins at the SSH wait.
      f = await t.waitFor((x) => /wait for SSH/.test(x));
      expect(f).toMatch(/✓ infrastructure/);
      f = await t.waitFor((x) => /✓ Stack stack-[0-9a-f]{6} deployed/.test(x) || /✗ Stack/.test(x), RUN);
      expect(f).toMatch(/✓ Stack stack-[0-9a-f]{6} deployed/);
      expect(f).toMatch(/✓ infrastructure/);
      expect(f).toMatch(/✓ wait for SSH/);
      expect(f).toMatch(/✓ install the app/);
      expect(f).toMatch(/✓ health check/);
      expect(f).toContain(`url = http://127.0.0.1:${port}/`);
      expect(f).toContain(`deployment_id = ${deployment}`);
      const id = /Stack (stack-[0-9a-f]{6}) deployed/.exec(f)![1];
      expect((await answers(`http://127.0.0.1:${port}/healthz`))?.status).toBe(200);

      const st = await runBin(['stack', 'status', id, '--output', 'json'], env);
      expect(st.code, st.stderr).toBe(0);
      expect(JSON.parse(st.stdout)).toMatchObject({ status: 'deployed', deployment_id: deployment, phases: { infra: { status: 'done' }, app: { status: 'done' } }, installation: { status: 'installed' } });

      // A stack made this way is destroyed like any other: the app uninstalled from the host that outlives it, then the deployment.
      const d = await runBin(['stack', 'destroy', id, '--yes'], env, undefined, RUN);
      expect(d.code, d.stderr).toBe(0);
      expect(d.stdout).toContain(`Stack ${id} destroyed: app done, infra done.`);
      // nginx applies the removal on its reload; give a loaded machine a few seconds.
      let still = await answers(`http://127.0.0.1:${port}/healthz`);
      for (let i = 0; i < 20 && still; i++) {
        await new Promise((r) => setTimeout(r, 500));
        still = await answers(`http://127.0.0.1:${port}/healthz`);
      }
      expect(still).toBeUndefined();
      const gone = await runBin(['stack', 'status', id, '--output', 'json'], env);
      expect(JSON.parse(gone.stdout)).toMatchObject({ status: 'destroyed', destroy: { app: 'done', infra: 'done' }, installation: { status: 'uninstalled' } });
    } finally {
      await close(t);
      removeNginxSite(site);
    }
  }, CASE);

  it('a preconfigured stack picked with "s": the app phase fails on a held port, r resumes it without new infrastructure', async () => {
    const blocker = http.createServer((_req, res) => res.writeHead(503).end('taken by the test'));
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const site = `cy-res-${randomBytes(2).toString('hex')}`;
    let released = false;
    let t: Tui | undefined;
    try {
      t = await renderTui(<DeployWizard active width={120} height={34} services={{ env }} />);
      await t.waitFor((f) => f.includes('Pick a provider'));
      await t.press('s');
      let f = await t.waitFor((x) => x.includes('Pick a stack') && x.includes('local-host-static'));
      expect(f).toContain('aws-ec2-wordpress');
      await select(t, /› local-host-static /);
      await t.press(KEYS.enter);
      f = await t.waitFor((x) => x.includes('Parameters of Existing host + static site'));
      expect(f).toMatch(/infra\.host\s+127\.0\.0\.1/);
      await t.type(sshd.clientKey);
      await t.press(KEYS.down, KEYS.down); // infra.host, infra.ssh_port
      await retype(t, 2, String(sshd.port));
      await t.press(KEYS.down);
      await retype(t, 4, sshd.user);
      await t.press(KEYS.down); // app.port (8080 from the manifest)
      await retype(t, 4, String(taken));
      // A bad value first: shown inline, nothing sent.
      await t.press(KEYS.down);
      await retype(t, 'cloudya-site'.length, 'Bad Name!');
      f = await t.waitFor((x) => x.includes('✗ 1 to 40 lowercase letters'));
      await retype(t, 'Bad Name!'.length, site);
      for (let i = 0; i < 4; i++) await t.press(KEYS.down);
      await t.press(KEYS.enter);
      await t.waitFor((x) => /Apply it, then install static-site\? y = yes/.test(x), RUN);
      await t.press('y');
      f = await t.waitFor((x) => /✗ Stack stack-[0-9a-f]{6} failed/.test(x) || /✓ Stack/.test(x), RUN);
      expect(f).toMatch(/✗ Stack stack-[0-9a-f]{6} failed/);
      expect(f).toMatch(/✓ infrastructure/);
      expect(f).toMatch(/✓ wait for SSH/);
      expect(f).toMatch(/✗ install the app/);
      expect(f).toContain('r: resume from the failed phase');
      const id = /Stack (stack-[0-9a-f]{6}) failed/.exec(f)![1];
      const failed = JSON.parse((await runBin(['stack', 'status', id, '--output', 'json'], env)).stdout) as { deployment_id: string; status: string };
      expect(failed.status).toBe('failed');
      const deployments = readdirSync(path.join(env.CLOUDYA_HOME, 'deployments'));
      expect(deployments).toContain(failed.deployment_id);

      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      released = true;
      await t.press('r');
      f = await t.waitFor((x) => x.includes(`✓ Stack ${id} deployed`) || /✗ Stack/.test(x), RUN);
      expect(f).toContain(`✓ Stack ${id} deployed`);
      expect(f).toMatch(/✓ infrastructure/);
      expect(f).toContain(`url = http://127.0.0.1:${taken}/`);
      expect((await answers(`http://127.0.0.1:${taken}/healthz`))?.status).toBe(200);

      // The same record resumed: same deployment, no second one.
      const st = JSON.parse((await runBin(['stack', 'status', id, '--output', 'json'], env)).stdout) as { deployment_id: string; status: string };
      expect(st).toMatchObject({ status: 'deployed', deployment_id: failed.deployment_id });
      expect(readdirSync(path.join(env.CLOUDYA_HOME, 'deployments')).sort()).toEqual(deployments.sort());
    } finally {
      await close(t);
      if (!released) blocker.close();
      removeNginxSite(site);
    }
  }, CASE);
});
