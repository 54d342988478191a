/**
 * The slow, real installs: LAMP then WordPress (Debian's package: no Internet here, a Debian mirror
 * is enough) on this machine with the real ansible-playbook, apt, Apache, MariaDB and PHP. Each app
 * is installed ONCE and every check runs on that installation: HTTP answers (the LAMP page reads
 * MariaDB live; WordPress shows its title and lets the admin log in), app status, a second run with
 * zero changes, secrets in no command line or file, then uninstall and the sites stop answering.
 * Apache listens on 18080/18081 only (the apps drop Debian's Listen 80), never fighting nginx tests.
 * `cloudya diagnose service apache2|mariadb` is checked on the same installation (no second install).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBin, tempHome } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';

const LONG = 40 * 60_000;
const LAMP_PORT = 18080;
const WP_PORT = 18081;

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

/** Runs the CLI while scanning every command line for the secrets; returns the run, the leaks and the time taken. */
async function runScanning(argv: string[], env: NodeJS.ProcessEnv, secrets: string[]) {
  let stop = false;
  const leaks: string[] = [];
  const scanner = (async () => {
    while (!stop) {
      for (const c of commandLines()) if (secrets.some((s) => c.includes(s))) leaks.push(c);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = Date.now();
  const run = await runBin(argv, env, undefined, LONG);
  const seconds = Math.round((Date.now() - t0) / 1000);
  stop = true;
  await scanner;
  return { ...run, leaks, seconds };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

function lastEvent(stdout: string): Record<string, unknown> & { result: string; stats: { changed: number; failed: number; ok: number }; installation: { id: string; status: string; health: { ok: boolean } | null; url: string } } {
  const lines = stdout.split('\n').filter(Boolean);
  return JSON.parse(lines[lines.length - 1]) as never;
}

async function stopsAnswering(url: string): Promise<boolean> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      await r.body?.cancel();
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const timings: Record<string, number> = {};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describeWithTool(
  'ansible-playbook',
  'cloudya app: LAMP and WordPress installed for real on this machine',
  () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home };
    const dbSecret = `Db-${randomBytes(8).toString('hex')}`;
    const adminSecret = `Wp-${randomBytes(8).toString('hex')}`;
    let lampId = '';
    // A database of this run only: a row left by an earlier, interrupted run must not answer for this one.
    const db = `cy_${randomBytes(4).toString('hex')}`;
    afterAll(() => {
      try {
        execFileSync('mariadb', ['--execute', `DROP DATABASE IF EXISTS ${db}; DROP USER IF EXISTS '${db}'@'localhost'`]);
      } catch (err) {
        console.warn(`[lamp] could not drop ${db}: ${(err as Error).message.split('\n')[0]}`);
      }
    });
    const secretsFile = (values: Record<string, string>) => {
      const file = path.join(home, '..', `${path.basename(home)}-${Object.keys(values)[0]}.json`);
      writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
      return file;
    };
    let wpId = '';

    it('installs LAMP: the status page reads its row from MariaDB, live', async () => {
      // Secrets in a params file: on cloudya's own command line they would be the user's leak, not Ansible's.
      const r = await runScanning(
        ['app', 'install', 'lamp', '--target', 'local', '--params-file', secretsFile({ db_password: dbSecret }), '--params', `http_port=${LAMP_PORT},site_name=cy-lamp,db_name=${db},db_user=${db},message=Hello from the LAMP test`, '--yes', '--output', 'json'],
        env,
        [dbSecret],
      );
      timings.lampInstall = r.seconds;
      expect(r.code, r.stderr + r.stdout.slice(-3000)).toBe(0);
      expect(r.leaks).toEqual([]);
      const result = lastEvent(r.stdout);
      expect(result).toMatchObject({ result: 'installed', installation: { status: 'installed', url: `http://127.0.0.1:${LAMP_PORT}/`, health: { ok: true } } });
      lampId = result.installation.id;

      const page = await (await fetch(`http://127.0.0.1:${LAMP_PORT}/`)).text();
      expect(page).toContain('DB OK');
      expect(page).toContain('<b id="message">Hello from the LAMP test</b>');
      // The page reads the database on every request: change the row, see the page change.
      execFileSync('mariadb', ['--execute', `UPDATE ${db}.cloudya_status SET message = 'changed in MariaDB by the test' WHERE id = 1`]);
      expect(await (await fetch(`http://127.0.0.1:${LAMP_PORT}/`)).text()).toContain('<b id="message">changed in MariaDB by the test</b>');
      // The app's user really logs in with the given password.
      execFileSync('mariadb', ['--user', db, '--execute', 'SELECT 1'], { env: { ...process.env, MYSQL_PWD: dbSecret } });
    }, LONG);

    it("installs WordPress from Debian's package: home page with the title, admin login with admin_password", async () => {
      const r = await runScanning(
        ['app', 'install', 'wordpress', '--target', 'local', '--params-file', secretsFile({ admin_password: adminSecret }), '--params', `domain=localhost,http_port=${WP_PORT},source=debian,site_title=Cloudya WP Test,admin_user=cyadmin`, '--yes', '--output', 'json'],
        env,
        [adminSecret],
      );
      timings.wordpressInstall = r.seconds;
      expect(r.code, r.stderr + r.stdout.slice(-3000)).toBe(0);
      expect(r.leaks).toEqual([]);
      const result = lastEvent(r.stdout);
      expect(result).toMatchObject({ result: 'installed', installation: { status: 'installed', url: `http://localhost:${WP_PORT}/`, health: { ok: true } } });
      wpId = result.installation.id;

      const home = await fetch(`http://localhost:${WP_PORT}/`);
      const html = await home.text();
      expect(home.status).toBe(200);
      expect(html).toMatch(/<title>[^<]*Cloudya WP Test[^<]*<\/title>/);
      // Not the setup page.
      expect(html).not.toContain('install.php');

      const login = (pwd: string) =>
        fetch(`http://localhost:${WP_PORT}/wp-login.php`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
          body: new URLSearchParams({ log: 'cyadmin', pwd, 'wp-submit': 'Log In', redirect_to: `http://localhost:${WP_PORT}/wp-admin/`, testcookie: '1' }).toString(),
        });
      const ok = await login(adminSecret);
      expect(ok.status).toBe(302);
      expect(ok.headers.getSetCookie().some((c) => c.startsWith('wordpress_logged_in_'))).toBe(true);
      const bad = await login('not-the-password');
      expect(bad.headers.getSetCookie().some((c) => c.startsWith('wordpress_logged_in_'))).toBe(false);
    }, LONG);

    it('app status: both installed and healthy; no secret anywhere under CLOUDYA_HOME', async () => {
      const st = await runBin(['app', 'status', '--output', 'json'], env);
      expect(st.code).toBe(0);
      const docs = JSON.parse(st.stdout) as Array<{ id: string; status: string; health: { ok: boolean } }>;
      expect(docs.find((d) => d.id === lampId)).toMatchObject({ status: 'installed', health: { ok: true } });
      expect(docs.find((d) => d.id === wpId)).toMatchObject({ status: 'installed', health: { ok: true } });
      expect(st.stdout).not.toContain(dbSecret);
      for (const f of filesUnder(home)) {
        const text = readFileSync(f, 'utf8');
        expect(text.includes(dbSecret) || text.includes(adminSecret), f).toBe(false);
      }
    }, LONG);

    it('diagnose service apache2 and mariadb on the installed apps: ports from their configuration, config tests pass; a Listen nobody serves and a bad option are caught', async () => {
      type Finding = { check: string; severity: string; title: string; evidence: string };
      const diag = async (...args: string[]) => {
        const r = await runBin(['diagnose', 'service', ...args, '--output', 'json'], env, undefined, 120_000);
        expect([0, 3], r.stderr).toContain(r.code);
        const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
        return (check: string) => findings.filter((f) => f.check === check);
      };
      // Apache: the apps dropped Debian's Listen 80, so expecting 80 would be a false critical.
      const apache = await diag('apache2');
      expect(apache('ports-listening'), JSON.stringify(apache('ports-listening'))).toEqual([expect.objectContaining({ severity: 'ok', title: `Port(s) ${LAMP_PORT}, ${WP_PORT} answer` })]);
      expect(apache('ports-listening')[0].evidence).toMatch(/expected from Listen\/VirtualHost in \/etc\/apache2\/.*apache2ctl -t -D DUMP_INCLUDES/);
      expect(apache('config-test')[0]).toMatchObject({ severity: 'ok' });
      // MariaDB as root: its config test is `mariadbd --verbose --help` (no --validate-config in MariaDB).
      const maria = await diag('mariadb');
      expect(maria('config-test')[0], JSON.stringify(maria('config-test'))).toMatchObject({ severity: 'ok', title: 'mariadbd --verbose --help passes' });
      expect(maria('ports-listening')[0]).toMatchObject({ severity: 'ok', title: 'Port(s) 3306 answer' });
      expect(maria('ports-listening')[0].evidence).toContain('expected from mariadbd --verbose --help');

      // A Listen added to Apache's real configuration but never applied (no reload): that port is expected and nothing serves it.
      const dropIn = '/etc/apache2/conf-enabled/zz-cloudya-diagnose-test.conf';
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'cloudya-diag-cnf-'));
      // Ports free at this instant (nothing here binds them afterwards; the findings would say who did).
      const [apachePort, mariaPort] = [await freePort(), await freePort()];
      try {
        writeFileSync(dropIn, `Listen 127.0.0.1:${apachePort}\n`);
        const wrong = await diag('apache2', '--only', 'ports-listening');
        expect(wrong('ports-listening')).toContainEqual(expect.objectContaining({ severity: 'critical', title: `Port ${apachePort} is expected but nothing listens on it` }));
        // MariaDB: a configuration on a port nobody serves, and an option MariaDB does not know.
        writeFileSync(path.join(tmp, 'port.cnf'), `[mysqld]\nport = ${mariaPort}\n`);
        const port = await diag('mariadb', '--service-config', path.join(tmp, 'port.cnf'), '--only', 'ports-listening');
        expect(port('ports-listening')).toContainEqual(expect.objectContaining({ severity: 'critical', title: `Port ${mariaPort} is expected but nothing listens on it` }));
        writeFileSync(path.join(tmp, 'bad.cnf'), '[mysqld]\nno_such_option_cy = 1\n');
        const bad = await diag('mariadb', '--service-config', path.join(tmp, 'bad.cnf'), '--only', 'config-test');
        expect(bad('config-test')[0]).toMatchObject({ severity: 'critical', title: `mariadbd --defaults-file=${path.join(tmp, 'bad.cnf')} --verbose --help fails` });
        expect(bad('config-test')[0].evidence).toContain("unknown variable 'no_such_option_cy=1'");
      } finally {
        rmSync(dropIn, { force: true });
        rmSync(tmp, { recursive: true, force: true });
      }
    }, LONG);

    it('a second run of each changes nothing', async () => {
      const t0 = Date.now();
      const lamp = await runBin(['app', 'install', '--id', lampId, '--params-file', secretsFile({ db_password: dbSecret }), '--yes', '--output', 'json'], env, undefined, LONG);
      timings.lampSecondRun = Math.round((Date.now() - t0) / 1000);
      expect(lamp.code, lamp.stderr).toBe(0);
      expect(lastEvent(lamp.stdout)).toMatchObject({ result: 'installed', stats: { changed: 0, failed: 0 } });
      const t1 = Date.now();
      const wp = await runBin(['app', 'install', '--id', wpId, '--params-file', secretsFile({ admin_password: adminSecret }), '--yes', '--output', 'json'], env, undefined, LONG);
      timings.wordpressSecondRun = Math.round((Date.now() - t1) / 1000);
      expect(wp.code, wp.stderr).toBe(0);
      expect(lastEvent(wp.stdout)).toMatchObject({ result: 'installed', stats: { changed: 0, failed: 0 } });
    }, LONG);

    it('uninstall: WordPress stops answering while LAMP still does, then LAMP stops too', async () => {
      const t0 = Date.now();
      const wp = await runBin(['app', 'uninstall', '--id', wpId, '--yes'], env, undefined, LONG);
      timings.wordpressUninstall = Math.round((Date.now() - t0) / 1000);
      expect(wp.code, wp.stderr).toBe(0);
      expect(await stopsAnswering(`http://127.0.0.1:${WP_PORT}/`)).toBe(true);
      expect(await (await fetch(`http://127.0.0.1:${LAMP_PORT}/`)).text()).toContain('DB OK');
      const lamp = await runBin(['app', 'uninstall', '--id', lampId, '--yes'], env, undefined, LONG);
      expect(lamp.code, lamp.stderr).toBe(0);
      expect(await stopsAnswering(`http://127.0.0.1:${LAMP_PORT}/`)).toBe(true);
      const st = JSON.parse((await runBin(['app', 'status', '--output', 'json'], env)).stdout) as Array<{ status: string }>;
      expect(st.map((d) => d.status)).toEqual(['uninstalled', 'uninstalled']);
      // Figures for the record (never asserted: a loaded machine is slower).
      console.log(`[app-lamp-wordpress] seconds: ${JSON.stringify(timings)}`);
    }, LONG);
  },
);
