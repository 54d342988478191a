/** Runs `cloudya serve --port 0` as a real process (the built bin) and learns its address from its notice. */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../helpers/cli.js';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then wait for the exit; returns the exit code. */
  stop(): Promise<number | null>;
}

/** Starts a server process; rejects with its output if it does not come up within two minutes. */
export function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', CLOUDYA_RATE_PER_MINUTE: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  // 'close', not 'exit': the last lines a process writes before exiting may still be in the pipe when 'exit' fires.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cloudya serve did not start:\n${err}\n${out.slice(-2000)}`));
    }, 120_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          stdout: () => out,
          stderr: () => err,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
            const code = await exited;
            clearTimeout(killer);
            return code;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cloudya serve exited (${code}) before listening:\n${err}\n${out.slice(-2000)}`));
    });
  });
}
