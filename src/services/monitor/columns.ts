/**
 * The history as the report reads it: one typed array per metric, rows oldest first, instead of
 * one object per row. A month at 10 s is ~260k rows; as objects they cost ~1 s of allocation and
 * garbage collection before any figure is computed, as columns a few flat arrays.
 */
import type { ProcessInfo } from './types.js';

/** The numeric columns the report needs (the others - load1, memory bytes... - stay in the store). */
export const METRIC_COLUMNS = ['cpu', 'load_per_core', 'mem_pct', 'swap_pct', 'swap_total', 'disk_read', 'disk_write', 'net_rx', 'net_tx'] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

/** Used percent per mount point, as recorded (keys in the recorded order). */
export type FsUsage = Record<string, number>;

/** Rows [0, length) of the history, column by column. */
export interface HistoryColumns extends Record<MetricColumn, Float64Array> {
  length: number;
  ts: Float64Array;
  /** How much time each row stands for (ms). */
  span_ms: Float64Array;
  /** Row -> index in `fsLayouts`: consecutive rows recording the same filesystems share one parsed object. */
  fsRef: Uint32Array;
  fsLayouts: FsUsage[];
  /** The processes recorded with row i (only rows recorded during an alert have some). */
  procs(i: number): ProcessInfo[];
}

/** The row-shaped input the builder also accepts (tests, synthetic history). */
export interface RowLike extends Record<MetricColumn, number> {
  ts: number;
  span_ms: number;
  fs: FsUsage;
  procs: ProcessInfo[];
}

const NONE: ProcessInfo[] = [];

/** Fills columns row by row; grows when the row count was underestimated. */
export class ColumnsBuilder {
  private n = 0;
  private cap: number;
  private ts: Float64Array;
  private span: Float64Array;
  private metrics: Float64Array[];
  private fsRef: Uint32Array;
  private layouts: FsUsage[] = [];
  private lastFsText: string | null | undefined;
  private lastFsObject: FsUsage | undefined;
  private procsByRow = new Map<number, string | ProcessInfo[]>();

  constructor(capacity: number) {
    this.cap = Math.max(16, capacity);
    this.ts = new Float64Array(this.cap);
    this.span = new Float64Array(this.cap);
    this.metrics = METRIC_COLUMNS.map(() => new Float64Array(this.cap));
    this.fsRef = new Uint32Array(this.cap);
  }

  private grow(): void {
    this.cap *= 2;
    const more = <T extends Float64Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.cap);
      b.set(a);
      return b;
    };
    this.ts = more(this.ts);
    this.span = more(this.span);
    this.metrics = this.metrics.map(more);
    this.fsRef = more(this.fsRef);
  }

  /**
   * Adds a row as SQLite gives it: [ts, span_ms, ...METRIC_COLUMNS, fs JSON, procs JSON]. The
   * filesystems JSON is parsed only when it differs from the previous row's; processes only on demand.
   */
  addRaw(r: unknown[]): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.ts[i] = r[0] as number;
    this.span[i] = r[1] as number;
    // Unrolled: this loop runs for every row of a month of history.
    const m = this.metrics;
    m[0][i] = r[2] as number;
    m[1][i] = r[3] as number;
    m[2][i] = r[4] as number;
    m[3][i] = r[5] as number;
    m[4][i] = r[6] as number;
    m[5][i] = r[7] as number;
    m[6][i] = r[8] as number;
    m[7][i] = r[9] as number;
    m[8][i] = r[10] as number;
    const fs = r[11] as string | null;
    if (fs !== this.lastFsText || !this.lastFsObject) {
      this.lastFsText = fs;
      this.lastFsObject = fs ? (JSON.parse(fs) as FsUsage) : {};
      this.layouts.push(this.lastFsObject);
    }
    this.fsRef[i] = this.layouts.length - 1;
    if (r[12]) this.procsByRow.set(i, r[12] as string);
  }

  /** Adds a row object (same meaning as addRaw). */
  addRow(r: RowLike): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.ts[i] = r.ts;
    this.span[i] = r.span_ms;
    for (let j = 0; j < METRIC_COLUMNS.length; j++) this.metrics[j][i] = r[METRIC_COLUMNS[j]];
    if (r.fs !== this.lastFsObject) {
      this.lastFsText = undefined;
      this.lastFsObject = r.fs;
      this.layouts.push(r.fs);
    }
    this.fsRef[i] = this.layouts.length - 1;
    if (r.procs.length) this.procsByRow.set(i, r.procs);
  }

  /** The columns filled so far. */
  build(): HistoryColumns {
    const n = this.n;
    const procs = this.procsByRow;
    const out = {
      length: n,
      ts: this.ts.subarray(0, n),
      span_ms: this.span.subarray(0, n),
      fsRef: this.fsRef.subarray(0, n),
      fsLayouts: this.layouts,
      procs(i: number): ProcessInfo[] {
        const p = procs.get(i);
        if (p === undefined) return NONE;
        if (typeof p !== 'string') return p;
        const parsed = JSON.parse(p) as ProcessInfo[];
        procs.set(i, parsed);
        return parsed;
      },
    } as HistoryColumns;
    METRIC_COLUMNS.forEach((c, j) => (out[c] = this.metrics[j].subarray(0, n)));
    return out;
  }
}

/** Columns from row objects, oldest first. */
export function columnsFromRows(rows: readonly RowLike[]): HistoryColumns {
  const b = new ColumnsBuilder(rows.length);
  for (const r of rows) b.addRow(r);
  return b.build();
}
