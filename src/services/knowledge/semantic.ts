/**
 * The semantic space of the knowledge base at search time: each term's coordinates in the latent space the
 * build trained (semantic-train.ts), read once from dist/knowledge-semantic.bin. A question and an entry are
 * compared by the direction of their words there, so "my java process just disappears" leans toward the
 * out-of-memory entry whose phrasings say "killed". Entries the model never saw (a folder of the user's own,
 * an entry edited since the build) are placed by their words all the same; words it never saw count for nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SemanticModel } from './semantic-train.js';

const MAGIC = 'cloudya-semantic-2';
const FILE = 'knowledge-semantic.bin';
const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the build writes the model: beside dist/src/ when running the build, dist/ of the checkout when running the sources. */
export function semanticFile(): string {
  const up = path.resolve(here, '..', '..', '..');
  const beside = path.join(up, FILE);
  return existsSync(beside) ? beside : path.join(up, 'dist', FILE);
}

/** An entry's direction computed by the build, keyed by its id and the hash of its phrasings (phrasingHash). */
export interface EntryMeaning {
  id: string;
  hash: number;
  meaning: Meaning;
}

/** FNV-1a of an entry's phrasing texts: tells whether the entry the build placed is still the one being searched. */
export function phrasingHash(texts: string[]): number {
  let h = 0x811c9dc5;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  }
  return h >>> 0;
}

/** Rows quantised to int8, each scaled to its largest coordinate: ~1/4 of float32 for the same ranking. */
function quantise(rows: Float32Array, k: number, scale: Float32Array, out: Int8Array): void {
  for (let j = 0; j < scale.length; j++) {
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(rows[j * k + c]));
    scale[j] = max / 127;
    for (let c = 0; c < k; c++) out[j * k + c] = max ? Math.round((rows[j * k + c] / max) * 127) : 0;
  }
}

/**
 * The model as bytes: a length-prefixed JSON head (format, k, the terms sorted and joined by newlines, the placed
 * entries' ids and hashes), padded to 4 bytes, then per term its idf and scale (float32) and its k coordinates (int8),
 * then per placed entry its scale (float32) and direction (int8). Read without parsing a table per term: the terms are
 * found by binary search and the numbers are views on the file's bytes, so a one-shot `ask` pays ~1 ms for it.
 */
export function encodeSemantic(model: SemanticModel, entries: EntryMeaning[] = []): Buffer {
  const order = [...model.terms.keys()].sort((a, b) => (model.terms[a] < model.terms[b] ? -1 : model.terms[a] > model.terms[b] ? 1 : 0));
  const { k } = model;
  const n = order.length;
  const m = entries.length;
  const head = Buffer.from(JSON.stringify({ magic: MAGIC, k, terms: order.map((j) => model.terms[j]).join('\n'), entries: entries.map((e) => [e.id, e.hash]) }));
  const padded = Math.ceil((4 + head.length) / 4) * 4;
  const out = Buffer.alloc(padded + 8 * n + 4 * m + Math.ceil((n * k) / 4) * 4 + m * k);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  const at = (offset: number) => out.byteOffset + padded + offset;
  const idf = new Float32Array(out.buffer, at(0), n);
  const sortedRows = new Float32Array(n * k);
  order.forEach((j, i) => {
    idf[i] = model.idf[j];
    sortedRows.set(model.vectors.subarray(j * k, (j + 1) * k), i * k);
  });
  quantise(sortedRows, k, new Float32Array(out.buffer, at(4 * n), n), new Int8Array(out.buffer, at(8 * n + 4 * m), n * k));
  const entryRows = new Float32Array(m * k);
  entries.forEach((e, i) => entryRows.set(e.meaning, i * k));
  quantise(entryRows, k, new Float32Array(out.buffer, at(8 * n), m), new Int8Array(out.buffer, at(8 * n + 4 * m + Math.ceil((n * k) / 4) * 4), m * k));
  return out;
}

/** A unit vector in the space. */
export type Meaning = Float32Array;

/** Cosine of two unit vectors. */
export function similarity(a: Meaning, b: Meaning): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

/** The trained space, read from its file. */
export class SemanticSpace {
  private static shared = new Map<string, SemanticSpace | null>();

  private constructor(
    readonly k: number,
    /** Sorted. */
    private readonly terms: string[],
    private readonly idf: Float32Array,
    private readonly scale: Float32Array,
    private readonly coords: Int8Array,
    private readonly placed: Map<string, { hash: number; row: number }>,
    private readonly entryScale: Float32Array,
    private readonly entryCoords: Int8Array,
  ) {}

