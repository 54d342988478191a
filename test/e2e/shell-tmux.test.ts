import { expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'the shell in a real terminal (tmux)', () => {
  it('opens full-screen, switches screens, resizes, quits and restores the terminal', async () => {
    const home = tempHome();
    const t = new TmuxSession(`node ${BIN}; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 30, env: { CLOUDYA_HOME: home, LANG: 'en_US.UTF-8' } });
    try {
      let screen = await t.waitFor((s) => s.includes('1 Chat') && / Chat .*quit/.test(s));
      expect(t.paneFlag('alternate_on')).toBe('1');
      t.send('Tab');
      screen = await t.waitFor((s) => /^ Monitor /m.test(s));
      t.send('4');
      screen = await t.waitFor((s) => /^ Diagnose /m.test(s));
      t.send('BTab');
      await t.waitFor((s) => /^ Deploy /m.test(s));
      t.send('?');
      await t.waitFor((s) => s.includes('Cloudya - keys'));
      t.send('Escape');
      await t.waitFor((s) => !s.includes('Cloudya - keys'));
      t.resize(80, 24);
      screen = await t.waitFor((s) => s.split('\n').some((l) => /^ Deploy /.test(l)));
      expect(screen.split('\n').every((l) => l.length <= 80)).toBe(true);
      t.send('q');
      screen = await t.waitFor((s) => s.includes('EXIT=0'));
      expect(t.paneFlag('alternate_on')).toBe('0');
      expect(t.paneFlag('cursor_flag')).toBe('1');
      expect(screen).not.toContain('1 Chat');
    } finally {
      t.kill();
    }
  });

  it('Ctrl+C quits cleanly too', async () => {
    const t = new TmuxSession(`node ${BIN}; echo "EXIT=$?"; sleep 60`, { env: { CLOUDYA_HOME: tempHome() } });
    try {
      await t.waitFor((s) => s.includes('1 Chat'));
      await t.waitForRawMode();
      t.send('C-c');
      await t.waitFor((s) => s.includes('EXIT=0'));
      expect(t.paneFlag('alternate_on')).toBe('0');
      expect(t.paneFlag('cursor_flag')).toBe('1');
    } finally {
      t.kill();
    }
  });
});
