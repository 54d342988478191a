/**
 * Debug log: with CLOUDYA_DEBUG=1, or the log_level setting at DEBUG, every timing and subprocess
 * command line goes to stderr (never stdout, so --output json stays clean), and errors show their
 * stack. Everything is redacted before printing. Cloudya has no other log levels to filter: INFO,
 * WARNING and ERROR all mean "no debug output".
 */
import { redact } from './redact.js';

const started = performance.now();

/** Whether the log_level setting asks for the debug output (set once the configuration is read). */
let settingWantsDebug = false;

/** Records the log_level setting: DEBUG turns the debug output on, any other level (or none) off. */
export function setDebugSetting(level: string | undefined): void {
  settingWantsDebug = level?.toUpperCase() === 'DEBUG';
}

/** True when CLOUDYA_DEBUG says so (1/true: on, 0/false: off, whatever log_level says), else when log_level is DEBUG. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CLOUDYA_DEBUG;
  if (v !== undefined && v !== '') return v !== '0' && v.toLowerCase() !== 'false';
  return settingWantsDebug;
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
