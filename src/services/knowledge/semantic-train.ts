/**
 * Trains the semantic space of the knowledge base (latent semantic analysis): a truncated SVD of the
 * phrasing-by-term matrix of every entry's curated phrasings (titles, questions, keywords in both languages).
 * Words used in the same phrasings - "disappears" and "killed", "redemarre" and "restart", "retard" and
 * "lag" - end up close, so a question can be near an entry it shares few exact words with. Run by the build
 * (a few seconds); searching only reads the result (semantic.ts).
 *
 * The SVD is randomized (range finder with power iterations, then the eigen-decomposition of a small Gram
 * matrix): the matrix is ~30k x 9k and sparse, and only its top singular directions are wanted.
 */

import { writeCache } from './cache.js';
import { loadKnowledge } from './load.js';
import { phrasingTexts } from './search.js';
import { encodeSemantic, phrasingHash, SemanticSpace } from './semantic.js';
import { terms } from './text.js';

/** What the build writes: for each term, its weight (idf over phrasings) and its k coordinates. */
export interface SemanticModel {
  k: number;
  terms: string[];
  idf: Float32Array;
  /** terms.length x k, row-major. */
  vectors: Float32Array;
}

/** Deterministic normal deviates (the same build gives the same model). */
function gaussian(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Sparse rows: for row i, columns col[ptr[i]..ptr[i+1]) with values val. */
interface Csr {
  rows: number;
  cols: number;
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** X (rows x cols) times D (cols x l, column-major) -> rows x l, column-major. */
function times(x: Csr, d: Float64Array, l: number): Float64Array {
  const out = new Float64Array(x.rows * l);
  for (let i = 0; i < x.rows; i++)
    for (let p = x.ptr[i]; p < x.ptr[i + 1]; p++) {
      const j = x.col[p];
      const v = x.val[p];
      for (let c = 0; c < l; c++) out[c * x.rows + i] += v * d[c * x.cols + j];
    }
  return out;
}

/** X transposed (cols x rows) times D (rows x l, column-major) -> cols x l, column-major. */
function timesTransposed(x: Csr, d: Float64Array, l: number): Float64Array {
  const out = new Float64Array(x.cols * l);
  for (let i = 0; i < x.rows; i++)
    for (let p = x.ptr[i]; p < x.ptr[i + 1]; p++) {
      const j = x.col[p];
      const v = x.val[p];
      for (let c = 0; c < l; c++) out[c * x.cols + j] += v * d[c * x.rows + i];
    }
  return out;
}

/** Orthonormalises the l columns (length n, column-major) in place: modified Gram-Schmidt, run twice for accuracy. */
function orthonormalise(m: Float64Array, n: number, l: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let c = 0; c < l; c++) {
      const col = m.subarray(c * n, (c + 1) * n);
      for (let p = 0; p < c; p++) {
        const prev = m.subarray(p * n, (p + 1) * n);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += col[i] * prev[i];
        for (let i = 0; i < n; i++) col[i] -= dot * prev[i];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += col[i] * col[i];
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) col[i] /= norm;
    }
}

/** Eigen-decomposition of a symmetric l x l matrix (row-major, destroyed): eigenvalues and eigenvectors as columns (cyclic Jacobi). */
function symmetricEigen(a: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q] * a[p * l + q];
    if (off < 1e-22) break;
    for (let p = 0; p < l; p++)
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * l + q] - a[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p];
          const akq = a[k * l + q];
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k];
          const aqk = a[q * l + k];
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p];
          const vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i];
  return { values, vectors: v };
}

/** The semantic model of a list of phrasings (each the terms of one title, question or keyword). */
export function trainSemantic(phrasings: string[][], k = 160, seed = 20261207): SemanticModel {
  const index = new Map<string, number>();
  for (const line of phrasings) for (const t of line) if (!index.has(t)) index.set(t, index.size);
  const terms = [...index.keys()];
  const docs = phrasings.filter((line) => line.length);
  const df = new Float64Array(terms.length);
  const rows = docs.map((line) => {
    const counts = new Map<number, number>();
    for (const t of line) counts.set(index.get(t)!, (counts.get(index.get(t)!) ?? 0) + 1);
    for (const j of counts.keys()) df[j]++;
    return counts;
  });
  const idf = new Float32Array(terms.length);
  for (let j = 0; j < terms.length; j++) idf[j] = Math.log(docs.length / Math.max(1, df[j]));
  const nnz = rows.reduce((sum, r) => sum + r.size, 0);
  const x: Csr = { rows: docs.length, cols: terms.length, ptr: new Int32Array(docs.length + 1), col: new Int32Array(nnz), val: new Float64Array(nnz) };
  let p = 0;
  rows.forEach((counts, i) => {
    for (const [j, n] of counts) {
      x.col[p] = j;
      x.val[p++] = Math.log1p(n) * idf[j];
    }
    x.ptr[i + 1] = p;
  });
  const rank = Math.min(k, terms.length, docs.length);
  const l = Math.min(rank + 40, terms.length, docs.length);
  // Range of X^T X: a random start and three power iterations (the spectrum of text decays slowly).
  const next = gaussian(seed);
  let z: Float64Array = new Float64Array(x.cols * l).map(() => next());
  for (let it = 0; it < 3; it++) {
    z = timesTransposed(x, times(x, z, l), l);
    orthonormalise(z, x.cols, l);
  }
  // X Q = U S R^T: the Gram matrix (X Q)^T (X Q) = R S^2 R^T gives R; the right singular vectors of X are Q R.
  const xq = times(x, z, l);
  const gram = new Float64Array(l * l);
  for (let a = 0; a < l; a++)
    for (let b = a; b < l; b++) {
      let dot = 0;
      const ca = xq.subarray(a * x.rows, (a + 1) * x.rows);
      const cb = xq.subarray(b * x.rows, (b + 1) * x.rows);
      for (let i = 0; i < x.rows; i++) dot += ca[i] * cb[i];
      gram[a * l + b] = dot;
      gram[b * l + a] = dot;
    }
  const { values, vectors: r } = symmetricEigen(gram, l);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, rank);
  const vectors = new Float32Array(terms.length * rank);
  for (let j = 0; j < terms.length; j++)
    for (let c = 0; c < rank; c++) {
      const e = order[c];
      let sum = 0;
      for (let a = 0; a < l; a++) sum += z[a * x.cols + j] * r[a * l + e];
      vectors[j * rank + c] = sum;
    }
  return { k: rank, terms, idf, vectors };
}

/** Trains the semantic space of a knowledge folder's phrasings into `file` (run by the build, a few seconds). Returns the term count. */
export function writeSemantic(dir: string, file: string): number {
  const entries = loadKnowledge([dir]).entries.map((e) => ({ id: e.id, texts: phrasingTexts(e) }));
  const lines = entries.map((e) => e.texts.map((t) => terms(t)));
  const model = trainSemantic(lines.flat());
  // Each entry placed as a search would place it (from the quantised terms), so a search reads it instead of computing it.
  const space = SemanticSpace.decode(encodeSemantic(model))!;
  const placed = entries.flatMap((e, i) => {
    const meaning = space.centroid(lines[i].map((ts) => new Set(ts)));
    return meaning ? [{ id: e.id, hash: phrasingHash(e.texts), meaning }] : [];
  });
  writeCache(file, encodeSemantic(model, placed));
  return model.terms.length;
}
