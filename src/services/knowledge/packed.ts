/**
 * The knowledge caches' file format (~/.cloudya/cache/knowledge.pack, dist/knowledge-cache.pack). A question needs
 * the whole search index but the text of only the entry it shows, so the file holds, in this order:
 * - a small JSON head: the cache key, files, problems, every term, each entry's id, domain and title;
 * - the index as typed arrays, used as read (no parsing, no map or object per term or entry): a hash table from
 *   term to its number, the entries having each term, how often per field, the fields' lengths, in how many entries
 *   each term is curated, and the term numbers of each entry's phrasings (titles, questions, keywords);
 * - each entry's other fields (questions, explanation, commands...) as one JSON text per entry, read from the file
 *   when a search or an answer first touches them.
 * Its content is what KnowledgeIndex computed (exportTerms, exportStats): changing how text is tokenised or ranked
 * changes nothing here, and the cache key names that code (cache.ts). A file that is not exactly what this module
 * wrote (truncated, damaged - a checksum covers the head and the index -, another format) is refused as a whole, and
 * an entry whose text cannot be read later is taken from its YAML file instead (`recover`): a broken cache costs
 * time, never an answer.
 */
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import * as zlib from 'node:zlib';
import { debug } from '../../core/log.js';
import { FIELD_WEIGHTS, type IndexedTerms, type KnowledgeIndex, type SavedIndex, type TermCounts } from './search.js';
import type { KnowledgeBase, KnowledgeEntry, KnowledgeProblem } from './types.js';

type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];
/** The first bytes of the file; the digit is the format version. */
const MAGIC = 'CLDYKNW3';
/**
 * MAGIC, then the head's byte length, where the entries' texts start, the checksum of what lies between and how it
 * was computed (CRC32 or FNV, see checksumOf), u32 little-endian each.
 */
const PREFIX = 24;
const CRC32 = 1;
const FNV = 2;
/** Entry fields kept in the head (what listing topics needs); `source` is rebuilt from a file number and a line. */
const HEAD_FIELDS = new Set(['id', 'domain', 'title']);
/** Typed arrays are read in the machine's byte order: a file from another kind of machine is refused. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Section {
  /** Byte offset from the start of the sections (a multiple of 8) and element count. */
  at: number;
  count: number;
}

interface Head {
  key: string;
  littleEndian: boolean;
  fields: string[];
  files: string[];
  problems: Array<KnowledgeProblem & { fileIndex?: number }>;
  avgLen: Record<string, number>;
  terms: string[];
  /** The fields of an entry in their order (every entry has them: the schema makes them all). */
  keys: string[];
  entries: Array<{ head: Record<string, unknown>; file: number; line: number; body: [number, number] }>;
  /** 1 or 2: bytes per term count. */
  tfBytes: number;
  sections: { offsets: Section; docs: Section; tf: Section; lens: Section; curated: Section; table: Section; lines: Section; lineStarts: Section; questionLines: Section };
  /** The whole file's length (a truncated file is refused). */
  total: number;
}

/** A cache file whose head and index were read and checked; entries' texts stay in the file. */
export interface PackedFile {
  file: string;
  head: Head;
  offsets: Uint32Array;
  docs: Uint16Array;
  tf: Uint8Array | Uint16Array;
  lens: Uint32Array;
  curated: Uint16Array;
  /** Open addressing by hashOf: each slot holds a term's number + 1, or 0. */
  table: Uint32Array;
  /** Each entry's phrasings one after the other, each as its number of terms then their numbers; an entry's start in lineStarts. */
  lines: Uint16Array;
  lineStarts: Uint32Array;
  /** How many of an entry's phrasings are questions (Phrasings.questions). */
  questionLines: Uint16Array;
  /** Where the entries' texts start, and the file's identity (a replaced file is not read for them). */
  bodiesAt: number;
  stat: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>;
}

const align8 = (n: number) => (n + 7) & ~7;

