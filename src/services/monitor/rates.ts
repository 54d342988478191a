/** Rates from two readings of a cumulative counter: never negative, never null, never -1. */

export interface CounterReading {
  at: number;
  values: Record<string, number>;
}

/** Bytes (or ticks) per second between two readings; 0 when a counter went backwards (reset, reboot) or time did not advance. */
export function ratePerSecond(previous: number | undefined, current: number, seconds: number): number {
  if (previous === undefined || !Number.isFinite(previous) || !Number.isFinite(current) || seconds <= 0) return 0;
  const delta = current - previous;
  return delta > 0 ? delta / seconds : 0;
}

/** Per-key rates between two counter readings. */
export function ratesBetween(previous: CounterReading | undefined, current: CounterReading): Record<string, number> {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(current.values)) out[key] = ratePerSecond(previous?.values[key], value, seconds);
  return out;
}
