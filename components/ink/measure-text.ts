/**
 * Stands in for Ink's measure-text module (scripts/build.mjs): the same dimensions, but in a bounded
 * cache. Ink's own keeps every text it ever measured, so a live screen whose figures change each
 * second grows the heap for as long as it runs.
 */
import widestLine from './widest-line.js';
import { RecentCache } from './recent-cache.js';

// As widest-line's: a generation holds a full frame's texts, at most ~2 x 16 K characters are kept.
const sizes = new RecentCache<string, { width: number; height: number }>(16 * 1024, (text) => text.length + 64);

/** Width (widest line) and height (lines) of a text, as Ink lays it out. */
export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  const cached = sizes.get(text);
  if (cached) return cached;
  let height = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) height++;
  const dimensions = { width: widestLine(text), height };
  sizes.set(text, dimensions);
  return dimensions;
}
