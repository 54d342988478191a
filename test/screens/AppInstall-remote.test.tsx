/**
 * The Deploy screen's Apps section on hosts other than this machine, through the real services:
 * the static site (real ansible-playbook, real nginx) installed over SSH (user@host:port and a key
 * typed in the form) and through an inventory file, both on a throwaway sshd on a loopback port,
 * ending on the URL of the host they went to. Then a failed install retried from the summary with
 * `r`: same values (the secret too), same installation, installed once the cause is fixed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { runBin, tempHome } from '../helpers/cli.js';
import { KEYS, renderTui } from '../helpers/render.js';
import { sshdProblem, startSshd, type Sshd } from '../helpers/sshd.js';
import { toolProblem } from '../helpers/tools.js';
import { freePort } from '../helpers/ports.js';

const LONG = 15 * 60_000;

type Tui = Awaited<ReturnType<typeof renderTui>>;

/** The installations recorded under a Cloudya home. */
const installations = (home: string) => (existsSync(path.join(home, 'apps')) ? readdirSync(path.join(home, 'apps')).filter((d) => d.startsWith('app-')) : []);

/** Moves the selection down until the selected row matches. */
async function select(t: Tui, row: RegExp, max = 20): Promise<void> {
  for (let i = 0; i < max && !row.test(t.frame()); i++) await t.press(KEYS.down);
  await t.waitFor((f) => row.test(f));
}

/** Opens the Apps section, picks static-site and the target whose row matches; resolves on its form. */
async function openForm(t: Tui, target: RegExp): Promise<void> {
  await t.waitFor((f) => f.includes('Pick a provider'));
  await t.press('a');
  await t.waitFor((x) => x.includes('Pick an app to install') && x.includes('static-site'));
  await select(t, /› static-site/);
  await t.press(KEYS.enter);
  await t.waitFor((x) => x.includes('Install static-site where?'));
  await select(t, target);
  await t.press(KEYS.enter);
  await t.waitFor((x) => x.includes('Parameters of static-site on'));
}

/** Replaces the text of the selected field (its default or what was typed). */
async function retype(t: Tui, field: string, text: string): Promise<void> {
  await t.waitFor((x) => new RegExp(`› ${field}\\b`).test(x));
  await t.press(...Array.from({ length: 60 }, () => KEYS.backspace));
  await t.type(text);
  await t.waitFor((x) => x.includes(text));
}

/** Fills port and site_name (the selection on port), goes to the button and presses it. */
async function fillSiteAndInstall(t: Tui, port: number, site: string): Promise<void> {
  await retype(t, 'port', String(port));
  await t.press(KEYS.down);
  await retype(t, 'site_name', site);
  await t.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down); // site_title, remove_default_site, page_password, the button
  await t.press(KEYS.enter);
}

/** Answers the install question and waits for the summary. */
async function confirmAndWait(t: Tui, target: string): Promise<string> {
  await t.waitFor((x) => x.includes(`Install static-site on ${target}? y = yes`), 180_000);
  await t.press('y');
  return t.waitFor((x) => (x.includes('✓ static-site installed as app-') || x.includes('✗ static-site failed')) && x.includes('Log:'), LONG);
}