/** FNV-1a over a term's UTF-16 code units: where the term sits in the hash table. */
function hashOf(t: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The checksum of the head and the index (a zeroed or changed byte changes it): zlib's CRC32 where Node has it
 * (20.15 and later: native, ~0.3 ms for the ~0.5 MB), else FNV-1a over 32-bit words in JavaScript (~10x slower).
 * Undefined when `kind` cannot be computed here (a file written by a Node with CRC32, read by one without).
 */
function checksumOf(bytes: Uint8Array, kind: number): number | undefined {
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (kind === CRC32) return crc32 ? crc32(bytes) >>> 0 : undefined;
  if (kind !== FNV) return undefined;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

/** The checksum kind this Node computes fastest. */
const CHECKSUM_KIND = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? CRC32 : FNV;

/** Lays out a file from its head, index sections and entries' texts. */
function assemble(head: Omit<Head, 'total'>, sections: Uint8Array, bodies: Uint8Array): Buffer {
  // The total length is in the head, whose length depends on it: two passes settle it (its digits change at most once).
  let total = 0;
  let json = '';
  for (let pass = 0; pass < 3; pass++) {
    json = JSON.stringify({ ...head, total });
    const next = align8(PREFIX + Buffer.byteLength(json)) + sections.length + bodies.length;
    if (next === total) break;
    total = next;
  }
  const headBytes = Buffer.from(json);
  const sectionsAt = align8(PREFIX + headBytes.length);
  // Its own ArrayBuffer, 8-aligned, so the checksum reads it as words.
  const out = Buffer.from(new ArrayBuffer(total));
  const bodiesAt = sectionsAt + sections.length;
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headBytes.length, 8);
  out.writeUInt32LE(bodiesAt, 12);
  headBytes.copy(out, PREFIX);
  out.set(sections, sectionsAt);
  out.set(bodies, bodiesAt);
  out.writeUInt32LE(checksumOf(out.subarray(PREFIX, bodiesAt), CHECKSUM_KIND)!, 16);
  out.writeUInt32LE(CHECKSUM_KIND, 20);
  return out;
}

/**
 * The cache file of a base and the index built from it, under `key`; `stored` names each file in it (paths
 * relative to the knowledge folder in the cache shipped with the package). Throws when the base does not fit the format.
 */
export function packKnowledge(base: KnowledgeBase, index: KnowledgeIndex, key: string, stored: (file: string) => string = (f) => f): Buffer {
  const n = base.entries.length;
  if (n > 0xffff) throw new Error(`too many entries for the cache (${n})`);
  const perDoc: IndexedTerms[] = index.exportTerms();
  const stats = index.exportStats();
  const terms = stats.postings.map(([t]) => t);
  if (terms.length > 0xffff) throw new Error(`too many terms for the cache (${terms.length})`);
  const ids = new Map(terms.map((t, i) => [t, i]));
  const total = stats.postings.reduce((sum, [, docs]) => sum + docs.length, 0);
  const F = FIELDS.length;
  const offsets = new Uint32Array(terms.length + 1);
  const docs = new Uint16Array(total);
  stats.postings.forEach(([, list], i) => {
    offsets[i + 1] = offsets[i] + list.length;
    docs.set(list, offsets[i]);
  });
  let maxTf = 0;
  for (const d of perDoc) for (const f of FIELDS) for (const [, c] of d[f].tf) maxTf = Math.max(maxTf, c);
  if (maxTf > 0xffff) throw new Error(`a term occurs too often for the cache (${maxTf})`);
  const tf = maxTf > 0xff ? new Uint16Array(total * F) : new Uint8Array(total * F);
  // Postings list entries in ascending order, so an entry's place in a term's list is that term's next free slot.
  const next = offsets.slice(0, terms.length);
  const lens = new Uint32Array(n * F);
  perDoc.forEach((d, doc) => {
    const slot = new Map<number, number>();
    FIELDS.forEach((f, fi) => {
      lens[doc * F + fi] = d[f].len;
      for (const [t, c] of d[f].tf) {
        const id = ids.get(t)!;
        let p = slot.get(id);
        if (p === undefined) {
          p = next[id]++;
          if (docs[p] !== doc) throw new Error(`postings of "${t}" out of order`);
          slot.set(id, p);
        }
        tf[p * F + fi] = c;
      }
    });
  });
  const lineStarts = new Uint32Array(n + 1);
  const lineNumbers: number[] = [];
  perDoc.forEach((d, doc) => {
    for (const line of d.phrasings.lines) {
      lineNumbers.push(line.length);
      for (const t of line) {
        const id = ids.get(t);
        // Phrasings are indexed fields: a term of one that the index lacks means the tokenisers disagree.
        if (id === undefined) throw new Error(`a phrasing term of entry ${base.entries[doc].id} is not indexed ("${t}")`);
        lineNumbers.push(id);
      }
    }
    lineStarts[doc + 1] = lineNumbers.length;
  });
  if (lineNumbers.some((x) => x > 0xffff)) throw new Error('a phrasing is too long for the cache');
  const lines = Uint16Array.from(lineNumbers);
  const questionLines = Uint16Array.from(perDoc, (d) => d.phrasings.questions);
  const curatedDf = new Map(stats.curated);
  const curated = Uint16Array.from(terms, (t) => curatedDf.get(t) ?? 0);
  // At most half full, so a lookup probes a slot or two.
  let slots = 16;
  while (slots < terms.length * 2) slots *= 2;
  const table = new Uint32Array(slots);
  terms.forEach((t, i) => {
    let slot = hashOf(t) & (slots - 1);
    while (table[slot] !== 0) slot = (slot + 1) & (slots - 1);
    table[slot] = i + 1;
  });
  // The sections, each 8-aligned so a typed array can sit on the bytes read.
  const parts: Array<[keyof Head['sections'], ArrayBufferView & { length: number }]> = [
    ['offsets', offsets],
    ['docs', docs],
    ['tf', tf],
    ['lens', lens],
    ['curated', curated],
    ['table', table],
    ['lines', lines],
    ['lineStarts', lineStarts],
    ['questionLines', questionLines],
  ];
  const sections = {} as Head['sections'];
  let size = 0;
  for (const [name, arr] of parts) {
    sections[name] = { at: size, count: arr.length };
    size = align8(size + arr.byteLength);
  }
  const sectionBytes = new Uint8Array(size);
  for (const [name, arr] of parts) sectionBytes.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), sections[name].at);
  // Entries: the head fields in the head, the rest as one JSON text each.
  const fileIndex = new Map(base.files.map((f, i) => [f, i]));
  const keys = base.entries.length ? Object.keys(base.entries[0]) : [];
  const bodies: Buffer[] = [];
  let bodySize = 0;
  const entries = base.entries.map((e) => {
    const own = Object.keys(e);
    if (own.join('\0') !== keys.join('\0')) throw new Error(`entry ${e.id} has other fields than the first one`);
    const head: Record<string, unknown> = {};
    const body: Record<string, unknown> = {};
    for (const k of keys) if (k !== 'source') (HEAD_FIELDS.has(k) ? head : body)[k] = (e as unknown as Record<string, unknown>)[k];
    const bytes = Buffer.from(JSON.stringify(body));
    bodies.push(bytes);
    const file = fileIndex.get(e.source.file);
    if (file === undefined) throw new Error(`entry ${e.id} comes from a file not in the list`);
    const entry = { head, file, line: e.source.line, body: [bodySize, bytes.length] as [number, number] };
    bodySize += bytes.length;
    return entry;
  });
  const head: Omit<Head, 'total'> = {
    key,
    littleEndian: LITTLE_ENDIAN,
    fields: FIELDS,
    files: base.files.map(stored),
    problems: base.problems.map((p) => {
      const i = fileIndex.get(p.file);
      return i === undefined ? p : { ...p, file: '', fileIndex: i };
    }),
    avgLen: stats.avgLen,
    terms,
    keys,
    entries,
    tfBytes: tf.BYTES_PER_ELEMENT,
    sections,
  };
  return assemble(head, sectionBytes, Buffer.concat(bodies));
}

