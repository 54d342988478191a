/** Waiting between two samples of a counter, cancellable by the check's signal. */
import { setTimeout as delay } from 'node:timers/promises';

/** How long a check samples counters: 1 s, or a third of its deadline when that is shorter. */
export function sampleWindow(ctx: { timeoutMs?: number }): number {
  return Math.round(Math.max(100, Math.min(1000, (ctx.timeoutMs ?? 10_000) / 3)));
}

/** "1 s", "0.3 s": a window as shown in evidence. */
export function seconds(ms: number): string {
  return `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

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
