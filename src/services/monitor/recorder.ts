/**
 * Keeps samples flowing into the history store when the store is busy. A recorder runs for months:
 * another process holding SQLite's write lock (a backup, a `sqlite3` shell, a second recorder
 * downsampling) must not kill it nor stall sampling. Writes use a short busy timeout; a sample that
 * cannot be written is kept in memory (bounded) and written with the next successful write. State
 * changes (writes failing, writes recovered, old rows downsampled) are reported once each.
 */
import { defineMessages } from '../../core/i18n.js';
import { rowFromSample, HistoryStore, type HistoryRow } from './store.js';
import type { Sample } from './types.js';

const m = defineMessages({
  en: {
    failing: 'cannot write to {file} ({reason}); keeping samples in memory (up to {max}) and retrying with each sample',
    recovered: 'writing to {file} again: {count} delayed sample(s) saved',
    recoveredLost: 'writing to {file} again: {count} delayed sample(s) saved, {lost} oldest lost (memory buffer full)',
  },
  fr: {
    failing: "impossible d'écrire dans {file} ({reason}) ; mesures gardées en mémoire (jusqu'à {max}), nouvel essai à chaque mesure",
    recovered: "écriture dans {file} rétablie : {count} mesure(s) en attente enregistrée(s)",
    recoveredLost: "écriture dans {file} rétablie : {count} mesure(s) en attente enregistrée(s), {lost} plus ancienne(s) perdue(s) (mémoire pleine)",
  },
});

/** What a recorder reports to whoever shows messages. */
export type RecorderEvent =
  | { kind: 'failing'; file: string; reason: string; max: number }
  | { kind: 'recovered'; file: string; written: number; lost: number }
  | { kind: 'downsampled'; count: number };

export interface RecorderOptions {
  file: string;
  /** Raw rows older than this are averaged (monitor.retention_days). */
  retentionDays: number;
  /** How long one write waits for another writer's lock before the sample is buffered (ms). */
  busyTimeoutMs?: number;
  /** Samples kept in memory while writes fail; the oldest go first beyond it. */
  maxBuffered?: number;
  /** Called on each state change. */
  onEvent?(event: RecorderEvent): void;
  /** Clock (tests). */
  now?(): number;
}

/** SQLITE_BUSY / SQLITE_LOCKED (and their extended codes): another connection holds the lock. */
export function isLockError(err: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown })?.code ?? ''));
}

/** A one-line, localised description of a recorder event. */
export function describeRecorderEvent(e: RecorderEvent): string | undefined {
  if (e.kind === 'failing') return m('failing', { file: e.file, reason: e.reason, max: e.max });
  if (e.kind === 'recovered') return e.lost ? m('recoveredLost', { file: e.file, count: e.written, lost: e.lost }) : m('recovered', { file: e.file, count: e.written });
  return undefined;
}

const HOUR = 3_600_000;

/** Buffers samples while the store is locked; see the module comment. */
export class SampleRecorder {
  readonly file: string;
  private store: HistoryStore | undefined;
  private pending: HistoryRow[] = [];
  private lost = 0;
  private failure: string | undefined;
  private nextDownsample = 0;
  private readonly opts: Required<Pick<RecorderOptions, 'busyTimeoutMs' | 'maxBuffered'>> & RecorderOptions;

  /**
   * Opens the store. A lock held elsewhere is not an error (the store is opened with a later sample);
   * anything else (not a database, no permission) throws, for the caller to decide.
   */
  constructor(opts: RecorderOptions) {
    this.opts = { busyTimeoutMs: 500, maxBuffered: 8640, ...opts };
    this.file = opts.file;
    try {
      this.store = new HistoryStore(this.file, { busyTimeoutMs: this.opts.busyTimeoutMs });
    } catch (err) {
      if (!isLockError(err)) throw err;
      this.fail(err);
    }
    if (this.store) this.maybeDownsample();
  }

  /** Why writes are failing right now, or undefined when they succeed. */
  get failing(): string | undefined {
    return this.failure;
  }

  /** Samples waiting in memory. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Queues a sample and writes everything queued; never throws. */
  record(sample: Sample): void {
    this.pending.push(rowFromSample(sample));
    if (this.pending.length > this.opts.maxBuffered) {
      const extra = this.pending.length - this.opts.maxBuffered;
      this.pending.splice(0, extra);
      this.lost += extra;
    }
    this.flush();
  }

  /** Writes what is queued; returns true when nothing is left in memory. */
  flush(): boolean {
    if (!this.pending.length) return true;
    try {
      this.store ??= new HistoryStore(this.file, { busyTimeoutMs: this.opts.busyTimeoutMs });
      this.store.insertMany(this.pending);
    } catch (err) {
      this.fail(err);
      return false;
    }
    const written = this.pending.length;
    this.pending = [];
    if (this.failure !== undefined) {
      this.failure = undefined;
      this.opts.onEvent?.({ kind: 'recovered', file: this.file, written, lost: this.lost });
      this.lost = 0;
    }
    this.maybeDownsample();
    return true;
  }

  /** Last write attempt, then closes the store. */
  close(): void {
    this.flush();
    this.store?.close();
    this.store = undefined;
  }

  private fail(err: unknown): void {
    const reason = (err as Error).message;
    if (this.failure === undefined) this.opts.onEvent?.({ kind: 'failing', file: this.file, reason, max: this.opts.maxBuffered });
    this.failure = reason;
  }

  /** Downsampling at start, then hourly; when the lock is held elsewhere, again a minute later. */
  private maybeDownsample(): void {
    const now = this.opts.now?.() ?? Date.now();
    if (!this.store || now < this.nextDownsample) return;
    try {
      const count = this.store.downsample(this.opts.retentionDays, now);
      this.nextDownsample = now + HOUR;
      if (count > 0) this.opts.onEvent?.({ kind: 'downsampled', count });
    } catch {
      // Another writer holds the lock (perhaps downsampling itself): not worth a warning.
      this.nextDownsample = now + 60_000;
    }
  }
}
