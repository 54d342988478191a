/** register and login on a real terminal (tmux): the password is asked without echo, twice for register. */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { serverOptions } from '../../src/server/options.js';
import { BIN, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'register and login on a terminal', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const home = tempHome();
    server = await startServer({ ...serverOptions({ CLOUDYA_HOME: home }), port: 0, sqliteFile: path.join(home, 'server.db'), logLevel: 'warn' }, { CLOUDYA_HOME: home }, { write: () => true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('never shows the password, asks it twice, and logs in', async () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home, CLOUDYA_API_URL: server.url, LANG: 'en_US.UTF-8', NO_COLOR: '1' };
    const password = 'tty-secret-Passw0rd';
    const t = new TmuxSession(`node ${BIN} register; echo "EXIT=$?"; node ${BIN} login; echo "EXIT=$?"; sleep 60`, { columns: 120, rows: 30, env });
    try {
      await t.waitFor((s) => s.includes('Email:'), 60_000);
      t.send('-l', 'tty@example.com');
      t.send('Enter');
      await t.waitFor((s) => s.includes('Name:'));
      t.send('-l', 'Tty User');
      t.send('Enter');
      await t.waitFor((s) => s.includes('Password:'));
      t.send('-l', `${password}x`);
      // Backspace edits the hidden input.
      t.send('BSpace');
      t.send('Enter');
      await t.waitFor((s) => s.includes('Password (again):'));
      t.send('-l', password);
      t.send('Enter');
      let screen = await t.waitFor((s) => s.includes('EXIT=0'), 60_000);
      expect(screen).toContain('Account created on');
      await t.waitFor((s) => s.split('Email:').length > 2, 60_000);
      t.send('-l', 'tty@example.com');
      t.send('Enter');
      await t.waitFor((s) => s.split('Password:').length > 2);
      t.send('-l', password);
      t.send('Enter');
      screen = await t.waitFor((s) => s.split('EXIT=').length > 2, 60_000);
      expect(screen).toContain('Logged in to');
      expect(screen).not.toContain(password);
      expect(screen).not.toContain('tty-secret');
      expect(readFileSync(path.join(home, 'session.json'), 'utf8')).not.toContain(password);
    } finally {
      t.kill();
    }
  }, 240_000);
});
