/**
 * The plain chat (`cloudya chat --no-graphics`) on a real terminal: the -e confirmation prompt, /help,
 * /engine and /save as a user types them, through the real binary, bubblewrap and tmux.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

describeWithTool('tmux', 'plain chat in a real terminal (tmux)', () => {
  describeWithTool('bwrap', 'with -e (bubblewrap)', () => {
    it('asks [y/N] before a confirm command and runs it on y, then answers /help, /engine and /save, and quits', async () => {
      const home = tempHome();
      const work = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-plain-chat-'));
      const env = { CLOUDYA_HOME: home, CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-exec'), LANG: 'en_US.UTF-8', CI: 'false' };
      const t = new TmuxSession(`cd ${work} && node ${BIN} chat --no-graphics -e; echo "EXIT=$?"; sleep 60`, { columns: 200, rows: 50, env });
      const typed = (line: string) => {
        t.send('-l', line);
        t.send('Enter');
      };
      try {
        await t.waitFor((s) => /^cloudya>\s*$/m.test(s));
        expect(t.paneFlag('alternate_on')).toBe('0'); // the plain chat stays in the normal screen
        typed('run the cloudya execution demo');
        let screen = await t.waitFor((s) => s.includes('[y/N]'));
        expect(screen).toMatch(/▶ 1\. echo cloudya-exec-ok\ncloudya-exec-ok\n\s+exit 0 \(bubblewrap, \d+ ms\)/);
        expect(screen).toMatch(/^Run "touch made-by-cloudya\.txt"\? \(fs\.write: writes made-by-cloudya\.txt\) \[y\/N\]\s*$/m);
        expect(existsSync(path.join(work, 'made-by-cloudya.txt'))).toBe(false); // nothing before the answer
        typed('y');
        screen = await t.waitFor((s) => /skipped: fill in <file-name> first/.test(s) && /^cloudya>\s*$/m.test(s));
        expect(screen).toMatch(/\[y\/N\] y\n\s+exit 0 \(bubblewrap, \d+ ms\)/);
        expect(screen).toMatch(/▶ 3\. rm -rf \/\n\s+not run: blocked by the safety check/);
        expect(existsSync(path.join(work, 'made-by-cloudya.txt'))).toBe(true);

        typed('/help');
        await t.waitFor((s) => s.includes('/engine [offline|openai] - show or switch engine · /save - save now'));
        typed('/engine');
        await t.waitFor((s) => /^Engine: offline$/m.test(s));
        typed('/engine nope');
        screen = await t.waitFor((s) => s.includes('unknown engine "nope"'));
        expect(screen).toMatch(/^cloudya: error: unknown engine "nope"\nhint: engines: /m);
        typed('/save');
        screen = await t.waitFor((s) => /^Saved to \S+\.json$/m.test(s));
        const saved = /^Saved to (\S+\.json)$/m.exec(screen)![1];
        expect(path.dirname(saved)).toBe(path.join(home, 'history'));
        const doc = JSON.parse(readFileSync(saved, 'utf8')) as { messages: Array<{ role: string; content: string }> };
        expect(doc.messages.map((x) => x.role)).toEqual(['user', 'assistant']);
        expect(doc.messages[0].content).toBe('run the cloudya execution demo');
        typed('quit');
        await t.waitFor((s) => s.includes('EXIT=0'));
      } finally {
        t.kill();
        rmSync(work, { recursive: true, force: true });
      }
    });
  }, ['--version']);
}, ['-V']);
