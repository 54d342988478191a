/**
 * Starts the full-screen shell on a real terminal: alternate screen, hidden cursor, raw input
 * through Ink, and a restore of all of it on every exit path (ARCHITECTURE.md #5).
 */
import type { ScreenId, ShellServices } from './types.js';
import { tr } from '../src/core/i18n.js';
import { gateOutput } from './gated-output.js';

const ENTER_ALT = '\u001b[?1049h\u001b[H\u001b[?25l';
const LEAVE_ALT = '\u001b[?25h\u001b[?1049l';

export interface ShellOptions {
  initialScreen?: ScreenId;
  env?: NodeJS.ProcessEnv;
  services?: ShellServices;
  /** Aborted by SIGINT, SIGTERM or SIGHUP (src/cli.ts): running work is cancelled and the shell quits. */
  signal?: AbortSignal;
}

/**
 * Imports Ink as an interactive program. Ink decides at import time whether it runs "in CI"
 * (then it prints only the last frame); a person at a terminal who happens to have CI set
 * still needs live frames, so CI is masked during the import and restored right after.
 */
async function importInk() {
  const saved = process.env.CI;
  process.env.CI = 'false';
  // Yoga, Ink's layout engine, loads its inlined WebAssembly through fetch() when that global is a
  // function: the first touch of fetch makes Node load its whole HTTP client (undici) for a data:
  // URL that Yoga otherwise decodes itself (~0.1 s of start-up on a quiet 2-core machine).
  const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetchDescriptor?.configurable) Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await import('ink');
  } finally {
    if (fetchDescriptor?.configurable) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}

/** Runs the shell until the user quits (or a signal stops it); returns the exit code. */
export async function startShell(opts: ShellOptions = {}): Promise<number> {
  const stdout = process.stdout;
  const stdin = process.stdin;
  if (!stdin.isTTY || !stdout.isTTY) throw new Error(tr({ en: 'the full-screen shell needs a terminal', fr: 'le shell plein écran a besoin d’un terminal' }));
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
  // Ctrl+Z (a key in raw mode) or SIGTSTP from outside: give the terminal back as it was before
  // Cloudya started (main screen, cursor, cooked mode), stop; on `fg` take it again and redraw.
  // Ink draws through a gate that is shut while stopped (see gated-output.ts).
  const inkOutput = gateOutput(stdout);
  let suspended = false;
  const resume = () => {
    if (!suspended || restored) return;
    suspended = false;
    stdout.write(ENTER_ALT);
    inkOutput.setOpen(true);
    stdin.setRawMode(true);
    // A full-height frame is always redrawn whole by Ink: a layout pass is enough to repaint it.
    stdout.emit('resize');
  };
  const suspend = () => {
    if (suspended || restored) return;
    suspended = true;
    inkOutput.setOpen(false);
    stdin.setRawMode(false);
    stdout.write(LEAVE_ALT);
    process.once('SIGCONT', resume);
    // SIGSTOP, not SIGTSTP: this handler owns SIGTSTP, and the shell's job control sees a stopped job either way.
    process.kill(process.pid, 'SIGSTOP');
  };
  process.once('exit', restore);
  process.on('SIGTSTP', suspend);
  stdout.write(ENTER_ALT);
  try {
    const instance = render(<App initialScreen={opts.initialScreen} services={{ env: opts.env, ...opts.services }} signal={opts.signal} onSuspend={suspend} />, {
      stdout: inkOutput.stream,
      exitOnCtrlC: false,
      patchConsole: true,
    });
    await instance.waitUntilExit();
    instance.cleanup();
  } finally {
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', resume);
    restore();
    process.off('exit', restore);
  }
  return 0;
}
