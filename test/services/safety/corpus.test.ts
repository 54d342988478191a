/**
 * The two corpora: >= 200 dangerous commands (every published bypass class) that must never be
 * allowed, and >= 150 everyday DevOps commands that must never be denied.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/services/safety/index.js';
import { ROOT } from '../../helpers/cli.js';

const HOME = '/home/tester';
const dangerous = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/safety/dangerous.json'), 'utf8')) as Array<{ class: string; command: string }>;
const everyday = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/safety/everyday.json'), 'utf8')) as Array<{ family: string; command: string }>;

describe('safety corpora', () => {
  it('are big enough and cover every bypass class of the issue', () => {
    expect(dangerous.length).toBeGreaterThanOrEqual(200);
    expect(everyday.length).toBeGreaterThanOrEqual(150);
    const classes = new Set(dangerous.map((d) => d.class));
    for (const c of ['chain', 'command-substitution', 'process-substitution', 'eval', 'shell-c', 'wrappers', 'rm-flags', 'path-qualified', 'dry-run', 'quoting', 'newlines', 'unicode', 'download-exec', 'privilege-escalation', 'disk', 'fork-bomb', 'power', 'history-logs', 'sensitive-writes', 'credential-exfiltration']) {
      expect(classes, c).toContain(c);
    }
  });

  describe('dangerous commands are never allowed', () => {
    it.each(dangerous.map((d) => [d.class, d.command]))('[%s] %j', async (_cls, command) => {
      const r = await validateCommand(command, { home: HOME });
      expect(r.verdict, JSON.stringify(r.reasons)).not.toBe('allow');
    });
  });

  describe('everyday DevOps commands are never denied', () => {
    it.each(everyday.map((d) => [d.family, d.command]))('[%s] %j', async (_fam, command) => {
      const r = await validateCommand(command, { home: HOME });
      expect(r.verdict, JSON.stringify(r.reasons)).not.toBe('deny');
    });
  });

  it('denies (not just confirms) every class that the issue lists as forbidden', async () => {
    const forbidden = ['chain', 'command-substitution', 'process-substitution', 'eval', 'shell-c', 'rm-flags', 'quoting', 'newlines', 'unicode', 'download-exec', 'disk', 'fork-bomb', 'power', 'sensitive-writes', 'reverse-shell', 'dynamic-unparseable'];
    const notDenied: string[] = [];
    for (const d of dangerous.filter((x) => forbidden.includes(x.class))) {
      const r = await validateCommand(d.command, { home: HOME });
      if (r.verdict !== 'deny') notDenied.push(`${d.class}: ${d.command}`);
    }
    expect(notDenied).toEqual([]);
  });
});
