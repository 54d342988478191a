/**
 * Starts the full-screen shell on a real terminal: alternate screen, hidden cursor, raw input
 * through Ink, and a restore of all of it on every exit path (ARCHITECTURE.md #5).
 */
import type { ScreenId, ShellServices } from './types.js';
import { tr } from '../src/core/i18n.js';

const ENTER_ALT = '\u001b[?1049h\u001b[H\u001b[?25l';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';

export interface ShellOptions {
  initialScreen?: ScreenId;
  env?: NodeJS.ProcessEnv;
  services?: ShellServices;
}

/**
 * Imports Ink as an interactive program. Ink decides at import time whether it runs "in CI"
 * (then it prints only the last frame); a person at a terminal who happens to have CI set
 * still needs live frames, so CI is masked during the import and restored right after.
 */
async function importInk() {
  const saved = process.env.CI;
  process.env.CI = 'false';
  try {
    return await import('ink');
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}

/** Runs the shell until the user quits; returns the exit code. */
export async function startShell(opts: ShellOptions = {}): Promise<number> {
  const stdout = process.stdout;
  if (!process.stdin.isTTY || !stdout.isTTY) throw new Error(tr({ en: 'the full-screen shell needs a terminal', fr: 'le shell plein écran a besoin d’un terminal' }));
  const { render } = await importInk();
  const { App } = await import('./App.js');
  // The first screen is loaded before the first frame, so keys typed during start-up reach it.
  const { SCREENS } = await import('./registry.js');
  const first = SCREENS.find((s) => s.id === (opts.initialScreen ?? 'chat'))?.component as { preload?: () => Promise<void> } | undefined;
  await first?.preload?.();
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
