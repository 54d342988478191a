/**
 * The history store: ~/.cloudya/monitor.db, SQLite in WAL mode. One row per sample; rows older than
 * the retention are averaged into 5-minute rows (and those, much later, into hourly rows), so old
 * history gets coarser instead of disappearing. Several recorders may write at once: each insert is
 * one statement, downsampling runs in an IMMEDIATE transaction, and a busy timeout makes writers wait.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ColumnsBuilder, METRIC_COLUMNS, type HistoryColumns } from './columns.js';
import type { Alert, ProcessInfo, Sample } from './types.js';

/** One stored row as the report reads it. */
export interface HistoryRow {
  ts: number;
  /** How much time this row stands for (ms): the sampling interval, or the bucket once downsampled. */
  span_ms: number;
  /** 0 for a raw sample, else the bucket size in seconds. */
  resolution: number;
  cpu: number;
  load1: number;
  load_per_core: number;
  mem_pct: number;
  mem_used: number;
  mem_total: number;
  swap_pct: number;
  swap_used: number;
  swap_total: number;
  disk_read: number;
  disk_write: number;
  net_rx: number;
  net_tx: number;
  /** Used percent per mount point. */
  fs: Record<string, number>;
  alerts: Alert[];
  procs: ProcessInfo[];
}

/** Shared empty list for the many rows without alerts (never mutated). */
const NONE: never[] = [];

