/** Waiting between two samples of a counter, cancellable by the check's signal. */
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after ms, or rejects when the signal aborts (timeout or Ctrl+C). */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}

/** Reads a value twice, ms apart, to see what changes (rates, persistent states). */
export async function twoSamples<T>(read: () => T, ms: number, signal?: AbortSignal): Promise<[T, T]> {
  const a = read();
  await pause(ms, signal);
  return [a, read()];
}