/** Reads exactly `length` bytes at `position`. */
function readFully(fd: number, buf: Uint8Array, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw new Error('the file is shorter than its head says');
    done += n;
  }
}

/** A typed array over a section of `bytes` (which start at the file's byte PREFIX), checked to lie inside them. */
function view<T>(make: new (buffer: ArrayBuffer, byteOffset: number, length: number) => T, bytes: Uint8Array<ArrayBuffer>, base: number, s: Section, width: number): T {
  if (!Number.isInteger(s.at) || !Number.isInteger(s.count) || s.at % 8 || s.at < 0 || s.count < 0 || base + s.at + s.count * width > bytes.length) throw new Error('a section lies outside the file');
  return new make(bytes.buffer, bytes.byteOffset + base + s.at, s.count);
}

/** Checks that the parts of the index agree (their bytes are the ones written: the checksum said so). */
function checkIndex(p: PackedFile): void {
  const { head, offsets, docs } = p;
  const n = head.entries.length;
  const T = head.terms.length;
  const F = head.fields.length;
  if (offsets.length !== T + 1 || offsets[T] !== docs.length) throw new Error('postings do not add up');
  if (p.tf.length !== docs.length * F || p.lens.length !== n * F || p.curated.length !== T || p.lineStarts.length !== n + 1 || p.questionLines.length !== n) throw new Error('index sizes do not match');
  if (p.lineStarts[n] !== p.lines.length) throw new Error('phrasings do not add up');
  // Each entry's phrasings start where the previous entry's end; their term numbers are what the checksum vouches for
  // (walking all ~100k of them on every start cost ~2 ms, and a wrong one would only make a search miss).
  for (let i = 0; i < n; i++) if (p.lineStarts[i] > p.lineStarts[i + 1]) throw new Error('phrasings out of order');
  if (p.table.length < T + 1 || p.table.length & (p.table.length - 1)) throw new Error('the term table does not fit');
  const room = head.total - p.bodiesAt;
  for (const e of head.entries) {
    const [at, length] = e.body;
    if (!(at >= 0 && length > 0 && at + length <= room) || !(e.file >= 0 && e.file < head.files.length)) throw new Error('an entry points outside the file');
  }
}