const problem = toolProblem('ansible-playbook') ?? sshdProblem();
(problem && process.env.CLOUDYA_REQUIRE_TOOLS !== '1' ? describe.skip : describe)(`Deploy screen: apps on a host over SSH and through an inventory (real Ansible, throwaway sshd)${problem ? ` - ${problem}` : ''}`, () => {
  let sshd: Sshd;
  const home = tempHome();
  const env = { ...process.env, CLOUDYA_HOME: home };
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    // Every site this file installed goes away, whatever failed; sshd stops in any case.
    try {
      for (const id of installations(home)) await runBin(['app', 'uninstall', '--id', id, '--yes'], { CLOUDYA_HOME: home }, undefined, LONG);
    } finally {
      await sshd?.stop();
    }
  }, LONG);

  it('user@host:port and a key typed in the form: installed over SSH, the summary ends on the host\'s URL', async () => {
    const port = freePort();
    const site = `cy-ts-${randomBytes(2).toString('hex')}`;
    const t = await renderTui(<DeployWizard active width={120} height={32} services={{ env }} />);
    await openForm(t, /› A host over SSH/);
    await t.waitFor((x) => /› target\b/.test(x));
    await t.type(sshd.target);
    await t.press(KEYS.down);
    await t.waitFor((x) => /› ssh_key\b/.test(x));
    await t.type(sshd.clientKey);
    await t.press(KEYS.down);
    await fillSiteAndInstall(t, port, site);
    const f = await confirmAndWait(t, sshd.target);
    expect(f, sshd.log().slice(-800)).toContain(`✓ static-site installed as app-`);
    expect(f).toContain(`on ${sshd.target}`);
    expect(f).toContain(`URL: http://127.0.0.1:${port}/`);
    expect(f).toMatch(/health check: up \(HTTP 200\)/);
    // Ansible really went through sshd, with the key typed in the form.
    expect(sshd.log()).toMatch(/Accepted publickey for \w+ from 127\.0\.0\.1/);
    const id = /installed as (app-[0-9a-f]{6})/.exec(f)![1];
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain(id);
    t.unmount();
  }, LONG);

  it('an inventory file typed in the form: installed on its host, the URL is that host\'s (not localhost)', async () => {
    const port = freePort();
    const site = `cy-ti-${randomBytes(2).toString('hex')}`;
    const inventory = path.join(home, '..', `${path.basename(home)}-tui.yml`);
    writeFileSync(inventory, `all:\n  hosts:\n    web-tui:\n      ansible_host: 127.0.0.1\n      ansible_port: ${sshd.port}\n      ansible_user: ${sshd.user}\n      ansible_ssh_private_key_file: ${sshd.clientKey}\n`);
    const t = await renderTui(<DeployWizard active width={120} height={32} services={{ env }} />);
    await openForm(t, /› The hosts of an Ansible inventory file/);
    await t.waitFor((x) => /› inventory\b/.test(x));
    await t.type(inventory);
    await t.press(KEYS.down);
    await fillSiteAndInstall(t, port, site);
    const f = await confirmAndWait(t, `inventory:${inventory}`);
    expect(f).toContain(`✓ static-site installed as app-`);
    expect(f).toContain(`URL: http://127.0.0.1:${port}/`);
    expect(f).toMatch(/health check: up \(HTTP 200\)/);
    const id = /installed as (app-[0-9a-f]{6})/.exec(f)![1];
    // The page says which inventory host served it.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain(`Served by nginx on web-tui, installed with Cloudya (${id})`);
    t.unmount();
  }, LONG);
});

/**
 * A user app whose install fails until a marker file exists, then writes the digest of its secret
 * parameter: something the test can make fail, then fix, without touching the shared nginx (a site
 * whose port is taken makes every nginx reload on the machine fail meanwhile, other tests' too).
 */
function retryApp(home: string, marker: string): void {
  const dir = path.join(home, 'templates', 'apps', 'retry-demo');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ templates_dir: path.join(home, 'templates') }));
  writeFileSync(
    path.join(dir, 'manifest.yaml'),
    [
      'name: "Retry demo"',
      'type: ansible',
      'description: "Fails until its marker file exists"',
      'platforms: [local]',
      'parameters:',
      '  - name: marker',
      '    description: "File that must exist"',
      `    default: "${marker}"`,
      '  - name: token',
      '    description: "A secret"',
      '    sensitive: true',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'playbook.yml'),
    [
      '- name: Retry demo',
      '  hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: Look for the marker file',
      '      ansible.builtin.stat:',
      '        path: "{{ marker }}"',
      '      register: found',
      '    - name: Require the marker file',
      '      ansible.builtin.assert:',
      '        that: found.stat.exists',
      '        fail_msg: "{{ marker }} does not exist yet"',
      '    - name: Write the digest of the token',
      '      ansible.builtin.copy:',
      `        content: "{{ token | hash('sha256') }}\\n"`,
      '        dest: "{{ marker }}.digest"',
      '        mode: "0600"',
      '      no_log: true',
      '',
    ].join('\n'),
  );
}

