import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'keys typed while cloudya chat starts (tmux)', () => {
  it('reach the chat input instead of being lost while the screen loads', async () => {
    const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-mini'), LANG: 'en_US.UTF-8', CI: 'false' };
    const t = new TmuxSession(`node ${BIN} chat; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 24, env });
    try {
      // Typed right away, before the shell has drawn anything: the terminal holds the keys.
      t.send('-l', 'docker compose');
      await t.waitFor((s) => /^ Chat .*q quit/m.test(s));
      // Keys are read in order: once a key sent now shows, every earlier one has landed (or was lost).
      t.send('-l', ' up');
      const screen = await t.waitFor((s) => /^ › .*up\s*$/m.test(s));
      expect(screen).toMatch(/^ › docker compose up\s*$/m);
      t.send('C-c');
      await t.waitFor((s) => s.includes('EXIT=0'));
    } finally {
      t.kill();
    }
  });
});
