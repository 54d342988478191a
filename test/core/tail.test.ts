/** Following a log that is being written: every line printed once, in order, whenever the follow starts. */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { followGrowingFile } from '../../src/core/tail.js';

it('prints every line of a log written while the follow starts, once and in order, then stops when nothing runs', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cloudya-tail-')), 'operation.log');
  writeFileSync(file, 'line 0\nline 1\n');
  let n = 2;
  let writing = true;
  // A writer appending every 2 ms, as Ansible or Terraform does during an operation; "é" splits across reads sometimes.
  const writer = setInterval(() => {
    if (n < 400) appendFileSync(file, `line ${n++} é\n`);
    else writing = false;
  }, 2);
  const out: string[] = [];
  await followGrowingFile(file, { isRunning: async () => writing, out: (l) => out.push(l), signal: new AbortController().signal });
  clearInterval(writer);
  expect(out).toEqual(Array.from({ length: 400 }, (_, i) => (i < 2 ? `line ${i}` : `line ${i} é`)));
}, 60_000);

it('prints only the last lines asked for, then the new ones', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cloudya-tail-')), 'operation.log');
  writeFileSync(file, 'a\nb\nc\npartial');
  let running = true;
  setTimeout(() => {
    appendFileSync(file, ' end\nd\n');
    running = false;
  }, 100);
  const out: string[] = [];
  await followGrowingFile(file, { tail: 2, isRunning: async () => running, out: (l) => out.push(l), signal: new AbortController().signal });
  expect(out).toEqual(['b', 'c', 'partial end', 'd']);
});