const NUMERIC = ['cpu', 'load1', 'load_per_core', 'mem_pct', 'mem_used', 'mem_total', 'swap_pct', 'swap_used', 'swap_total', 'disk_read', 'disk_write', 'net_rx', 'net_tx'] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  span_ms INTEGER NOT NULL,
  resolution INTEGER NOT NULL DEFAULT 0,
  ${NUMERIC.map((c) => `${c} REAL NOT NULL DEFAULT 0`).join(',\n  ')},
  fs TEXT,
  alerts TEXT,
  procs TEXT
);
CREATE INDEX IF NOT EXISTS samples_ts ON samples(ts);
CREATE INDEX IF NOT EXISTS samples_res_ts ON samples(resolution, ts);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1');
`;

/** The tiers: raw rows older than the retention become 5-minute rows; those older than 10x the retention become hourly rows. */
export function downsamplingTiers(retentionDays: number): { fromResolution: number; toResolution: number; olderThanMs: number }[] {
  const day = 86_400_000;
  return [
    { fromResolution: 0, toResolution: 300, olderThanMs: retentionDays * day },
    { fromResolution: 300, toResolution: 3600, olderThanMs: retentionDays * 10 * day },
  ];
}

/** Flattens a sample into a row. */
export function rowFromSample(s: Sample): HistoryRow {
  const sum = (k: 'rx_bytes_per_sec' | 'tx_bytes_per_sec') => s.network.reduce((a, n) => a + n[k], 0);
  return {
    ts: Date.parse(s.timestamp),
    span_ms: Math.round(s.interval_seconds * 1000),
    resolution: 0,
    cpu: s.cpu.usage,
    load1: s.load['1m'],
    load_per_core: s.load.per_core,
    mem_pct: s.memory.usage,
    mem_used: s.memory.used,
    mem_total: s.memory.total,
    swap_pct: s.swap.usage,
    swap_used: s.swap.used,
    swap_total: s.swap.total,
    disk_read: s.disk.read_bytes_per_sec,
    disk_write: s.disk.write_bytes_per_sec,
    net_rx: sum('rx_bytes_per_sec'),
    net_tx: sum('tx_bytes_per_sec'),
    fs: Object.fromEntries(s.filesystems.map((f) => [f.mount, f.usage])),
    alerts: s.alerts,
    // The processes seen during an alert are what a report needs; elsewhere they would only fill the disk.
    procs: s.alerts.length ? s.processes.slice(0, 5) : [],
  };
}

type DbRow = Record<(typeof NUMERIC)[number] | 'ts' | 'span_ms' | 'resolution', number> & { fs: string | null; alerts: string | null; procs: string | null };

function fromDb(r: DbRow): HistoryRow {
  return {
    ...r,
    fs: r.fs ? (JSON.parse(r.fs) as Record<string, number>) : {},
    alerts: r.alerts ? (JSON.parse(r.alerts) as Alert[]) : [],
    procs: r.procs ? (JSON.parse(r.procs) as ProcessInfo[]) : [],
  };
}

/** The SQLite-backed history. */
/**
 * Opens the history for reading. A WAL database needs its `-shm` file created next to it, which a
 * read-only home (or a folder owned by someone else) refuses; then a private in-memory copy of the
 * main file is read instead (header switched to the rollback journal, which a memory copy needs).
 * Only samples still waiting in a live recorder's WAL are missed that way.
 */
function openForReading(file: string, timeout: number): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout });
    // SQLite opens lazily: the -shm file is only needed (and refused) at the first read.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (err) {
    db?.close();
    if ((err as { code?: string }).code !== 'SQLITE_CANTOPEN' || !existsSync(file)) throw err;
    const bytes = readFileSync(file);
    if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) {
      bytes[18] = 1;
      bytes[19] = 1;
    }
    return new Database(bytes, { readonly: true });
  }
}

export class HistoryStore {
  readonly file: string;
  private db: Database.Database;
  private insertStmt: Database.Statement;

  /**
   * Opens (and creates) the store; `readonly` for readers such as reports, which may not own the file.
   * `busyTimeoutMs` is how long a write waits for another writer's lock (10 s by default); a recorder
   * passes a short one so that a lock held elsewhere never stalls sampling (it buffers instead).
   */
  constructor(file: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}) {
    this.file = file;
    const timeout = opts.busyTimeoutMs ?? 10_000;
    if (opts.readonly) {
      this.db = openForReading(file, timeout);
      this.insertStmt = undefined as unknown as Database.Statement; // never used read-only
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec(SCHEMA);
        this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } catch (err) {
      // Locked or not a database: do not leak the connection; a recorder may retry many times.
      this.db.close();
      throw err;
    }
    const cols = ['ts', 'span_ms', 'resolution', ...NUMERIC, 'fs', 'alerts', 'procs'];
    this.insertStmt = this.db.prepare(`INSERT INTO samples (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
  }

  /** Records one sample. */
  record(sample: Sample): void {
    this.insertRow(rowFromSample(sample));
  }

  /** Inserts a row as is (used by downsampling and by the benchmark's synthetic history). */
  insertRow(row: HistoryRow): void {
    this.insertStmt.run({
      ...row,
      fs: JSON.stringify(row.fs),
      alerts: row.alerts.length ? JSON.stringify(row.alerts) : null,
      procs: row.procs.length ? JSON.stringify(row.procs) : null,
    });
  }

  /** Inserts many rows in one transaction (IMMEDIATE: it waits for the write lock up front, all or nothing). */
  insertMany(rows: HistoryRow[]): void {
    this.db.transaction((list: HistoryRow[]) => {
      for (const r of list) this.insertRow(r);
    }).immediate(rows);
  }

  /**
   * Rows with since <= ts < until, oldest first. Read as raw arrays, and a filesystem column equal
   * to the previous row's is parsed once: a month at 10 s is ~260k rows and must load in well under a second.
   */
  rows(since: number, until = Date.now() + 1): HistoryRow[] {
    // Column order must match the indexes read below.
    const cols = ['ts', 'span_ms', 'resolution', ...NUMERIC, 'fs', 'alerts', 'procs'];
    const stmt = this.db.prepare(`SELECT ${cols.join(', ')} FROM samples WHERE ts >= ? AND ts < ? ORDER BY ts, id`).raw(true);
    const out: HistoryRow[] = [];
    let lastFs: string | null = null;
    let lastFsParsed: Record<string, number> = {};
    for (const r of stmt.iterate(since, until) as IterableIterator<unknown[]>) {
      const fs = r[16] as string | null;
      if (fs !== lastFs) {
        lastFs = fs;
        lastFsParsed = fs ? (JSON.parse(fs) as Record<string, number>) : {};
      }
      // An object literal (one hidden class for every row) rather than keys added in a loop.
      out.push({
        ts: r[0] as number,
        span_ms: r[1] as number,
        resolution: r[2] as number,
        cpu: r[3] as number,
        load1: r[4] as number,
        load_per_core: r[5] as number,
        mem_pct: r[6] as number,
        mem_used: r[7] as number,
        mem_total: r[8] as number,
        swap_pct: r[9] as number,
        swap_used: r[10] as number,
        swap_total: r[11] as number,
        disk_read: r[12] as number,
        disk_write: r[13] as number,
        net_rx: r[14] as number,
        net_tx: r[15] as number,
        fs: lastFsParsed,
        alerts: r[17] ? (JSON.parse(r[17] as string) as Alert[]) : NONE,
        procs: r[18] ? (JSON.parse(r[18] as string) as ProcessInfo[]) : NONE,
      });
    }
    return out;
  }

  /**
   * Rows with since <= ts < until as columns (what the report reads): only the columns it needs,
   * straight into typed arrays, in one read transaction so a recorder writing meanwhile cannot
   * make the count and the rows disagree.
   */
  columns(since: number, until = Date.now() + 1): HistoryColumns {
    const count = this.db.prepare('SELECT COUNT(*) FROM samples WHERE ts >= ? AND ts < ?').pluck(true);
    // Column order is what ColumnsBuilder.addRaw reads.
    const select = this.db.prepare(`SELECT ts, span_ms, ${METRIC_COLUMNS.join(', ')}, fs, procs FROM samples WHERE ts >= ? AND ts < ? ORDER BY ts, id`).raw(true);
    return this.db.transaction(() => {
      const builder = new ColumnsBuilder(count.get(since, until) as number);
      for (const r of select.iterate(since, until) as IterableIterator<unknown[]>) builder.addRaw(r);
      return builder.build();
    })();
  }

  /** Number of rows and the time range covered. */
  stats(): { rows: number; first: number | null; last: number | null } {
    const r = this.db.prepare('SELECT COUNT(*) AS n, MIN(ts) AS first, MAX(ts) AS last FROM samples').get() as { n: number; first: number | null; last: number | null };
    return { rows: r.n, first: r.first, last: r.last };
  }

  /** Averages rows past each tier's age into buckets; returns how many rows were replaced. */
  downsample(retentionDays: number, now = Date.now()): number {
    let replaced = 0;
    for (const tier of downsamplingTiers(retentionDays)) {
      const bucketMs = tier.toResolution * 1000;
      // Only whole buckets older than the cutoff, so a bucket is never built twice.
      const cutoff = Math.floor((now - tier.olderThanMs) / bucketMs) * bucketMs;
      replaced += this.db.transaction(() => {
        const old = (this.db.prepare('SELECT * FROM samples WHERE resolution = ? AND ts < ? ORDER BY ts').all(tier.fromResolution, cutoff) as DbRow[]).map(fromDb);
        if (!old.length) return 0;
        const buckets = new Map<number, HistoryRow[]>();
        for (const r of old) {
          const key = Math.floor(r.ts / bucketMs) * bucketMs;
          const list = buckets.get(key);
          if (list) list.push(r);
          else buckets.set(key, [r]);
        }
        this.db.prepare('DELETE FROM samples WHERE resolution = ? AND ts < ?').run(tier.fromResolution, cutoff);
        for (const [ts, list] of buckets) this.insertRow(mergeRows(ts, tier.toResolution, list));
        return old.length;
      }).immediate();
    }
    return replaced;
  }

  /** SQLite's own consistency check ("ok" when sound). */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  close(): void {
    this.db.close();
  }
}