/** The cache file's head and index, checked; undefined when it is missing or not exactly what packKnowledge writes. */
export function openPacked(file: string): PackedFile | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    const prefix = Buffer.alloc(PREFIX);
    readFully(fd, prefix, 0);
    if (prefix.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a knowledge cache of this version');
    const headLength = prefix.readUInt32LE(8);
    const bodiesAt = prefix.readUInt32LE(12);
    const sectionsAt = align8(PREFIX + headLength);
    if (bodiesAt < sectionsAt || bodiesAt > stat.size) throw new Error('the file is shorter than its head says');
    // Its own ArrayBuffer, so the typed arrays below are aligned.
    const bytes = new Uint8Array(new ArrayBuffer(bodiesAt - PREFIX));
    readFully(fd, bytes, PREFIX);
    const sum = checksumOf(bytes, prefix.readUInt32LE(20));
    if (sum === undefined) throw new Error('its checksum cannot be computed by this Node');
    if (sum !== prefix.readUInt32LE(16)) throw new Error('damaged (its checksum does not match)');
    const head = JSON.parse(Buffer.from(bytes.buffer, 0, headLength).toString('utf8')) as Head;
    if (head.total !== stat.size) throw new Error('the file is not as long as its head says');
    if (head.littleEndian !== LITTLE_ENDIAN) throw new Error('written on a machine of another byte order');
    if (head.fields.join('\0') !== FIELDS.join('\0')) throw new Error('written for other index fields');
    const base = sectionsAt - PREFIX;
    const s = head.sections;
    const packed: PackedFile = {
      file,
      head,
      offsets: view(Uint32Array, bytes, base, s.offsets, 4),
      docs: view(Uint16Array, bytes, base, s.docs, 2),
      tf: head.tfBytes === 2 ? view(Uint16Array, bytes, base, s.tf, 2) : view(Uint8Array, bytes, base, s.tf, 1),
      lens: view(Uint32Array, bytes, base, s.lens, 4),
      curated: view(Uint16Array, bytes, base, s.curated, 2),
      table: view(Uint32Array, bytes, base, s.table, 4),
      lines: view(Uint16Array, bytes, base, s.lines, 2),
      lineStarts: view(Uint32Array, bytes, base, s.lineStarts, 4),
      questionLines: view(Uint16Array, bytes, base, s.questionLines, 2),
      bodiesAt,
      stat: { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs },
    };
    checkIndex(packed);
    return packed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') debug(`knowledge cache ${file} unusable: ${(err as Error).message}`);
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The same cache under another key and file names (the shipped cache copied into the user's); undefined when the file
 * was replaced since `p` was read from it (a build running meanwhile): its content might not be what `key` names.
 */
export function repackWith(p: PackedFile, key: string, stored: (file: string) => string, from: (storedFile: string) => string): Buffer | undefined {
  const fd = openSync(p.file, 'r');
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (st.ino !== p.stat.ino || st.dev !== p.stat.dev || st.size !== p.stat.size || st.mtimeMs !== p.stat.mtimeMs) return undefined;
    bytes = Buffer.allocUnsafe(st.size);
    readFully(fd, bytes, 0);
  } finally {
    closeSync(fd);
  }
  const { total: _total, ...rest } = p.head;
  const sectionsAt = align8(PREFIX + bytes.readUInt32LE(8));
  return assemble({ ...rest, key, files: p.head.files.map((f) => stored(from(f))) }, bytes.subarray(sectionsAt, p.bodiesAt), bytes.subarray(p.bodiesAt));
}

/** One field of one entry, looked up in the postings (what a Map of that entry's terms would answer). */
class FieldCounts implements TermCounts {
  constructor(
    private readonly index: PackedIndex,
    private readonly doc: number,
    private readonly field: number,
  ) {}

  get(t: string): number | undefined {
    const p = this.index.posting(t, this.doc);
    if (p < 0) return undefined;
    return this.index.tf[p * this.index.width + this.field] || undefined;
  }

  has(t: string): boolean {
    return this.get(t) !== undefined;
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    const terms = this.index.terms;
    for (let t = 0; t < terms.length; t++) {
      const n = this.get(terms[t]);
      if (n !== undefined) yield [terms[t], n];
    }
  }
}

/** A per-term figure of the index as a read-only Map (terms in the index's order; a term whose figure is 0 is absent). */
class TermFigures implements ReadonlyMap<string, number> {
  constructor(
    private readonly index: PackedIndex,
    private readonly figure: (id: number) => number,
  ) {}

  /** The figures asked so far: a search asks the same few terms' again and again (idf of every candidate). */
  private readonly asked = new Map<string, number>();

  get(t: string): number | undefined {
    let n = this.asked.get(t);
    if (n === undefined) {
      const id = this.index.id(t);
      n = id < 0 ? 0 : this.figure(id);
      this.asked.set(t, n);
    }
    return n || undefined;
  }

  has(t: string): boolean {
    return this.get(t) !== undefined;
  }

  get size(): number {
    let n = 0;
    for (let id = 0; id < this.index.terms.length; id++) if (this.figure(id)) n++;
    return n;
  }

  *entries(): MapIterator<[string, number]> {
    const terms = this.index.terms;
    for (let id = 0; id < terms.length; id++) {
      const n = this.figure(id);
      if (n) yield [terms[id], n];
    }
  }

  *keys(): MapIterator<string> {
    for (const [t] of this.entries()) yield t;
  }

  *values(): MapIterator<number> {
    for (const [, n] of this.entries()) yield n;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [t, n] of this.entries()) fn(n, t, this);
  }
}

