import { expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', '`cloudya` with no arguments in a real terminal (tmux)', () => {
  it('opens on Chat with the input focused: q, 4 and ? are the start of a question, not shell keys', async () => {
    const t = new TmuxSession(`node ${BIN}; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 30, env: { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' } });
    try {
      await t.waitFor((s) => s.includes('Ask a DevOps question'));
      t.send('q');
      await t.waitFor((s) => /› q\s*$/m.test(s));
      t.send('4');
      t.send('?');
      const screen = await t.waitFor((s) => /› q4\?\s*$/m.test(s));
      expect(screen).not.toContain('EXIT=');
      expect(screen).not.toContain('Cloudya - keys');
      expect(screen).toMatch(/^ Chat /m);
      // Clear the line and leave the input with Esc: the shell's q quits.
      t.send('C-u');
      await t.waitFor((s) => s.includes('Ask a DevOps question'));
      t.send('Escape');
      await t.waitFor((s) => s.includes('type to ask'));
      t.send('q');
      await t.waitFor((s) => s.includes('EXIT=0'));
    } finally {
      t.kill();
    }
  });
});
