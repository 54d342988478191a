/**
 * Stands in for Ink's Output class (scripts/build.mjs swaps it in when bundling Ink): it turns the
 * write operations of one frame into the same string, byte for byte, with less work per frame.
 * Ink's own builds a fresh object for each of the width x height cells, tokenizes every line of
 * every Text into styled characters and turns every row back into a string, on every frame - most
 * of a live screen's rendering cost and a good part of its garbage, for rows that did not change.
 * Here blank cells are one shared object, a line's styled characters are remembered across frames
 * (styled characters are never modified once made, so sharing them is safe), and a row made of
 * exactly the same characters as on the previous frame reuses that frame's string.
 * test/components/ink-output.test.ts checks it against Ink's class.
 */
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, tokenize, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from './string-width.js';
import widestLine from './widest-line.js';
import { RecentCache } from './recent-cache.js';

type Transformer = (line: string, index: number) => string;
interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}
type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };

const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) as unknown as StyledChar['styles'] }) as StyledChar;

// Weighted by characters: a generation holds more than a full 120x40 frame (4,800 cells), and at most
// ~2 x 8 K styled characters (~1 MB) are kept.
const styledLines = new RecentCache<string, StyledChar[]>(8 * 1024, (line) => line.length + 8);
const charWidths = new RecentCache<string, number>(4096);
// Lines cut at a clip's edges (slice-ansi re-tokenizes each one): rows in `overflow="hidden"` boxes.
const slices = new RecentCache<string, string>(8 * 1024, (key) => key.length + 8);
/** The previous frame's rows (cells and string), by row index. */
let previousRows: { cells: (StyledChar | undefined)[]; text: string }[] = [];

/**
 * ansi-tokenize's styledCharsFromTokens, except that characters of the same style share one styles
 * array (it copies the array for every character; nothing modifies them): half the objects to keep.
 */
function styledCharsFromTokens(line: string): StyledChar[] {
  let codes: AnsiCode[] = [];
  let styles: AnsiCode[] | undefined;
  const out: StyledChar[] = [];
  for (const token of tokenize(line)) {
    if (token.type === 'ansi') {
      codes = reduceAnsiCodesIncremental(codes, [token]);
      styles = undefined;
    } else if (token.type === 'char') {
      styles ??= [...codes];
      out.push({ ...token, styles });
    }
  }
  return out;
}

function styledChars(line: string): StyledChar[] {
  let chars = styledLines.get(line);
  if (chars === undefined) {
    chars = styledCharsFromTokens(line);
    styledLines.set(line, chars);
  }
  return chars;
}

function charWidth(value: string): number {
  let width = charWidths.get(value);
  if (width === undefined) {
    width = stringWidth(value);
    charWidths.set(value, width);
  }
  return width;
}

function sameStyles(a: StyledChar['styles'], b: StyledChar['styles']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
  return true;
}

/**
 * ansi-tokenize's styledCharsToString, without its cost where nothing changes: between two characters
 * of the same style the difference it computes (with three Sets per character) is empty, so only a
 * change of style is diffed.
 */
function styledCharsToString(chars: StyledChar[]): string {
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (i === 0) out += ansiCodesToString(char.styles);
    else if (!sameStyles(chars[i - 1].styles, char.styles)) out += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
    out += char.value;
    if (i === chars.length - 1 && char.styles.length > 0) out += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return out;
}

function sameCells(a: readonly (StyledChar | undefined)[], b: readonly (StyledChar | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One frame's write and clip operations, turned into the text Ink writes to the terminal. */
export default class Output {
  width: number;
  height: number;
  private readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    const rows: (StyledChar | undefined)[][] = [];
    // Layout sizes can be fractional: as many cells as Ink's loop `x < width` makes.
    const cells = this.width > 0 ? Math.ceil(this.width) : 0;
    for (let y = 0; y < this.height; y++) rows.push(new Array<StyledChar>(cells).fill(BLANK));
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') {
        clips.push(operation.clip);
        continue;
      }
      if (operation.type === 'unclip') {
        clips.pop();
        continue;
      }
      const { text, transformers } = operation;
      let { x, y } = operation;
      let lines = text.split('\n');
      const clip = clips.at(-1);
      if (clip) {
        const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
        const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
        // Text entirely outside the clipping area is skipped.
        if (clipHorizontally) {
          const width = widestLine(text);
          if (x + width < clip.x1! || x > clip.x2!) continue;
        }
        if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
        if (clipHorizontally) {
          lines = lines.map((line) => {
            const from = x < clip.x1! ? clip.x1! - x : 0;
            const width = widestLine(line);
            const to = x + width > clip.x2! ? clip.x2! - x : width;
            const key = `${from}:${to}:${line}`;
            let cut = slices.get(key);
            if (cut === undefined) {
              cut = sliceAnsi(line, from, to);
              slices.set(key, cut);
            }
            return cut;
          });
          if (x < clip.x1!) x = clip.x1!;
        }
        if (clipVertically) {
          const from = y < clip.y1! ? clip.y1! - y : 0;
          const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
          lines = lines.slice(from, to);
          if (y < clip.y1!) y = clip.y1!;
        }
      }
      let offsetY = 0;
      for (let index = 0; index < lines.length; index++) {
        const row = rows[y + offsetY];
        // A text taller than the output has lines with no row to go to.
        if (!row) continue;
        let line = lines[index];
        for (const transformer of transformers) line = transformer(line, index);
        let offsetX = x;
        for (const character of styledChars(line)) {
          row[offsetX] = character;
          const width = Math.max(1, charWidth(character.value));
          // A wide character covers the next cells: blank them so no stray space shows.
          for (let i = 1; i < width; i++) row[offsetX + i] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
          offsetX += width;
        }
        offsetY++;
      }
    }
    const texts: string[] = [];
    const next: typeof previousRows = [];
    for (let y = 0; y < rows.length; y++) {
      const cells = rows[y];
      const before = previousRows[y];
      const text = before && sameCells(before.cells, cells) ? before.text : styledCharsToString(cells.filter((c): c is StyledChar => c !== undefined)).trimEnd();
      texts.push(text);
      next.push({ cells, text });
    }
    previousRows = next;
    return { output: texts.join('\n'), height: rows.length };
  }
}