(toolProblem('ansible-playbook') && process.env.CLOUDYA_REQUIRE_TOOLS !== '1' ? describe.skip : describe)('Deploy screen: a failed app install retried with r (real Ansible)', () => {
  it('fails on a missing file; once it exists, r re-runs the same installation with the same values, the secret included, nothing retyped', async () => {
    const home = tempHome();
    const marker = path.join(home, 'marker');
    const secret = `Tk-${randomBytes(6).toString('hex')}`;
    retryApp(home, marker);
    const t = await renderTui(<DeployWizard active width={120} height={32} services={{ env: { ...process.env, CLOUDYA_HOME: home } }} />);
    try {
      await t.waitFor((f) => f.includes('Pick a provider'));
      await t.press('a');
      await t.waitFor((x) => x.includes('Pick an app to install') && x.includes('retry-demo'));
      await select(t, /› retry-demo/);
      await t.press(KEYS.enter);
      await t.waitFor((x) => x.includes('Install retry-demo where?'));
      await t.press(KEYS.enter);
      await t.waitFor((x) => x.includes('Parameters of retry-demo on This machine') && x.includes(marker));
      await t.press(KEYS.down);
      await t.waitFor((x) => /› token\b/.test(x));
      await t.type(secret);
      await t.waitFor((x) => x.includes('•'.repeat(secret.length)));
      await t.press(KEYS.down, KEYS.enter);
      await t.waitFor((x) => x.includes('Install retry-demo on local? y = yes'), 180_000);
      await t.press('y');
      let f = await t.waitFor((x) => x.includes('✗ retry-demo failed on local') && x.includes('Log:'), LONG);
      expect(f).toContain(`failed task: Require the marker file on localhost: ${marker}`);
      expect(f).toContain('r: retry with the same values · Enter: back to the form');
      const [id] = installations(home);
      expect(JSON.parse(readFileSync(path.join(home, 'apps', id, 'installation.json'), 'utf8')).status).toBe('failed');

      writeFileSync(marker, 'here now\n');
      // Saying no to the retry leaves the failed record as it was (not "nothing recorded"), and r still offers it.
      await t.press('r');
      await t.waitFor((x) => x.includes('Install retry-demo on local? y = yes'), 180_000);
      await t.press('n');
      f = await t.waitFor((x) => x.includes(`Not run again: installation ${id} stays as it was.`), 60_000);
      expect(f).not.toContain('nothing recorded');
      expect(f).toContain('r: retry with the same values');
      expect(JSON.parse(readFileSync(path.join(home, 'apps', id, 'installation.json'), 'utf8')).status).toBe('failed');
      await t.press('r');
      await t.waitFor((x) => x.includes('Install retry-demo on local? y = yes'), 180_000);
      await t.press('y');
      f = await t.waitFor((x) => (x.includes('✓ retry-demo installed') || x.includes('✗ retry-demo failed')) && x.includes('Log:'), LONG);
      expect(f).toContain(`✓ retry-demo installed as ${id} on local`);
      expect(f).toContain('Changed (1): Write the digest of the token');
      expect(f).not.toContain(secret);
      // The secret reached Ansible again without being typed again (it is never stored).
      expect(readFileSync(`${marker}.digest`, 'utf8').trim()).toBe(createHash('sha256').update(secret).digest('hex'));
      // The same installation, not a second one; its record says installed, with both runs, and no secret.
      expect(installations(home)).toEqual([id]);
      const raw = readFileSync(path.join(home, 'apps', id, 'installation.json'), 'utf8');
      expect(raw).not.toContain(secret);
      const rec = JSON.parse(raw) as { status: string; operations: Array<{ result: string }> };
      expect(rec.status).toBe('installed');
      expect(rec.operations.map((o) => o.result)).toEqual(['failed', 'succeeded']);
      expect(readFileSync(path.join(home, 'apps', id, 'operations.log'), 'utf8')).not.toContain(secret);
    } finally {
      t.unmount();
    }
  }, LONG);
});
