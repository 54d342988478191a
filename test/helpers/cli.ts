/** Runs the CLI in-process (fast) or as a real process (end to end), with a throwaway CLOUDYA_HOME. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/cloudya.js');

/** A fresh, empty Cloudya home directory. */
export function tempHome(): string {
  return mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-test-'));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main(argv)` in this process with captured streams (stdin is not a TTY). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}, stdinText?: string): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  if (stdinText !== undefined) stdin.end(stdinText);
  else stdin.end();
  const code = await main(argv, {
    io: { stdout, stderr, stdin },
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOUDYA_HOME: process.env.CLOUDYA_HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...env },
  });
  return { code, stdout: out, stderr: err };
}

/** Runs the built binary as a child process (needs dist/, built by the global setup). */
export function runBin(argv: string[], env: NodeJS.ProcessEnv = {}, input?: string, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...argv],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOUDYA_HOME: process.env.CLOUDYA_HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    // A program may exit without reading all its input (as `head` does): that is not a test failure.
    child.stdin?.on('error', () => undefined);
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}
