/**
 * Debug log: with CLOUDYA_DEBUG=1 every timing and subprocess command line goes to stderr
 * (never stdout, so --output json stays clean). Everything is redacted before printing.
 */
import { redact } from './redact.js';

const started = performance.now();

/** True when CLOUDYA_DEBUG is set to something other than 0/false/empty. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CLOUDYA_DEBUG;
  return !!v && v !== '0' && v.toLowerCase() !== 'false';
}

/** Writes one debug line to stderr when debugging is on. */
export function debug(message: string): void {
  if (!debugEnabled()) return;
  const ms = (performance.now() - started).toFixed(1).padStart(8);
  process.stderr.write(`[cloudya +${ms}ms] ${redact(message)}\n`);
}

/** Runs `fn` and logs how long it took under `label`. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  if (!debugEnabled()) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    debug(`${label} took ${(performance.now() - t0).toFixed(1)}ms`);
  }
}
