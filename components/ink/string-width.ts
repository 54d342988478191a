/**
 * string-width with a fast path for what live screens are made of: ASCII, Latin-1 and Latin
 * Extended-A letters and signs, box drawing and block elements (gauges, sparklines). Each of those
 * is one grapheme of one column, so the width is the length once ANSI codes are removed - the answer
 * string-width gives after segmenting graphemes and testing each against an emoji regex, ~20 times
 * slower. Anything else (wide, combining, emoji, controls) goes to string-width itself.
 */
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';

/** One column, one grapheme on its own: no combining mark, no emoji, no control, nothing zero-width. */
export function isSimpleColumn(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0x17f && code !== 0xad) || // Latin-1 and Extended-A letters and signs, not the soft hyphen (zero width)
    (code >= 0x2500 && code <= 0x259f) || // box drawing, block elements
    code === 0x2026 || // …
    code === 0x25bc // ▼
  );
}

/** The width in columns of a string, as string-width computes it. */
export default function fastStringWidth(input: string): number {
  const text = input.includes('\u001B') || input.includes('\u009B') ? stripAnsi(input) : input;
  for (let i = 0; i < text.length; i++) if (!isSimpleColumn(text.charCodeAt(i))) return stringWidth(input);
  return text.length;
}
