/**
 * Stands in for the `widest-line` package inside Ink (scripts/build.mjs): the same width, remembered.
 * Ink measures the text of every Text node on every frame (layout and output); string-width segments
 * graphemes and runs an emoji regex per character, so a full-screen frame that changes a few figures
 * re-measured ~5,000 unchanged characters each second.
 */
import stringWidth from './string-width.js';
import { RecentCache } from './recent-cache.js';

// Weighted by text length: a generation holds a full frame's texts; at most ~2 x 16 K characters are kept.
const widths = new RecentCache<string, number>(16 * 1024, (text) => text.length + 32);

/** The width in columns of the widest line of `text` (as widest-line computes it). */
export default function widestLine(text: string): number {
  const cached = widths.get(text);
  if (cached !== undefined) return cached;
  let width = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    width = Math.max(width, stringWidth(end < 0 ? text.slice(start) : text.slice(start, end)));
    if (end < 0) break;
    start = end + 1;
  }
  widths.set(text, width);
  return width;
}
