import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'cloudya chat in a real terminal (tmux)', () => {
  it('opens on the chat screen, answers with numbered commands, scrolls, saves history and quits cleanly', async () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home, CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-mini'), LANG: 'en_US.UTF-8', CI: 'false' };
    const t = new TmuxSession(`node ${BIN} chat; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 24, env });
    try {
      await t.waitFor((s) => /^ Chat .*history.*q quit/m.test(s) && s.includes('Ask a DevOps question'));
      expect(t.paneFlag('alternate_on')).toBe('1');
      // The input has focus: "q" is typed, not a quit.
      t.send('-l', 'quelle commande pour un bucket s3 prive et chiffre');
      t.send('Enter');
      let screen = await t.waitFor((s) => s.includes('offline · confidence'));
      expect(screen).toMatch(/\d\. aws s3api/);
      expect(screen.split('\n').every((l) => l.length <= 100)).toBe(true);
      t.send('PPage');
      screen = await t.waitFor((s) => /lines below/.test(s));
      expect(screen).toContain('› quelle commande pour un bucket s3 prive et chiffre');
      t.send('NPage');
      await t.waitFor((s) => s.includes('offline · confidence'));
      t.send('Up');
      await t.waitFor((s) => /› quelle commande pour un bucket s3 prive et chiffre\s*$/m.test(s.split('\n').filter(Boolean).at(-2) ?? ''));
      t.send('C-c');
      screen = await t.waitFor((s) => s.includes('EXIT=0'));
      expect(t.paneFlag('alternate_on')).toBe('0');
      expect(readdirSync(path.join(home, 'history')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    } finally {
      t.kill();
    }
  });
});
