/**
 * `cloudya app install --inventory FILE` and `cloudya app logs ID --follow`, for real: the
 * static-site app (real ansible-playbook, real nginx) installed through an Ansible inventory file,
 * once on this machine (`ansible_connection=local`) and once on a throwaway sshd on a loopback
 * port, while `app logs --follow` prints the operation's log live and ends by itself with it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, tempHome } from '../helpers/cli.js';
import { sshdProblem, startSshd, type Sshd } from '../helpers/sshd.js';
import { describeWithTool } from '../helpers/tools.js';
import { freePort } from '../helpers/ports.js';

const LONG = 15 * 60_000;

/** True once the URL no longer answers (connection refused), within a generous ceiling. */
async function stopsAnswering(url: string): Promise<boolean> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await r.body?.cancel();
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

interface Followed {
  install: { code: number | null; events: Array<Record<string, unknown>> };
  follow: { code: number | null; stdout: string; stderr: string; linesBeforeInstallEnded: number };
}

/**
 * Starts `app install ... --output json`; as soon as it names its installation, starts
 * `app logs ID --follow` beside it. Both run to their end; what `logs` printed while the install
 * was still running is counted (the point of --follow).
 */
async function installFollowing(argv: string[], env: NodeJS.ProcessEnv): Promise<Followed> {
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', ...env };
  const install = spawn(process.execPath, [BIN, ...argv, '--output', 'json'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let installEnded = false;
  let follow: Promise<Followed['follow']> | undefined;
  const startFollow = (id: string) =>
    new Promise<Followed['follow']>((resolve) => {
      const f = spawn(process.execPath, [BIN, 'app', 'logs', id, '--follow'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let early = 0;
      f.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!installEnded) early = stdout.split('\n').length - 1;
      });
      f.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      f.once('close', (code) => resolve({ code, stdout, stderr, linesBeforeInstallEnded: early }));
    });
  install.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (follow) return;
    for (const line of out.split('\n').slice(0, -1)) {
      const ev = JSON.parse(line) as { type?: string; installation?: string };
      if (ev.type === 'created' && ev.installation) follow = startFollow(ev.installation);
    }
  });
  let errText = '';
  install.stderr.on('data', (d: Buffer) => (errText += d.toString()));
  const code = await new Promise<number | null>((resolve) => install.once('close', (c) => resolve(c)));
  installEnded = true;
  const events = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  if (!follow) throw new Error(`the install never named its installation (exit ${code}): ${errText.slice(-1500)}`);
  return { install: { code, events }, follow: await follow };
}

/** Checks what the follower printed against the log the finished operation left. */
async function expectFollowedWhole(f: Followed, id: string, env: NodeJS.ProcessEnv): Promise<void> {
  // It ended by itself (no signal) once the install released the installation.
  expect(f.follow.code, f.follow.stderr).toBe(0);
  // It printed while Ansible was still working, not only once it was over.
  expect(f.follow.linesBeforeInstallEnded).toBeGreaterThan(0);
  const logged = await runBin(['app', 'logs', id], env);
  expect(logged.code).toBe(0);
  const whole = logged.stdout.trim().split('\n');
  expect(whole.some((l) => /PLAY RECAP/.test(l))).toBe(true);
  // Every line of the finished log, in order, none lost or doubled between the first read and the follow.
  expect(f.follow.stdout.trim().split('\n')).toEqual(whole);
}

describeWithTool('ansible-playbook', 'cloudya app --inventory and logs --follow on this machine', () => {
  const home = tempHome();
  const env = { CLOUDYA_HOME: home };

  it('installs the static site through an inventory file (connection local) while logs --follow shows it live, then removes it', async () => {
    const port = freePort();
    const site = `cy-inv-${randomBytes(2).toString('hex')}`;
    const inventory = path.join(home, '..', `${path.basename(home)}-local.ini`);
    writeFileSync(inventory, '[web]\nthis-machine ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    const f = await installFollowing(['app', 'install', 'static-site', '--inventory', inventory, '--params', `port=${port},site_name=${site},site_title=From an inventory`, '--yes'], env);
    const result = f.install.events[f.install.events.length - 1] as { result: string; installation: { id: string; target: string; status: string } };
    expect(f.install.code, JSON.stringify(result)).toBe(0);
    expect(result).toMatchObject({ result: 'installed', installation: { target: `inventory:${inventory}`, status: 'installed' } });
    // The inventory's own host name is the one Ansible reported on.
    expect(f.install.events.some((e) => e.type === 'changed' && e.host === 'this-machine')).toBe(true);
    const id = result.installation.id;
    await expectFollowedWhole(f, id, env);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>From an inventory</h1>');

    const un = await runBin(['app', 'uninstall', '--id', id, '--yes'], env, undefined, LONG);
    expect(un.code, un.stderr).toBe(0);
    expect(await stopsAnswering(`http://127.0.0.1:${port}/`)).toBe(true);
    // Nothing runs any more: --follow prints the whole log (install and uninstall) and returns by itself.
    const after = await runBin(['app', 'logs', id, '--follow'], env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('uninstall.yml');
    expect(after.stdout.trim().split('\n')).toEqual((await runBin(['app', 'logs', id], env)).stdout.trim().split('\n'));
  }, LONG);
});

const sshdMissing = sshdProblem();
(sshdMissing && process.env.CLOUDYA_REQUIRE_TOOLS !== '1' ? describe.skip : describe)(`cloudya app --inventory and logs --follow over SSH (throwaway sshd on loopback)${sshdMissing ? ` - ${sshdMissing}` : ''}`, () => {
  let sshd: Sshd;
  const home = tempHome();
  const env = { CLOUDYA_HOME: home };
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('installs the static site on the inventory\'s SSH host while logs --follow shows it live, then removes it', async () => {
    const port = freePort();
    const site = `cy-invssh-${randomBytes(2).toString('hex')}`;
    const inventory = path.join(home, '..', `${path.basename(home)}-ssh.yml`);
    writeFileSync(
      inventory,
      `all:\n  hosts:\n    sshbox:\n      ansible_host: 127.0.0.1\n      ansible_port: ${sshd.port}\n      ansible_user: ${sshd.user}\n      ansible_ssh_private_key_file: ${sshd.clientKey}\n`,
    );
    const f = await installFollowing(['app', 'install', 'static-site', '--inventory', inventory, '--params', `port=${port},site_name=${site},site_title=Inventory over SSH`, '--yes'], env);
    const result = f.install.events[f.install.events.length - 1] as { result: string; installation: { id: string; status: string } };
    expect(f.install.code, `${JSON.stringify(result)}\n${sshd.log().slice(-1500)}`).toBe(0);
    expect(result).toMatchObject({ result: 'installed', installation: { status: 'installed' } });
    expect(f.install.events.some((e) => e.type === 'changed' && e.host === 'sshbox')).toBe(true);
    // sshd saw the inventory's key log in: the run really went over SSH.
    expect(sshd.log()).toMatch(/Accepted publickey for \w+ from 127\.0\.0\.1/);
    const id = result.installation.id;
    await expectFollowedWhole(f, id, env);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('<h1>Inventory over SSH</h1>');

    const un = await runBin(['app', 'uninstall', '--id', id, '--yes'], env, undefined, LONG);
    expect(un.code, un.stderr).toBe(0);
    expect(await stopsAnswering(`http://127.0.0.1:${port}/`)).toBe(true);
  }, LONG);
});
