/**
 * Where an installed app answers: with --inventory FILE the URL recorded and the host the health
 * check probes are the inventory host's address (its ansible_host), not this machine's name; with
 * --deployment ID they are the deployment's host. For real: the static site (real ansible-playbook,
 * real nginx) installed over SSH on a throwaway sshd listening on 127.0.0.1 and ::1. nginx's site
 * listens on IPv4 only, so an inventory whose host is ::1 installs fine but must fail its health
 * check - proof the check goes to the inventory's host and not to localhost.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { sshdProblem, startSshd, type Sshd } from '../helpers/sshd.js';
import { toolProblem } from '../helpers/tools.js';
import { freePort } from '../helpers/ports.js';

const LONG = 15 * 60_000;

/** True when this machine has an IPv6 loopback to listen on. */
async function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(0, '::1', () => s.close(() => resolve(true)));
  });
}

interface Result {
  result: string;
  installation: { id: string; target: string; status: string; url: string | null; outputs: Record<string, string>; health: { ok: boolean; url: string; error?: string } | null };
}

/** The last NDJSON line of an `--output json` install: its result. */
function lastDoc(stdout: string): Result {
  const lines = stdout.trim().split('\n').filter(Boolean);
  return JSON.parse(lines[lines.length - 1]) as Result;
}