  /** The space in `file` (read once per process), or undefined when there is none or it is not one. */
  static open(file = semanticFile()): SemanticSpace | undefined {
    let space = this.shared.get(file);
    if (space === undefined) {
      space = null;
      try {
        if (existsSync(file)) space = SemanticSpace.decode(readFileSync(file));
      } catch {
        // An unreadable or truncated model only costs the search its semantic signal.
      }
      this.shared.set(file, space);
    }
    return space ?? undefined;
  }

  /** Reads encodeSemantic's bytes (null when they are not a model of this format). */
  static decode(data: Buffer): SemanticSpace | null {
    if (data.length < 4) return null;
    const headLength = data.readUInt32LE(0);
    if (4 + headLength > data.length) return null;
    const head = JSON.parse(data.subarray(4, 4 + headLength).toString('utf8')) as { magic?: string; k?: number; terms?: string; entries?: Array<[string, number]> };
    if (head.magic !== MAGIC || !Number.isInteger(head.k) || typeof head.terms !== 'string' || !Array.isArray(head.entries)) return null;
    // No terms at all (a base without phrasings) is an empty space, not a space of one empty term.
    const terms = head.terms ? head.terms.split('\n') : [];
    const n = terms.length;
    const m = head.entries.length;
    const k = head.k!;
    const padded = Math.ceil((4 + headLength) / 4) * 4;
    const termBytes = Math.ceil((n * k) / 4) * 4;
    if (data.length !== padded + 8 * n + 4 * m + termBytes + m * k) return null;
    // Views on the file's own bytes when they are aligned for float32 (a file read whole has its own buffer), else a copy.
    const body = (data.byteOffset + padded) % 4 === 0 ? new Uint8Array(data.buffer, data.byteOffset + padded) : new Uint8Array(data.subarray(padded));
    const at = body.byteOffset;
    const placed = new Map(head.entries.map(([id, hash], row) => [id, { hash, row }]));
    return new SemanticSpace(
      k,
      terms,
      new Float32Array(body.buffer, at, n),
      new Float32Array(body.buffer, at + 4 * n, n),
      new Int8Array(body.buffer, at + 8 * n + 4 * m, n * k),
      placed,
      new Float32Array(body.buffer, at + 8 * n, m),
      new Int8Array(body.buffer, at + 8 * n + 4 * m + termBytes, m * k),
    );
  }

  /** The row of a term (binary search of the sorted terms), or -1. */
  private row(t: string): number {
    let lo = 0;
    let hi = this.terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = this.terms[mid];
      if (x === t) return mid;
      if (x < t) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The direction of weighted terms (each also weighted by its idf), or undefined when the space knows none of them. */
  embed(weights: Iterable<readonly [string, number]>): Meaning | undefined {
    const v = new Float32Array(this.k);
    let any = false;
    for (const [t, w] of weights) {
      const row = this.row(t);
      if (row < 0 || w <= 0) continue;
      const f = w * this.idf[row] * this.scale[row];
      if (!f) continue;
      any = true;
      const base = row * this.k;
      for (let c = 0; c < this.k; c++) v[c] += f * this.coords[base + c];
    }
    return any ? normalised(v) : undefined;
  }

  /** The direction of an entry: the mean of its phrasings' directions (each phrasing one way of asking for it). */
  centroid(lines: Iterable<Iterable<string>>): Meaning | undefined {
    const sum = new Float32Array(this.k);
    let any = false;
    for (const line of lines) {
      const v = this.embed([...line].map((t) => [t, 1] as const));
      if (!v) continue;
      any = true;
      for (let c = 0; c < this.k; c++) sum[c] += v[c];
    }
    return any ? normalised(sum) : undefined;
  }

  /**
   * An entry's direction: the one the build placed when the entry's phrasings are unchanged (hash), else computed from
   * its phrasings' terms (`lines`, asked only then) - an entry of the user's own folder, or one edited since the build.
   */
  meaningOf(id: string, hash: number, lines: () => Iterable<Iterable<string>>): Meaning | undefined {
    const placed = this.placed.get(id);
    if (!placed || placed.hash !== hash) return this.centroid(lines());
    const v = new Float32Array(this.k);
    const f = this.entryScale[placed.row];
    for (let c = 0; c < this.k; c++) v[c] = f * this.entryCoords[placed.row * this.k + c];
    return normalised(v);
  }
}

function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (let c = 0; c < v.length; c++) norm += v[c] * v[c];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < v.length; c++) v[c] /= norm;
  return v;
}
