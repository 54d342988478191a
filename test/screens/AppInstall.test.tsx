/**
 * The Deploy screen's Apps section through the real services: the static-site app installed on
 * this machine by the real ansible-playbook and nginx, followed live, checked over HTTP, listed
 * and uninstalled; bad input shown inline without losing what was typed; a long task stopped
 * with Esc (Ansible's whole process group gone, the record interrupted); the French wording.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { App } from '../../screens/App.js';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { setLang } from '../../src/core/i18n.js';
import { tempHome } from '../helpers/cli.js';
import { eventually, KEYS, renderTui } from '../helpers/render.js';
import { describeWithTool } from '../helpers/tools.js';
import { freePort } from '../helpers/ports.js';

const LONG = 10 * 60_000;

type Tui = Awaited<ReturnType<typeof renderTui>>;

/** Moves the selection down until the selected row matches. */
async function select(t: Tui, row: RegExp, max = 20): Promise<void> {
  for (let i = 0; i < max && !row.test(t.frame()); i++) await t.press(KEYS.down);
  await t.waitFor((f) => row.test(f));
}

/** Command lines of every process right now. */
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

async function get(url: string, auth?: string) {
  const res = await fetch(url, { headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {} });
  return { status: res.status, body: await res.text() };
}

/** A user app whose one task runs for minutes: something to stop. */
function slowApp(home: string, marker: number): void {
  const dir = path.join(home, 'templates', 'apps', 'slow-demo');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ templates_dir: path.join(home, 'templates') }));
  writeFileSync(path.join(dir, 'manifest.yaml'), ['name: "Slow demo"', 'type: ansible', 'description: "One long task"', 'platforms: [local]', 'parameters: []', ''].join('\n'));
  writeFileSync(path.join(dir, 'playbook.yml'), ['- name: Slow demo', '  hosts: all', '  gather_facts: false', '  tasks:', '    - name: Wait a long time', `      ansible.builtin.command: sleep ${marker}`, '      changed_when: false', ''].join('\n'));
}

afterEach(() => setLang('en'));

