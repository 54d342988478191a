/**
 * Subprocesses: every external tool (terraform, ansible, bwrap, systemctl...) is started
 * through here so CLOUDYA_DEBUG=1 shows each command line (redacted) and its duration.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { execa, type Options, type ResultPromise } from 'execa';
import { debug } from './log.js';

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A shell-readable rendering of a command line, for logs and messages. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(quote).join(' ');
}

/** Starts a subprocess with execa, logging its command line and duration in debug mode. */
export function spawn<O extends Options = Options>(file: string, args: readonly string[], options?: O): ResultPromise<{} & O> {
  debug(`exec: ${commandLine(file, args)}${options?.cwd ? `  (cwd ${String(options.cwd)})` : ''}`);
  const t0 = performance.now();
  const child = execa(file, args, (options ?? {}) as O);
  child.then(
    (r) => debug(`exit ${r.exitCode ?? '?'} after ${(performance.now() - t0).toFixed(0)}ms: ${file}`),
    (e: { exitCode?: number; signal?: string }) =>
      debug(`exit ${e.exitCode ?? e.signal ?? 'error'} after ${(performance.now() - t0).toFixed(0)}ms: ${file}`),
  );
  return child;
}

/** Finds an executable on PATH (or checks an explicit path); undefined when absent. */
export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const isExecutable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return isExecutable(command) ? path.resolve(command) : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