const problem = toolProblem('ansible-playbook') ?? sshdProblem();
(problem && process.env.CLOUDYA_REQUIRE_TOOLS !== '1' ? describe.skip : describe)(`app install records and checks the target's own host${problem ? ` - ${problem}` : ''}`, () => {
  let sshd: Sshd;
  let v6 = false;
  const home = tempHome();
  const env = { CLOUDYA_HOME: home };
  const installed: string[] = [];
  beforeAll(async () => {
    v6 = await hasIpv6Loopback();
    sshd = await startSshd({ listen: v6 ? ['127.0.0.1', '::1'] : ['127.0.0.1'] });
  });
  afterAll(async () => {
    // Whatever a failed assertion left: the nginx sites of this file go away.
    try {
      for (const id of installed) await runBin(['app', 'uninstall', '--id', id, '--yes'], env, undefined, LONG);
    } finally {
      await sshd?.stop();
    }
  }, LONG);

  const inventory = (name: string, host: string) => {
    const file = path.join(home, '..', `${path.basename(home)}-${name}.yml`);
    writeFileSync(file, `all:\n  children:\n    web:\n      hosts:\n        ${name}:\n          ansible_host: "${host}"\n          ansible_port: ${sshd.port}\n          ansible_user: ${sshd.user}\n          ansible_ssh_private_key_file: ${sshd.clientKey}\n`);
    return file;
  };

  it('an inventory host named web-a at 127.0.0.1: the URL and the health check use 127.0.0.1, app status shows it up', async () => {
    const port = freePort();
    const file = inventory('web-a', '127.0.0.1');
    const r = await runBin(['app', 'install', 'static-site', '--inventory', file, '--params', `port=${port},site_name=cy-ha-${randomBytes(2).toString('hex')}`, '--yes', '--output', 'json'], env, undefined, LONG);
    const doc = lastDoc(r.stdout);
    if (doc.installation?.id) installed.push(doc.installation.id);
    expect(r.code, `${r.stderr.slice(-1500)}\n${sshd.log().slice(-800)}`).toBe(0);
    expect(doc.result).toBe('installed');
    // Before the fix this was http://localhost:PORT/ whatever the inventory said.
    expect(doc.installation.url).toBe(`http://127.0.0.1:${port}/`);
    expect(doc.installation.health).toMatchObject({ ok: true, url: `http://127.0.0.1:${port}/healthz` });
    const id = doc.installation.id;

    const status = await runBin(['app', 'status', id], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`http://127.0.0.1:${port}/`);
    expect(status.stdout).toMatch(new RegExp(`up - http://127\\.0\\.0\\.1:${port}/healthz HTTP 200`));
    expect(status.stdout).not.toContain('localhost');

    const un = await runBin(['app', 'uninstall', '--id', id, '--yes'], env, undefined, LONG);
    expect(un.code, un.stderr).toBe(0);
    installed.splice(installed.indexOf(id), 1);
  }, LONG);

  it('an inventory host at ::1, where the site does not listen: installed, but its health check fails on [::1] and says so', async (ctx) => {
    if (!v6) ctx.skip();
    const port = freePort();
    const file = inventory('web-v6', '::1');
    const r = await runBin(['app', 'install', 'static-site', '--inventory', file, '--params', `port=${port},site_name=cy-h6-${randomBytes(2).toString('hex')}`, '--yes', '--output', 'json'], env, undefined, LONG);
    const doc = lastDoc(r.stdout);
    if (doc.installation?.id) installed.push(doc.installation.id);
    // The playbook went through sshd on ::1 ...
    expect(sshd.log()).toMatch(/Accepted publickey for \w+ from ::1/);
    expect(doc.result, r.stderr.slice(-1500)).toBe('installed');
    // ... but nginx's site listens on IPv4 only: the probe of the inventory's host fails, and the command says where.
    expect(r.code).toBe(1);
    expect(doc.installation.url).toBe(`http://[::1]:${port}/`);
    expect(doc.installation.health).toMatchObject({ ok: false, url: `http://[::1]:${port}/healthz` });
    // The site is there on IPv4: a check of localhost would have passed.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const status = await runBin(['app', 'status', doc.installation.id], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`URL: http://[::1]:${port}/`);
    expect(status.stdout).toContain(`down - http://[::1]:${port}/healthz (ECONNREFUSED)`);

    const un = await runBin(['app', 'uninstall', '--id', doc.installation.id, '--yes'], env, undefined, LONG);
    expect(un.code, un.stderr).toBe(0);
    installed.splice(installed.indexOf(doc.installation.id), 1);
  }, LONG);

  it('--deployment ID: the host, user and SSH port from its outputs; the URL and health check use that host', async () => {
    const port = freePort();
    const dep = `local-host-${randomBytes(3).toString('hex')}`;
    const dir = path.join(home, 'deployments', dep);
    mkdirSync(dir, { recursive: true });
    const now = new Date().toISOString();
    writeFileSync(
      path.join(dir, 'deployment.json'),
      JSON.stringify({ id: dep, template: 'local/host', template_source: 'builtin', status: 'applied', params: {}, sensitive: [], created: now, updated: now, outputs: { host: '127.0.0.1', ssh_user: sshd.user, ssh_port: sshd.port, ssh_command: `ssh -p ${sshd.port} ${sshd.user}@127.0.0.1` }, resources: [], operations: [] }),
    );
    const r = await runBin(['app', 'install', 'static-site', '--deployment', dep, '--ssh-key', sshd.clientKey, '--params', `port=${port},site_name=cy-hd-${randomBytes(2).toString('hex')}`, '--yes', '--output', 'json'], env, undefined, LONG);
    const doc = lastDoc(r.stdout);
    if (doc.installation?.id) installed.push(doc.installation.id);
    expect(r.code, `${r.stderr.slice(-1500)}\n${sshd.log().slice(-800)}`).toBe(0);
    expect(doc.installation.target).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(doc.installation.url).toBe(`http://127.0.0.1:${port}/`);
    expect(doc.installation.health).toMatchObject({ ok: true, url: `http://127.0.0.1:${port}/healthz` });
    const un = await runBin(['app', 'uninstall', '--id', doc.installation.id, '--yes'], env, undefined, LONG);
    expect(un.code, un.stderr).toBe(0);
    installed.splice(installed.indexOf(doc.installation.id), 1);
  }, LONG);
});

(toolProblem('ansible-playbook') && process.env.CLOUDYA_REQUIRE_TOOLS !== '1' ? describe.skip : describe)('app install --inventory: an inventory without a host', () => {
  it('is refused before anything runs or is recorded, in English and French', async () => {
    const home = tempHome();
    const file = path.join(home, '..', `${path.basename(home)}-empty.ini`);
    writeFileSync(file, '[web]\n');
    const r = await runCli(['app', 'install', 'static-site', '--inventory', file, '--yes'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`inventory ${file} lists no host`);
    expect(existsSync(path.join(home, 'apps')) ? readdirSync(path.join(home, 'apps')) : []).toEqual([]);
    writeFileSync(file, 'garbage [[[\n');
    const fr = await runCli(['app', 'install', 'static-site', '--inventory', file, '--yes', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(fr.code).toBe(1);
    expect(fr.stderr).toContain(`l'inventaire ${file} ne contient aucun hôte : Ansible ne sait pas le lire`);
    expect(existsSync(path.join(home, 'apps')) ? readdirSync(path.join(home, 'apps')) : []).toEqual([]);
  }, 120_000);
});
