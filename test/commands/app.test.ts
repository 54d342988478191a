/**
 * `cloudya app` end to end with the real ansible-playbook and nginx: the static-site app on this
 * machine (`--target local`) and over SSH to an sshd the test starts on a loopback port. Ports are
 * random high ones (never 80), so nothing here fights other tests' servers.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockInstallation } from '../../src/services/apps/lock.js';
import { BIN, runBin, tempHome } from '../helpers/cli.js';
import { sshdProblem, startSshd, type Sshd } from '../helpers/sshd.js';
import { describeWithTool } from '../helpers/tools.js';
import { freePort } from '../helpers/ports.js';

const LONG = 15 * 60_000;

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Command lines of every process, right now. */
function commandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Runs the CLI while scanning every process's command line for `secret` until it exits. */
async function runScanning(argv: string[], env: NodeJS.ProcessEnv, secret: string) {
  let stop = false;
  let scans = 0;
  const leaks: string[] = [];
  const scanner = (async () => {
    while (!stop) {
      for (const c of commandLines()) if (c.includes(secret)) leaks.push(c);
      scans += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const run = await runBin(argv, env, undefined, LONG);
  stop = true;
  await scanner;
  return { ...run, leaks, scans };
}

async function get(url: string, auth?: string) {
  const res = await fetch(url, { headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

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

function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function installationDirs(home: string): string[] {
  const root = path.join(home, 'apps');
  return existsSync(root) ? readdirSync(root).filter((d) => d.startsWith('app-')) : [];
}

function record(home: string, id: string): Record<string, unknown> & { status: string; operations: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(path.join(home, 'apps', id, 'installation.json'), 'utf8')) as never;
}

describeWithTool(
  'ansible-playbook',
  'cloudya app: static site on this machine (real Ansible, real nginx)',
  () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home };
    const port = freePort();
    const secret = `Pw-${randomBytes(8).toString('hex')}`;
    const site = `cy-${randomBytes(3).toString('hex')}`;
    let id = '';

    it('refuses bad input before anything runs, and records nothing', async () => {
      const unknown = await runBin(['app', 'install', 'static-sit', '--target', 'local', '--yes'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown app "static-sit"');
      expect(unknown.stderr).toContain('did you mean "static-site"?');

      const badPort = await runBin(['app', 'install', 'static-site', '--target', 'local', '--params', 'port=99999', '--yes'], env);
      expect(badPort.code).toBe(2);
      expect(badPort.stderr).toContain('invalid value for "port": the port must be a whole number between 1 and 65535');
      expect(badPort.stderr).toContain('cloudya app show static-site');

      const unknownParam = await runBin(['app', 'install', 'static-site', '--target', 'local', '--params', 'prot=8080', '--yes', '--output', 'json'], env);
      expect(unknownParam.code).toBe(2);
      expect(JSON.parse(unknownParam.stdout).error).toMatchObject({ code: 'unknown_param' });
      expect(unknownParam.stderr).toContain('did you mean "port"?');

      // Port 1 on loopback: nothing listens there, so the probe fails at once (no half-made record).
      const unreachable = await runBin(['app', 'install', 'static-site', '--target', 'root@127.0.0.1:1', '--params', `port=${port}`, '--yes'], env);
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toMatch(/cannot reach root@127\.0\.0\.1:1 over SSH: .*(refused|Connection)/);
      expect(unreachable.stderr).toContain('nothing was installed and nothing recorded');

      const noTty = await runBin(['app', 'install', 'static-site', '--target', 'local', '--params', `port=${port}`], env);
      expect(noTty.code).toBe(1);
      expect(noTty.stderr).toContain('add --yes');

      expect(installationDirs(home)).toEqual([]);
    }, LONG);

    it('installs for real with live NDJSON events; the secret is in no command line, file or output', async () => {
      // The secret goes in a params file: on cloudya's own command line it would be the user's leak, not Ansible's.
      const secretFile = path.join(home, '..', `${site}-secret.yaml`);
      writeFileSync(secretFile, `page_password: "${secret}"\n`, { mode: 0o600 });
      const r = await runScanning(
        ['app', 'install', 'static-site', '--target', 'local', '--params-file', secretFile, '--params', `port=${port},site_name=${site},site_title=Cloudya test page,remove_default_site=true`, '--yes', '--output', 'json'],
        env,
        secret,
      );
      expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
      expect(r.scans).toBeGreaterThan(5);
      expect(r.leaks).toEqual([]);
      const events = ndjson(r.stdout);
      const types = events.map((e) => e.type);
      expect(types[0]).toBe('phase');
      expect(types).toContain('created');
      expect(types).toContain('task_start');
      expect(types).toContain('changed');
      expect(types).toContain('recap');
      const result = events[events.length - 1] as { type: string; result: string; stats: { changed: number; failed: number }; installation: { id: string; status: string; url: string; health: { ok: boolean } } };
      expect(result).toMatchObject({ type: 'result', result: 'installed', installation: { status: 'installed', url: `http://127.0.0.1:${port}/`, health: { ok: true } } });
      expect(result.stats.changed).toBeGreaterThan(0);
      expect(result.stats.failed).toBe(0);
      id = result.installation.id;
      expect(id).toMatch(/^app-[0-9a-f]{6}$/);
      // Every event is tagged with its installation once the record exists.
      expect(events.filter((e) => e.type === 'task_start').every((e) => e.installation === id)).toBe(true);

      expect(r.stdout + r.stderr).not.toContain(secret);
      for (const f of filesUnder(home)) expect(readFileSync(f, 'utf8').includes(secret), f).toBe(false);
      const rec = record(home, id);
      expect(rec.params).toMatchObject({ port, site_name: site, page_password: '****' });
      expect(rec.sensitive).toEqual(['page_password']);
      expect(statSync(path.join(home, 'apps', id, 'installation.json')).mode & 0o777).toBe(0o600);

      // The page itself: protected by the password, /healthz open.
      expect((await get(`http://127.0.0.1:${port}/`)).status).toBe(401);
      const page = await get(`http://127.0.0.1:${port}/`, `admin:${secret}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<h1>Cloudya test page</h1>');
      expect(page.body).toContain(id);
      expect((await get(`http://127.0.0.1:${port}/healthz`)).body.trim()).toBe('ok');
    }, LONG);

    it('app status shows it installed and healthy (a fresh probe); a second run changes nothing', async () => {
      const status = await runBin(['app', 'status', '--output', 'json'], env);
      expect(status.code).toBe(0);
      const list = JSON.parse(status.stdout) as Array<{ id: string; status: string; health: { ok: boolean; checked: string } }>;
      const mine = list.find((x) => x.id === id)!;
      expect(mine).toMatchObject({ status: 'installed', health: { ok: true } });
      const text = await runBin(['app', 'status'], env);
      expect(text.stdout).toMatch(new RegExp(`${id}\\s+static-site\\s+local\\s+installed\\s+up\\s+http://127\\.0\\.0\\.1:${port}/`));

      // The secret is never stored, so running it again asks for it.
      const noSecret = await runBin(['app', 'install', '--id', id, '--yes'], env);
      expect(noSecret.code).toBe(2);
      expect(noSecret.stderr).toContain('sensitive parameter "page_password" is needed again');

      const again = await runBin(['app', 'install', '--id', id, '--params', `page_password=${secret}`, '--yes', '--output', 'json'], env, undefined, LONG);
      expect(again.code, again.stderr).toBe(0);
      const result = ndjson(again.stdout).pop() as { result: string; stats: { changed: number; ok: number } };
      expect(result.result).toBe('installed');
      expect(result.stats.changed).toBe(0);
      expect(result.stats.ok).toBeGreaterThan(5);
      expect(record(home, id).operations.map((o) => `${String(o.op)}:${String(o.result)}`)).toEqual(['install:succeeded', 'install:succeeded']);
    }, LONG);

    it('refuses a second operation while one holds the installation, naming the holder', async () => {
      const release = await lockInstallation(id, path.join(home, 'apps', id), 'install');
      try {
        const r = await runBin(['app', 'uninstall', '--id', id, '--yes'], env);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`installation ${id} is busy: install running since`);
        expect(r.stderr).toContain(`pid ${process.pid}`);
      } finally {
        await release();
      }
      expect(record(home, id).status).toBe('installed');
    }, LONG);

    it('a failing task (port already taken) gives a failed record naming the task and host', async () => {
      const blocker = http.createServer((_req, res) => res.writeHead(503).end('taken by the test'));
      await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
      const taken = (blocker.address() as AddressInfo).port;
      const other = `cy-${randomBytes(3).toString('hex')}`;
      try {
        const r = await runBin(['app', 'install', 'static-site', '--target', 'local', '--params', `port=${taken},site_name=${other}`, '--yes'], env, undefined, LONG);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/Install of static-site \(app-[0-9a-f]{6}\) failed at task "Refuse a port another program holds" on localhost: port \d+ is already taken by another program \(ss: LISTEN .*users:\(\("node"/);
        // Refused before the site was enabled: nginx keeps reloading for every other site on the host.
        expect(existsSync(`/etc/nginx/sites-enabled/${other}.conf`)).toBe(false);
        expect(r.stderr).toContain('cloudya app uninstall --id');
        const failedId = /\((app-[0-9a-f]{6})\) failed/.exec(r.stderr)![1];
        const rec = record(home, failedId);
        expect(rec.status).toBe('failed');
        expect(rec.operations[0]).toMatchObject({ op: 'install', result: 'failed', failed_task: { host: 'localhost' } });
        const status = await runBin(['app', 'status', failedId], env);
        expect(status.stdout).toContain('Failed task:');
        // Removing a failed installation works and takes its site away.
        const un = await runBin(['app', 'uninstall', '--id', failedId, '--yes'], env, undefined, LONG);
        expect(un.code, un.stderr).toBe(0);
        expect(record(home, failedId).status).toBe('uninstalled');
      } finally {
        await new Promise((r) => blocker.close(r));
      }
    }, LONG);

    it('Ctrl+C stops Ansible, marks the installation interrupted and says how to resume', async () => {
      const child = spawn(process.execPath, [BIN, 'app', 'install', 'static-site', '--target', 'local', '--params', `port=${freePort()},site_name=cy-int`, '--yes', '--output', 'json'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', CLOUDYA_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let sent = false;
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // Interrupt once Ansible is really running tasks.
        if (!sent && /"type":"task_start"/.test(out)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c))); // after the output pipes are drained
      expect(code, err).toBe(130);
      const result = ndjson(out).pop() as { result: string; installation: { id: string; status: string } };
      expect(result, `stderr: ${err}`).toMatchObject({ result: 'interrupted', installation: { status: 'interrupted' } });
      const intId = result.installation.id;
      expect(record(home, intId).status).toBe('interrupted');
      const leftovers = commandLines().filter((c) => c.includes(path.join(home, 'apps', intId)));
      expect(leftovers).toEqual([]);
      const status = await runBin(['app', 'status', intId], env);
      expect(status.stdout).toContain(`Resume with: cloudya app install --id ${intId}`);
    }, LONG);

    it('uninstall removes the site: it stops answering', async () => {
      const r = await runBin(['app', 'uninstall', '--id', id, '--yes'], env, undefined, LONG);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`static-site (${id}) uninstalled from local`);
      expect(record(home, id).status).toBe('uninstalled');
      expect(await stopsAnswering(`http://127.0.0.1:${port}/healthz`)).toBe(true);
      const again = await runBin(['app', 'uninstall', '--id', id, '--yes'], env);
      expect(again.stdout).toContain('already uninstalled');
    }, LONG);
  },
);

const sshdMissing = sshdProblem();
(sshdMissing && process.env.CLOUDYA_REQUIRE_TOOLS !== '1' ? describe.skip : describe)(`cloudya app over SSH (throwaway sshd on loopback)${sshdMissing ? ` - ${sshdMissing}` : ''}`, () => {
  let sshd: Sshd;
  const home = tempHome();
  const env = { CLOUDYA_HOME: home };
  const port = freePort();
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('installs the static site through --target user@127.0.0.1:PORT, checks it and removes it', async () => {
    const site = `cy-ssh-${randomBytes(2).toString('hex')}`;
    const r = await runBin(['app', 'install', 'static-site', '--target', sshd.target, '--ssh-key', sshd.clientKey, '--params', `port=${port},site_name=${site},site_title=Over SSH,remove_default_site=true`, '--yes'], env, undefined, LONG);
    expect(r.code, `${r.stderr}\n${sshd.log().slice(-1500)}`).toBe(0);
    expect(r.stderr).toContain(`Checking that ${sshd.target} answers over SSH`);
    expect(r.stdout).toContain(`on ${sshd.target} in`);
    expect(r.stdout).toContain(`URL: http://127.0.0.1:${port}/`);
    // sshd saw our key log in: the run really went over SSH.
    expect(sshd.log()).toMatch(/Accepted publickey for \w+ from 127\.0\.0\.1/);
    const page = await get(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Over SSH</h1>');
    // Cloudya remembers the host key in its own known_hosts, never the user's.
    const known = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', path.join(home, 'known_hosts')], { encoding: 'utf8' });
    expect(known).toContain(readFileSync(`${sshd.clientKey.replace(/client_key$/, 'host_key.pub')}`, 'utf8').split(' ')[1]);

    const id = /installed as (app-[0-9a-f]{6})/.exec(r.stdout)![1];
    const status = await runBin(['app', 'status', id, '--output', 'json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, target: sshd.target, status: 'installed', health: { ok: true } });

    const un = await runBin(['app', 'uninstall', '--id', id, '--yes'], env, undefined, LONG);
    expect(un.code, un.stderr).toBe(0);
    expect(await stopsAnswering(`http://127.0.0.1:${port}/`)).toBe(true);
  }, LONG);
});
