import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';

describe('cloudya chat --no-graphics with piped input', () => {
  it('Ctrl+C ends the chat with exit 130 while stdin stays open, keeping the answered exchange', async () => {
    const home = tempHome();
    const child = spawn(process.execPath, [BIN, 'chat', '--no-graphics'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', CLOUDYA_HOME: home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // A producer that keeps the pipe open (tail -f | cloudya chat): one question, then silence.
    child.stdin.write('create a secure s3 bucket\n');
    const deadline = Date.now() + 30_000;
    while (!/S3/i.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stdout, stderr).toMatch(/S3/i);
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code, stderr).toBe(130);
    const history = path.join(home, 'history');
    expect(existsSync(history) && readdirSync(history).length).toBe(1);
  }, 60_000);
});

describe('cloudya chat --list', () => {
  it('says which conversation file it skipped as unreadable, and leaves it alone', async () => {
    const { mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
    const { runCli } = await import('../helpers/cli.js');
    const home = tempHome();
    const file = path.join(home, 'history', '20260101-000000-abcd.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"id": "20260101-000000-abcd", "messages": [');
    for (const lang of ['en', 'fr']) {
      const r = await runCli(['chat', '--list', '--lang', lang], { CLOUDYA_HOME: home });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(lang === 'en' ? /unreadable conversation file/ : /fichier de conversation illisible/);
    }
    const json = await runCli(['chat', '--list', '-o', 'json'], { CLOUDYA_HOME: home });
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('{"id": "20260101-000000-abcd", "messages": [');
  });
});


describe('saved questions shown on a terminal', () => {
  it('chat --list and the "Resumed conversation" line show control sequences made visible; JSON keeps the exact text', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { runCli } = await import('../helpers/cli.js');
    const home = tempHome();
    const question = 'hi \u001b]0;PWNED\u0007 \u001b[2J there';
    const asked = await runCli(['chat', '--no-graphics'], { CLOUDYA_HOME: home }, `${question}\n`);
    expect(asked.code).toBe(0);
    const list = await runCli(['chat', '--list'], { CLOUDYA_HOME: home });
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain('\u001b');
    expect(list.stdout).not.toContain('\u0007');
    expect(list.stdout).toContain('hi \\e]0;PWNED\\a \\e[2J there');
    const json = await runCli(['chat', '--list', '-o', 'json'], { CLOUDYA_HOME: home });
    expect((JSON.parse(json.stdout) as Array<{ title: string }>)[0].title).toBe(question);
    // A conversation file whose id field carries an escape sequence (its file name is a plain id).
    const file = path.join(home, 'history', '20260101-000000-abcd.json');
    mkdirSync(path.dirname(file), { recursive: true });
    const at = '2026-01-01T00:00:00.000Z';
    writeFileSync(file, JSON.stringify({ id: 'x\u001b[2Jy', created: at, updated: at, engine: 'offline', lang: 'en', messages: [{ role: 'user', content: question, at }] }));
    const resumed = await runCli(['chat', '--resume', '20260101-000000-abcd'], { CLOUDYA_HOME: home }, '');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('Resumed conversation x\\e[2Jy (1 messages)');
    expect(resumed.stderr).not.toContain('\u001b');
    const listed = await runCli(['chat', '--list'], { CLOUDYA_HOME: home });
    expect(listed.stdout).not.toContain('\u001b');
  });
});
