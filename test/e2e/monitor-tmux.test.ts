import path from 'node:path';
import { expect, it } from 'vitest';
import { HistoryStore } from '../../src/services/monitor/store.js';
import { BIN, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'cloudya monitor in a real terminal (tmux, 80x24)', () => {
  it('opens the Monitor screen on live data, reacts to keys, records, and quits cleanly', async () => {
    const home = tempHome();
    const t = new TmuxSession(`node ${BIN} monitor --interval 0.5; echo "EXIT=$?"; sleep 60`, { columns: 80, rows: 24, env: { CLOUDYA_HOME: home, LANG: 'en_US.UTF-8' } });
    try {
      let screen = await t.waitFor((s) => /^CPU .*%/m.test(s) && /PID User/.test(s));
      expect(screen).toMatch(/^ Monitor /m);
      expect(screen).toMatch(/^Mem /m);
      expect(screen).toMatch(/Mount .*Use%/);
      expect(screen).toMatch(/^\/\s+[\d.]+ [KMGT]iB/m); // the root filesystem row
      const lines = screen.replace(/\n+$/, '').split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      expect(lines.every((l) => l.length <= 80)).toBe(true);
      t.send('m');
      await t.waitFor((s) => s.includes('sort: memory'));
      t.send('+');
      await t.waitFor((s) => s.includes('every 1s'));
      t.send('p');
      await t.waitFor((s) => s.includes('PAUSED'));
      t.send('q');
      screen = await t.waitFor((s) => s.includes('EXIT=0'));
      expect(t.paneFlag('alternate_on')).toBe('0');
      const store = new HistoryStore(path.join(home, 'monitor.db'));
      expect(store.stats().rows).toBeGreaterThan(0);
      store.close();
    } finally {
      t.kill();
    }
  });
});
