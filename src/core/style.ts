/** Terminal colours for text output; off with --no-color, NO_COLOR, or when stdout is not a TTY. */
import { Chalk, type ChalkInstance } from 'chalk';

let instance: ChalkInstance = new Chalk({ level: 0 });

/** Decides once, at startup, whether text output is coloured. */
export function configureColor(enabled: boolean): void {
  instance = new Chalk({ level: enabled ? 1 : 0 });
}

/** The shared colour instance (respects configureColor). */
export function style(): ChalkInstance {
  return instance;
}

/** True when colour should be used for a stream, given flags and environment. */
export function colorWanted(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  // no-color.org: NO_COLOR counts when set to a non-empty value (NO_COLOR= does not disable colour).
  if (noColorFlag || !!env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}
