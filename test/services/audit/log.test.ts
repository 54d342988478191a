/** The audit log: one redacted JSON line per event, readable back with --since, intact under concurrent writers. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, parseSince, readAudit } from '../../../src/services/audit/index.js';
import { ROOT, tempHome } from '../../helpers/cli.js';

describe('audit log', () => {
  it('appends one JSON line per event with time, user, source, verdict and execution facts', () => {
    const env = { CLOUDYA_HOME: tempHome() };
    appendAudit({ source: 'exec', event: 'validation', command: 'ls', verdict: 'allow', reasons: [{ rule: 'read-only', verdict: 'allow', message: 'ls only reads', part: 'ls' }] }, env);
    appendAudit({ source: 'chat', event: 'confirmation', command: 'kubectl delete pod x', answer: true }, env);
    appendAudit({ source: 'ask', event: 'execution', command: 'ls', verdict: 'allow', executed: true, backend: 'bubblewrap', exitCode: 0, durationMs: 12 }, env);
    const lines = readFileSync(path.join(env.CLOUDYA_HOME, 'audit.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const [a, b, c] = lines.map((l) => JSON.parse(l));
    expect(a).toMatchObject({ source: 'exec', event: 'validation', verdict: 'allow', command: 'ls' });
    expect(typeof a.user).toBe('string');
    expect(Date.parse(a.time)).toBeGreaterThan(0);
    expect(b).toMatchObject({ source: 'chat', event: 'confirmation', answer: true });
    expect(c).toMatchObject({ backend: 'bubblewrap', exitCode: 0, durationMs: 12 });
  });

  it('redacts secrets in commands and reasons', () => {
    const env = { CLOUDYA_HOME: tempHome() };
    const secrets = [
      'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls',
      'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdefghijk" https://api',
      'psql postgres://admin:hunter2secret@db:5432/app',
      'mysql --password=hunter2secret -u root',
      'mysql -u root -phunter2secret',
      "cloudya deploy --params '{\"db_password\": \"hunter2secret\", \"region\": \"eu\"}'",
      'curl -u deploy:hunter2secret https://registry',
      'terraform apply -var db_password=hunter2secret',
    ];
    for (const command of secrets) appendAudit({ source: 'exec', event: 'validation', command, verdict: 'confirm', reasons: [{ rule: 'x', verdict: 'confirm', message: `about ${command}`, part: command }] }, env);
    const text = readFileSync(path.join(env.CLOUDYA_HOME, 'audit.log'), 'utf8');
    expect(text).not.toContain('hunter2secret');
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).toContain('"region\\": \\"eu\\"');
  });

  it('filters with --since and reports unreadable lines without touching them', () => {
    const env = { CLOUDYA_HOME: tempHome() };
    const file = path.join(env.CLOUDYA_HOME, 'audit.log');
    const old = { time: '2020-01-01T00:00:00.000Z', user: 'u', host: 'h', pid: 1, source: 'exec', event: 'validation', command: 'old' };
    writeFileSync(file, `${JSON.stringify(old)}\n`);
    appendFileSync(file, 'not json\n');
    appendAudit({ source: 'exec', event: 'validation', command: 'new', verdict: 'allow' }, env);
    const all = readAudit(env);
    expect(all.entries.map((e) => e.command)).toEqual(['old', 'new']);
    expect(all.badLines).toEqual([2]);
    expect(readAudit(env, { since: parseSince('1h') }).entries.map((e) => e.command)).toEqual(['new']);
    expect(readFileSync(file, 'utf8')).toContain('not json');
  });

  it('parses --since durations and dates', () => {
    const now = new Date('2026-01-31T12:00:00Z');
    expect(parseSince('90s', now)?.toISOString()).toBe('2026-01-31T11:58:30.000Z');
    expect(parseSince('1h', now)?.toISOString()).toBe('2026-01-31T11:00:00.000Z');
    expect(parseSince('2d', now)?.toISOString()).toBe('2026-01-29T12:00:00.000Z');
    expect(parseSince('2026-01-30', now)?.toISOString()).toBe('2026-01-30T00:00:00.000Z');
    expect(parseSince('yesterday', now)).toBeUndefined();
  });

  it('never interleaves lines when several processes append at once', async () => {
    const env = { CLOUDYA_HOME: tempHome() };
    const writers = 6;
    const perWriter = 150;
    // Large lines (~20 KB) make interleaving likely if writes were split.
    const script = `
      const { appendAudit } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/services/audit/log.js'))});
      const big = 'x'.repeat(20000);
      for (let i = 0; i < ${perWriter}; i++) appendAudit({ source: 'exec', event: 'execution', command: 'w' + process.argv[1] + '-' + i + ' ' + big, executed: true, exitCode: 0 }, process.env);
    `;
    await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        new Promise<void>((resolve, reject) => {
          execFile(process.execPath, ['--input-type=module', '-e', script, String(w)], { env: { ...process.env, ...env } }, (err) => (err ? reject(err) : resolve()));
        }),
      ),
    );
    const lines = readFileSync(path.join(env.CLOUDYA_HOME, 'audit.log'), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(writers * perWriter);
    const seen = new Set(lines.map((l) => (JSON.parse(l) as { command: string }).command.split(' ')[0]));
    expect(seen.size).toBe(writers * perWriter);
  }, 60_000);
});