/** The index of a cache file, as KnowledgeIndex reads it (see SavedIndex). */
class PackedIndex implements SavedIndex {
  readonly terms: string[];
  readonly avgLen: Record<Field, number>;
  readonly tf: Uint8Array | Uint16Array;
  readonly width = FIELDS.length;
  readonly df: TermFigures;
  readonly curatedDf: TermFigures;
  /** The terms looked up so far (a search asks the same few many times), with their number or -1. */
  private readonly known = new Map<string, number>();

  constructor(readonly packed: PackedFile) {
    this.terms = packed.head.terms;
    this.avgLen = packed.head.avgLen as Record<Field, number>;
    this.tf = packed.tf;
    const { offsets, curated } = packed;
    this.df = new TermFigures(this, (id) => offsets[id + 1] - offsets[id]);
    this.curatedDf = new TermFigures(this, (id) => curated[id]);
  }

  /** A term's number, or -1 when the base does not have it. */
  id(t: string): number {
    let id = this.known.get(t);
    if (id === undefined) {
      id = -1;
      const { table } = this.packed;
      const mask = table.length - 1;
      // The table is at most half full: a free slot ends every probe.
      for (let slot = hashOf(t) & mask, probes = 0; table[slot] !== 0 && probes <= mask; slot = (slot + 1) & mask, probes++) {
        if (this.terms[table[slot] - 1] === t) {
          id = table[slot] - 1;
          break;
        }
      }
      this.known.set(t, id);
    }
    return id;
  }