describeWithTool('ansible-playbook', 'Deploy screen: apps (real Ansible, real nginx)', () => {
  it('installs the static site on this machine: form with inline errors, secret masked, live progress, summary, then uninstall', async () => {
    const home = tempHome();
    const port = freePort();
    const site = `cy-${randomBytes(3).toString('hex')}`;
    const secret = `Pw-${randomBytes(6).toString('hex')}`;
    const t = await renderTui(<DeployWizard active width={110} height={30} services={{ env: { ...process.env, CLOUDYA_HOME: home } }} />);
    await t.waitFor((f) => f.includes('Pick a provider'));
    await t.press('a');
    let f = await t.waitFor((x) => x.includes('Pick an app to install') && x.includes('static-site'));
    expect(f).toContain('wordpress');
    expect(f).toMatch(/ Apps \(a\) /);
    // lamp, nextcloud, static-site, wordpress
    await t.press(KEYS.down, KEYS.down);
    await t.waitFor((x) => /› static-site/.test(x));
    await t.press(KEYS.enter);
    f = await t.waitFor((x) => x.includes('Install static-site where?'));
    expect(f).toContain('This machine (local)');
    expect(f).toContain('A host over SSH');
    await t.press(KEYS.enter);
    f = await t.waitFor((x) => x.includes('Parameters of static-site on This machine'));
    expect(f).toMatch(/› port\s+80/);
    expect(f).toContain('default: cloudya-site');

    // A bad port: the error shows under the field, the install refuses to start, nothing typed is lost.
    await t.press(KEYS.backspace, KEYS.backspace);
    await t.type('99999');
    f = await t.waitFor((x) => x.includes('✗ the port must be a whole number between 1 and 65535'));
    await t.press(KEYS.down);
    await t.press(...Array.from({ length: 'cloudya-site'.length }, () => KEYS.backspace));
    await t.type(site);
    await t.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down); // site_title, remove_default_site, page_password, button
    await t.press(KEYS.up);
    await t.type(secret);
    f = await t.waitFor((x) => x.includes('•'.repeat(secret.length)));
    expect(f).not.toContain(secret);
    await t.press(KEYS.down, KEYS.enter); // the button: back to the bad field
    f = await t.waitFor((x) => /› port\s+99999/.test(x));
    expect(f).toContain(`site_name`);
    expect(f).toContain(site);
    await t.press(...Array.from({ length: 5 }, () => KEYS.backspace));
    await t.type(String(port));
    await t.waitFor((x) => new RegExp(`› port\\s+${port}`).test(x) && !x.includes('✗'));
    await t.press(KEYS.up); // the first row stays the first: still port
    for (let i = 0; i < 5; i++) await t.press(KEYS.down);
    await t.press(KEYS.enter);

    f = await t.waitFor((x) => x.includes('Install static-site on local? y = yes'), 120_000);
    await t.press('y');
    f = await t.waitFor((x) => /task \d+\/\d+: /.test(x) || x.includes('✓ static-site installed'), 120_000);
    f = await t.waitFor((x) => x.includes('✓ static-site installed as app-') && x.includes('Log:'), LONG);
    expect(f).toContain(`URL: http://127.0.0.1:${port}/`);
    expect(f).toMatch(/health check: up \(HTTP 200\)/);
    expect(f).toMatch(/Changed \(\d+\): /);
    expect(f).toMatch(/Log: .*\/apps\/app-[0-9a-f]{6}\/operations\.log/);
    expect(f).not.toContain(secret);
    const id = /installed as (app-[0-9a-f]{6})/.exec(f)![1];
    const page = await get(`http://127.0.0.1:${port}/`, `admin:${secret}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(id);
    const record = readFileSync(path.join(home, 'apps', id, 'installation.json'), 'utf8');
    expect(record).not.toContain(secret);

    await t.press(KEYS.enter);
    f = await t.waitFor((x) => x.includes('Installed apps') && x.includes(id));
    expect(f).toMatch(new RegExp(`${id}\\s+static-site\\s+local\\s+installed`));
    await t.press('u');
    await t.waitFor((x) => x.includes(`Uninstall static-site (${id}) from local? y = yes`));
    await t.press('y');
    f = await t.waitFor((x) => x.includes(`✓ static-site (${id}) uninstalled`), LONG);
    await eventually(async () => {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
    }, 60_000);
    await t.press(KEYS.enter);
    await t.waitFor((x) => new RegExp(`${id}\\s+static-site\\s+local\\s+uninstalled`).test(x));
    t.unmount();
  }, LONG);

  it('Esc, then Ctrl+C in the shell, stop a running playbook: Ansible and its children are gone, the installation is interrupted', async () => {
    const home = tempHome();
    const marker = 3000 + Math.floor(Math.random() * 900);
    slowApp(home, marker);
    const onExit = vi.fn();
    const t = await renderTui(<App initialScreen="deploy" size={{ columns: 100, rows: 26 }} services={{ env: { ...process.env, CLOUDYA_HOME: home }, monitor: { record: false } }} onExit={onExit} />);
    const startSlow = async () => {
      await t.waitFor((x) => x.includes('slow-demo'));
      // lamp, nextcloud, slow-demo, static-site, wordpress
      await select(t, /› slow-demo /);
      await t.press(KEYS.enter);
      await t.waitFor((x) => x.includes('Install slow-demo where?'));
      await t.press(KEYS.enter);
      await t.waitFor((x) => x.includes('[ Install ]'));
      await t.press(KEYS.enter);
      await t.waitFor((x) => x.includes('Install slow-demo on local?'), 120_000);
      await t.press('y');
      await t.waitFor((x) => x.includes('Wait a long time'), 120_000);
      await eventually(() => expect(commandLines().some((c) => c.startsWith(`sleep ${marker}`))).toBe(true), 60_000);
    };
    const stopped = async () => {
      const f = await t.waitFor((x) => x.includes('⚠ slow-demo on local interrupted'), 120_000);
      expect(f).toMatch(/Resume with: cloudya app install --id app-[0-9a-f]{6}/);
      await eventually(() => expect(commandLines().filter((c) => c.startsWith(`sleep ${marker}`) || (c.includes('ansible-playbook') && c.includes(home)))).toEqual([]), 60_000);
      const id = /--id (app-[0-9a-f]{6})/.exec(f)![1];
      expect(JSON.parse(readFileSync(path.join(home, 'apps', id, 'installation.json'), 'utf8')).status).toBe('interrupted');
      return id;
    };
    await t.waitFor((f) => f.includes('Pick a provider'));
    await t.press('a');
    await startSlow();
    await t.press(KEYS.escape);
    const first = await stopped();
    await t.press(KEYS.enter);
    await t.waitFor((x) => new RegExp(`${first}\\s+slow-demo\\s+local\\s+interrupted`).test(x));
    await t.press(KEYS.escape);
    await startSlow();
    // q must not stop Ansible halfway: the shell says so and the run goes on.
    await t.press('q');
    await t.waitFor((x) => x.includes('press Ctrl+C to stop it cleanly'));
    expect(onExit).not.toHaveBeenCalled();
    await t.press(KEYS.ctrlC);
    const second = await stopped();
    expect(second).not.toBe(first);
    expect(onExit).not.toHaveBeenCalled();
    t.unmount();
  }, LONG);

  it('speaks French: the app list, the target step and the form', async () => {
    setLang('fr');
    const home = tempHome();
    const t = await renderTui(<DeployWizard active width={100} height={24} services={{ env: { ...process.env, CLOUDYA_HOME: home } }} />);
    await t.waitFor((f) => f.includes('Choisissez un fournisseur'));
    await t.press('a');
    let f = await t.waitFor((x) => x.includes('Choisissez une application à installer'));
    expect(f).toContain('Applications (a)');
    await t.press(KEYS.down, KEYS.down, KEYS.enter);
    f = await t.waitFor((x) => x.includes('Installer static-site où ?'));
    expect(f).toContain('Cette machine (local)');
    await t.press(KEYS.enter);
    f = await t.waitFor((x) => x.includes('Paramètres de static-site sur Cette machine'));
    expect(f).toContain('défaut : cloudya-site');
    await t.press(KEYS.backspace, KEYS.backspace);
    await t.type('0');
    f = await t.waitFor((x) => x.includes('✗ le port doit être un entier entre 1 et 65535'));
    expect(f.split('\n').every((l) => l.length <= 100)).toBe(true);
    t.unmount();
  }, LONG);
});