/** Averages rows into one bucket row; keeps the worst alert per metric and the processes of the busiest alert row. */
export function mergeRows(ts: number, resolution: number, rows: HistoryRow[]): HistoryRow {
  const out = { ts, resolution, span_ms: Math.min(resolution * 1000, rows.reduce((a, r) => a + r.span_ms, 0)) } as HistoryRow;
  for (const c of NUMERIC) out[c] = rows.reduce((a, r) => a + r[c], 0) / rows.length;
  const fsSum = new Map<string, { sum: number; n: number }>();
  for (const r of rows) {
    for (const [mount, v] of Object.entries(r.fs)) {
      const e = fsSum.get(mount) ?? { sum: 0, n: 0 };
      e.sum += v;
      e.n++;
      fsSum.set(mount, e);
    }
  }
  out.fs = Object.fromEntries([...fsSum].map(([k, e]) => [k, Math.round((e.sum / e.n) * 100) / 100]));
  const worstAlert = new Map<string, Alert>();
  for (const r of rows) for (const a of r.alerts) {
    const key = `${a.metric}/${a.target ?? ''}`;
    const prev = worstAlert.get(key);
    if (!prev || a.value > prev.value) worstAlert.set(key, a);
  }
  out.alerts = [...worstAlert.values()];
  const busiest = rows.filter((r) => r.procs.length).sort((a, b) => b.cpu - a.cpu)[0];
  out.procs = busiest?.procs ?? [];
  return out;
}