  postings(t: string): Uint16Array | undefined {
    const id = this.id(t);
    return id < 0 ? undefined : this.packed.docs.subarray(this.packed.offsets[id], this.packed.offsets[id + 1]);
  }

  /** Where the entry `doc` sits in the postings of `t`, or -1. */
  posting(t: string, doc: number): number {
    const id = this.id(t);
    if (id < 0) return -1;
    const docs = this.packed.docs;
    let lo = this.packed.offsets[id];
    let hi = this.packed.offsets[id + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid];
      if (d === doc) return mid;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  doc(i: number): ReturnType<SavedIndex['doc']> {
    const tf = {} as Record<Field, TermCounts>;
    const len = {} as Record<Field, number>;
    FIELDS.forEach((f, fi) => {
      tf[f] = new FieldCounts(this, i, fi);
      len[f] = this.packed.lens[i * this.width + fi];
    });
    return { tf, len, vocab: { has: (t) => this.posting(t, i) >= 0 } };
  }

  lines(i: number, count = Infinity): string[][] {
    const { lines: numbers, lineStarts } = this.packed;
    const lines: string[][] = [];
    for (let at = lineStarts[i]; at < lineStarts[i + 1] && lines.length < count; at += 1 + numbers[at]) {
      const line: string[] = [];
      for (let k = at + 1; k <= at + numbers[at]; k++) line.push(this.terms[numbers[k]]);
      lines.push(line);
    }
    return lines;
  }

  questionLines(i: number): number {
    return this.packed.questionLines[i];
  }
}

/** Reads one entry's text from the cache file, refusing a file replaced since its index was read (error code REPLACED). */
function readBody(p: PackedFile, i: number): Record<string, unknown> {
  const [at, length] = p.head.entries[i].body;
  const fd = openSync(p.file, 'r');
  try {
    const st = fstatSync(fd);
    if (st.ino !== p.stat.ino || st.dev !== p.stat.dev || st.size !== p.stat.size || st.mtimeMs !== p.stat.mtimeMs) throw Object.assign(new Error('the file was replaced'), { code: 'REPLACED' });
    const buf = Buffer.allocUnsafe(length);
    readFully(fd, buf, p.bodiesAt + at);
    const body = JSON.parse(buf.toString('utf8')) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an entry');
    return body as Record<string, unknown>;
  } finally {
    closeSync(fd);
  }
}

/** The fields of an entry in the order the schema makes them (schema.ts validateEntry, then source). */
const SCHEMA_KEYS = 'id,domain,title,questions,keywords,explanation,commands,risks,docs,source';
type Body = Omit<KnowledgeEntry, 'id' | 'domain' | 'title' | 'source'>;

/**
 * An entry of the schema's shape whose text is read on first use: one object literal (accessors defined one by one
 * cost ~20 ms for the whole base), same fields in the same order as the loaded entry, so spreading and JSON see no difference.
 */
function schemaEntry(head: Record<string, unknown>, source: KnowledgeEntry['source'], load: () => Body): KnowledgeEntry {
  return {
    id: head.id as string,
    domain: head.domain as string,
    title: head.title as KnowledgeEntry['title'],
    get questions() {
      return load().questions;
    },
    set questions(v) {
      load().questions = v;
    },
    get keywords() {
      return load().keywords;
    },
    set keywords(v) {
      load().keywords = v;
    },
    get explanation() {
      return load().explanation;
    },
    set explanation(v) {
      load().explanation = v;
    },
    get commands() {
      return load().commands;
    },
    set commands(v) {
      load().commands = v;
    },
    get risks() {
      return load().risks;
    },
    set risks(v) {
      load().risks = v;
    },
    get docs() {
      return load().docs;
    },
    set docs(v) {
      load().docs = v;
    },
    source,
  };
}

/**
 * The base and index of a checked cache file. Entries are complete objects whose fields other than id, domain and
 * title are read from the file on first use; `from` turns a stored file name into a path, and `recover` gives an
 * entry from its YAML file when its text can no longer be read from the cache (`damaged`, or replaced or removed since).
 */
export function unpackKnowledge(p: PackedFile, from: (storedFile: string) => string, recover: (id: string, damaged: boolean) => KnowledgeEntry): { base: KnowledgeBase; saved: SavedIndex } {
  const { head } = p;
  const files = head.files.map(from);
  const schemaShaped = head.keys.join(',') === SCHEMA_KEYS;
  const entries = head.entries.map((e, i) => {
    let body: Record<string, unknown> | undefined;
    const load = () => {
      if (!body) {
        try {
          body = readBody(p, i);
        } catch (err) {
          debug(`knowledge cache ${p.file}: entry ${String(e.head.id)} taken from its file (${(err as Error).message})`);
          const code = (err as NodeJS.ErrnoException).code;
          body = recover(String(e.head.id), code !== 'REPLACED' && code !== 'ENOENT') as unknown as Record<string, unknown>;
        }
      }
      return body;
    };
    const source = { file: files[e.file], line: e.line };
    if (schemaShaped) return schemaEntry(e.head, source, load as () => Body);
    const entry: Record<string, unknown> = {};
    for (const k of head.keys) {
      if (k === 'source') entry.source = source;
      else if (k in e.head) entry[k] = e.head[k];
      else {
        Object.defineProperty(entry, k, {
          enumerable: true,
          configurable: true,
          get: () => load()[k],
          set: (value: unknown) => Object.defineProperty(entry, k, { value, enumerable: true, configurable: true, writable: true }),
        });
      }
    }
    return entry as unknown as KnowledgeEntry;
  });
  const problems = head.problems.map(({ fileIndex, ...problem }) => (fileIndex === undefined ? problem : { ...problem, file: files[fileIndex] }));
  return { base: { entries, problems, files }, saved: new PackedIndex(p) };
}
