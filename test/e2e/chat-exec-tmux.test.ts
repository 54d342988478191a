/**
 * `cloudya chat -e` in a real terminal: the real binary opens the full-screen chat (not the
 * readline one), runs an answer's commands in real bubblewrap, asks before a confirm one, refuses a
 * deny, and Ctrl+C stops a running command before a second one quits.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool, toolProblem } from '../helpers/tools.js';

const bwrap = toolProblem('bwrap');

describeWithTool('tmux', 'cloudya chat -e in a real terminal (tmux, bubblewrap)', () => {
  it.skipIf(bwrap !== undefined && process.env.CLOUDYA_REQUIRE_TOOLS !== '1')('runs the commands of an answer in the full-screen chat, with a confirmation dialog and Ctrl+C', async () => {
    const home = tempHome();
    // The commands run in the current directory: a scratch one, not the repository.
    const work = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-chat-e-'));
    const env = { CLOUDYA_HOME: home, CLOUDYA_KNOWLEDGE_DIR: path.join(ROOT, 'test/fixtures/knowledge-chat-exec'), LANG: 'en_US.UTF-8', CI: 'false' };
    const t = new TmuxSession(`cd ${work} && node ${BIN} chat -e; echo "EXIT=$?"; sleep 60`, { columns: 100, rows: 30, env });
    try {
      await t.waitFor((s) => s.includes('Ask a DevOps question'));
      expect(t.paneFlag('alternate_on')).toBe('1');
      t.send('-l', 'run the sandbox smoke test');
      t.send('Enter');
      let screen = await t.waitFor((s) => s.includes('Run command 2?'));
      expect(screen).toMatch(/│ hello from the sandbox/);
      expect(screen).toMatch(/exit 0 \(bubblewrap, \d+ ms\)/);
      expect(screen).toContain('y = yes, run it · n or Enter = no');
      t.send('Enter');
      screen = await t.waitFor((s) => /running command 4 · \d+\.\ds · Ctrl\+C stops it/.test(s));
      expect(screen).toContain('not run: you declined');
      expect(screen).toMatch(/not run: blocked by the safety check/);
      t.send('C-c');
      screen = await t.waitFor((s) => s.includes('stopped: interrupted (Ctrl+C)'));
      expect(screen).not.toContain('EXIT=');
      t.send('C-c');
      await t.waitFor((s) => s.includes('EXIT=0'));
      const runs = readFileSync(path.join(home, 'audit.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; command: string; executed?: boolean })
        .filter((e) => e.event === 'execution');
      expect(runs.map((e) => [e.command, e.executed])).toEqual([
        ['echo hello from the sandbox', true],
        ['kubectl delete pod web-1', false],
        ['rm -rf /', false],
        ['sleep 25', true],
      ]);
    } finally {
      t.kill();
    }
  });
});
