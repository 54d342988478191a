import { it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'cloudya monitor keys sent together (tmux send-keys)', () => {
  it('counts each + and - of a burst', async () => {
    const t = new TmuxSession(`node ${BIN} monitor --interval 5; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 30, env: { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' } });
    try {
      await t.waitFor((s) => /^CPU .*%/m.test(s) && s.includes('every 5s'));
      t.send('-l', '+++'); // 5 -> 10 -> 30 -> 60
      await t.waitFor((s) => s.includes('every 60s'));
      t.send('-l', '--', '---------'); // nine steps down reach the smallest step
      await t.waitFor((s) => s.includes('every 0.5s'));
      t.send('q');
      await t.waitFor((s) => s.includes('EXIT=0'));
    } finally {
      t.kill();
    }
  });
});
