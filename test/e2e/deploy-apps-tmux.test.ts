/**
 * The Deploy screen's Apps section in a real terminal (tmux): the static site installed on this
 * machine by the real Ansible and nginx through the keys a user presses, the summary's URL
 * answering, then uninstalled, and the shell quitting with the terminal restored.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool, toolProblem } from '../helpers/tools.js';
import { freePort } from '../helpers/ports.js';

const LONG = 10 * 60_000;

describeWithTool('tmux', 'Deploy screen apps in a real terminal (tmux, 100x30)', () => {
  it('installs the static site from the keyboard, shows the URL, uninstalls it, quits cleanly', async () => {
    const problem = toolProblem('ansible-playbook');
    if (problem) throw new Error(problem);
    const home = tempHome();
    const port = freePort();
    const site = `cy-tmux-${randomBytes(3).toString('hex')}`;
    const t = new TmuxSession(`node ${BIN}; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 30, env: { CLOUDYA_HOME: home, LANG: 'en_US.UTF-8' } });
    try {
      await t.waitFor((s) => s.includes('1 Chat'), 60_000);
      // The chat's input takes digits: Tab moves between screens (Chat -> Monitor -> Deploy).
      t.send('Tab');
      await t.waitFor((s) => /^ Monitor /m.test(s), 60_000);
      t.send('Tab');
      await t.waitFor((s) => s.includes('Pick a provider'), 60_000);
      t.send('a');
      await t.waitFor((s) => s.includes('Pick an app to install') && s.includes('static-site'), 60_000);
      t.send('Down', 'Down');
      await t.waitFor((s) => /› static-site/.test(s));
      t.send('Enter');
      await t.waitFor((s) => s.includes('Install static-site where?'));
      t.send('Enter');
      await t.waitFor((s) => /› port\s+80/.test(s));
      t.send('BSpace', 'BSpace');
      t.send('-l', String(port));
      await t.waitFor((s) => new RegExp(`› port\\s+${port}`).test(s));
      t.send('Down');
      await t.waitFor((s) => /› site_name/.test(s));
      for (let i = 0; i < 'cloudya-site'.length; i++) t.send('BSpace');
      t.send('-l', site);
      await t.waitFor((s) => s.includes(site));
      t.send('Down', 'Down', 'Down', 'Down', 'Enter');
      await t.waitFor((s) => s.includes('Install static-site on local? y = yes'), 120_000);
      t.send('y');
      let screen = await t.waitFor((s) => s.includes('✓ static-site installed as app-') && s.includes('Log:'), LONG);
      expect(screen).toContain(`URL: http://127.0.0.1:${port}/`);
      expect(screen.split('\n').every((l) => l.length <= 100)).toBe(true);
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Hello from Cloudya');
      const id = /installed as (app-[0-9a-f]{6})/.exec(screen)![1];

      t.send('Enter');
      await t.waitFor((s) => s.includes('Installed apps') && s.includes(id));
      t.send('u');
      await t.waitFor((s) => s.includes(`Uninstall static-site (${id}) from local?`));
      t.send('y');
      await t.waitFor((s) => s.includes(`✓ static-site (${id}) uninstalled`), LONG);
      t.send('Enter');
      await t.waitFor((s) => new RegExp(`${id}\\s+static-site\\s+local\\s+uninstalled`).test(s));
      t.send('q');
      screen = await t.waitFor((s) => s.includes('EXIT=0'), 60_000);
      expect(t.paneFlag('alternate_on')).toBe('0');
    } finally {
      t.kill();
    }
  }, LONG);
});
