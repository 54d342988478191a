/**
 * Starts the full-screen shell on a real terminal: alternate screen, hidden cursor, raw input
 * through Ink, and a restore of all of it on every exit path (ARCHITECTURE.md #5).
 */
import { render } from 'ink';
import { App } from './App.js';
import type { ScreenId, ShellServices } from './types.js';

const ENTER_ALT = '\u001b[?1049h\u001b[H\u001b[?25l';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';

export interface ShellOptions {
  initialScreen?: ScreenId;
  env?: NodeJS.ProcessEnv;
  services?: ShellServices;
}

/** Runs the shell until the user quits; returns the exit code. */
export async function startShell(opts: ShellOptions = {}): Promise<number> {
  const stdout = process.stdout;
  if (!process.stdin.isTTY || !stdout.isTTY) throw new Error('the full-screen shell needs a terminal');
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT);
  };
  process.once('exit', restore);
  stdout.write(ENTER_ALT);
  try {
    const instance = render(<App initialScreen={opts.initialScreen} services={{ env: opts.env, ...opts.services }} />, {
      exitOnCtrlC: false,
      patchConsole: true,
    });
    await instance.waitUntilExit();
    instance.cleanup();
  } finally {
    restore();
    process.off('exit', restore);
  }
  return 0;
}
