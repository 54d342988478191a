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

const MAGIC = 'cloudya-semantic-1';
const FILE = 'knowledge-semantic.bin';
const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the build writes the model: beside dist/src/ when running the build, dist/ of the checkout when running the sources. */
export function semanticFile(): string {
  const up = path.resolve(here, '..', '..', '..');
  const beside = path.join(up, FILE);
  return existsSync(beside) ? beside : path.join(up, 'dist', FILE);
}

/**
 * The model as bytes: a length-prefixed JSON head (format, k, terms), then per term its idf and scale (float32),
 * then its k coordinates as int8 (scaled to the row's largest): ~1/4 of float32 for the same ranking.
 */
export function encodeSemantic(model: SemanticModel): Buffer {
  const head = Buffer.from(JSON.stringify({ magic: MAGIC, k: model.k, terms: model.terms }));
  const padded = Math.ceil((4 + head.length) / 4) * 4;
  const n = model.terms.length;
  const out = Buffer.alloc(padded + 8 * n + n * model.k);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  const idf = new Float32Array(out.buffer, out.byteOffset + padded, n);
  const scale = new Float32Array(out.buffer, out.byteOffset + padded + 4 * n, n);
  const q = new Int8Array(out.buffer, out.byteOffset + padded + 8 * n, n * model.k);
  for (let j = 0; j < n; j++) {
    idf[j] = model.idf[j];
    let max = 0;
    for (let c = 0; c < model.k; c++) max = Math.max(max, Math.abs(model.vectors[j * model.k + c]));
    scale[j] = max / 127;
    for (let c = 0; c < model.k; c++) q[j * model.k + c] = max ? Math.round((model.vectors[j * model.k + c] / max) * 127) : 0;
  }
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
  private readonly rows = new Map<string, number>();

  private constructor(
    readonly k: number,
    terms: string[],
    private readonly idf: Float32Array,
    private readonly scale: Float32Array,
    private readonly coords: Int8Array,
  ) {
    terms.forEach((t, i) => this.rows.set(t, i));
  }

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
    const head = JSON.parse(data.subarray(4, 4 + headLength).toString('utf8')) as { magic?: string; k?: number; terms?: string[] };
    if (head.magic !== MAGIC || !Number.isInteger(head.k) || !Array.isArray(head.terms)) return null;
    const n = head.terms.length;
    const k = head.k!;
    const padded = Math.ceil((4 + headLength) / 4) * 4;
    if (data.length !== padded + 8 * n + n * k) return null;
    // Copied out of the file's buffer: Node may hand out a pooled, unaligned one.
    const body = new Uint8Array(data.subarray(padded));
    return new SemanticSpace(k, head.terms, new Float32Array(body.buffer, 0, n), new Float32Array(body.buffer, 4 * n, n), new Int8Array(body.buffer, 8 * n, n * k));
  }

  /** The direction of weighted terms (each also weighted by its idf), or undefined when the space knows none of them. */
  embed(weights: Iterable<readonly [string, number]>): Meaning | undefined {
    const v = new Float32Array(this.k);
    let any = false;
    for (const [t, w] of weights) {
      const row = this.rows.get(t);
      if (row === undefined || w <= 0) continue;
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
}

function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (let c = 0; c < v.length; c++) norm += v[c] * v[c];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < v.length; c++) v[c] /= norm;
  return v;
}
