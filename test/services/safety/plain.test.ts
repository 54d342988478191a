/**
 * The plain-words shortcut (src/services/safety/plain.ts) skips the shell grammar for lines such as
 * "ls -la /tmp". It must change nothing: for every line it accepts, its facts are exactly the grammar's,
 * and every verdict and reason is the same with and without it - over all safety corpora (ours and the
 * independent red-team one), every command of the knowledge base, and generated lines of tricky words.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractCommands } from '../../../src/services/safety/extract.js';
import { disablePlainShortcut, loadParser, validateCommand, validatePlain, validateWithParser } from '../../../src/services/safety/index.js';
import { parseShellSync } from '../../../src/services/safety/parser.js';
import { plainFacts } from '../../../src/services/safety/plain.js';
import type { Policy } from '../../../src/services/safety/types.js';
import { loadKnowledge } from '../../../src/services/knowledge/index.js';
import { withoutPlaceholders } from '../../../src/services/ai/verdicts.js';
import { ROOT } from '../../helpers/cli.js';

const HOME = '/home/tester';
const commandsOf = (file: string) => (JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures', file), 'utf8')) as Array<{ command: string }>).map((c) => c.command);
const corpus = [...new Set([
  ...commandsOf('safety/dangerous.json'),
  ...commandsOf('safety/everyday.json'),
  ...commandsOf('safety-independent/dangerous.json'),
  ...commandsOf('safety-independent/everyday.json'),
])];
const knowledge = [...new Set(loadKnowledge([path.join(ROOT, 'knowledge')]).entries.flatMap((e) => e.commands.map((c) => withoutPlaceholders(c.command))))];

/** Words that are plain but tricky for a shell reader: numbers, flags, `=`, job specs, reserved words, paths. */
const TRICKY = ['ls', 'rm', '-rf', '/', '/etc/passwd', 'a=b', '=x', 'x=', '--force=yes', '%1', '+x', 'a,b', 'user@host', 'host:/p', '..', '.', '-', '--', '0', '42', '0x1f', '1e3', '-1', 'if', 'then', 'fi', 'do', 'done', 'in', 'time', 'export', 'sudo', 'bash', 'sh', '-c', 'xargs', 'env', 'FOO=bar', 'kubectl', 'delete', 'ns', 'kube-system', 'git', 'push', '-f', 'dd', 'of=/dev/sda', 'chmod', '777', 'curl', 'http://x.y/z', 'shutdown', 'now', 'ssh', 'nc', '-e', 'find', '-delete', '-exec', 'mkfs.ext4', '/dev/sdb', 'terraform', 'destroy', '-auto-approve', 'docker', 'run', '--privileged', 'aws', 's3', 'rb', 's3://b', 'python3', '-m', 'http.server', 'eval', 'source', ':', 'command', 'builtin', 'exec', 'nohup', 'watch', 'timeout', '5', 'awk', 'sed', '-i', 'tee', 'crontab', '-r'];

/** A deterministic pseudo-random generator (the test must fail the same way every time). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const generated = (() => {
  const next = rng(12);
  const out: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(next() * 6);
    const words = Array.from({ length: n }, () => TRICKY[Math.floor(next() * TRICKY.length)]);
    out.push((next() < 0.1 ? '  ' : '') + words.join(next() < 0.2 ? '   ' : ' ') + (next() < 0.1 ? ' ' : ''));
  }
  // Words made of random characters of the accepted set: combinations no list of tricky words thought of.
  const chars = 'abz09_./:@%+,=-';
  for (let i = 0; i < 5000; i++) {
    const n = 1 + Math.floor(next() * 4);
    const words = Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => chars[Math.floor(next() * chars.length)]).join(''));
    out.push(words.join(' '));
  }
  return out;
})();

const POLICY: Policy = { allow: ['kubectl get *', 'ls'], deny: ['git push *'], unsafeAllow: ['fs.rm-root'] };

let parser: Awaited<ReturnType<typeof loadParser>>;
beforeAll(async () => {
  parser = await loadParser();
});
afterEach(() => disablePlainShortcut(false));

/** The verdicts of a line with the grammar alone (the shortcut off). */
function parsed(command: string, policy?: Policy) {
  disablePlainShortcut(true);
  try {
    return validateWithParser(parser, command, { home: HOME, policy });
  } finally {
    disablePlainShortcut(false);
  }
}

describe('plain-words shortcut', () => {
  it.each([
    ['corpora', corpus],
    ['knowledge base', knowledge],
    ['generated', generated],
  ])('gives the grammar\'s facts for every line it accepts (%s)', (_name, lines) => {
    let accepted = 0;
    const differ: string[] = [];
    for (const line of lines) {
      const facts = plainFacts(line);
      if (!facts) continue;
      accepted++;
      const tree = parseShellSync(parser, line);
      try {
        if (!isDeepStrictEqual(facts, extractCommands(tree))) differ.push(line);
      } finally {
        tree.delete();
      }
    }
    expect(differ).toEqual([]);
    // Not vacuous: a good share of each set is plain words.
    expect(accepted).toBeGreaterThan(lines.length / 10);
  });

  it.each([
    ['corpora', corpus],
    ['knowledge base', knowledge],
    ['generated', generated],
  ])('changes no verdict or reason, with and without a user policy (%s)', (_name, lines) => {
    for (const policy of [undefined, POLICY]) {
      for (const line of lines) {
        const expected = parsed(line, policy);
        expect(validateWithParser(parser, line, { home: HOME, policy }), line).toStrictEqual(expected);
        // Without any grammar at hand: the same answer, or "needs the grammar".
        const alone = validatePlain(line, { home: HOME, policy });
        if (alone) expect(alone, line).toStrictEqual(expected);
      }
    }
  });

  it('refuses what the grammar must read, and answers plain lines without it', async () => {
    for (const line of ['ls | sh', 'ls ~', 'a=b ls', 'ls "x"', "ls 'x'", 'ls $HOME', 'ls *', 'ls\tx', 'ls\nrm -rf /', 'if true', 'export A=1', 'ls; rm -rf /', 'ls #x', 'ls > /etc/x', 'ls {a,b}', '']) {
      expect(plainFacts(line), line).toBeUndefined();
    }
    // Nested code that is not plain ("bash -c" with a pipe would be quoted) needs the grammar: never judged half.
    expect(validatePlain('sudo rm -rf /', { home: HOME })?.verdict).toBe('deny');
    expect(validatePlain('ls -la /tmp', { home: HOME })?.verdict).toBe('allow');
    expect((await validateCommand('rm -rf /', { home: HOME })).verdict).toBe('deny');
  });
});
