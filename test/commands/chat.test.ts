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

