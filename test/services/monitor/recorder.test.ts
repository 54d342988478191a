import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SampleRecorder, type RecorderEvent } from '../../../src/services/monitor/recorder.js';
import { HistoryStore } from '../../../src/services/monitor/store.js';
import type { Sample } from '../../../src/services/monitor/types.js';
import { BIN, runBin, tempHome } from '../../helpers/cli.js';
import { sampleWith } from '../../helpers/sample.js';

/** A sample shaped as the sampler makes them, n seconds into a run that started a minute ago (recent: never downsampled). */
function synthesizeSample(n: number): Sample {
  return sampleWith({
    timestamp: new Date(Date.now() - 60_000 + n * 1000).toISOString(),
    interval_seconds: 1,
    uptime_seconds: 100 + n,
    cpu: { usage: 10 + n, user: 8, system: 2, iowait: 0, steal: 0, cores: [] },
    load: { '1m': 0.5, '5m': 0.4, '15m': 0.3, per_core: 0.25, cores: 2 },
    memory: { total: 8e9, used: 4e9, available: 4e9, free: 1e9, usage: 50 },
  });
}

/** A second connection holding SQLite's write lock, as a `sqlite3` shell inside BEGIN IMMEDIATE does. */
function holdWriteLock(file: string): { release(): void } {
  const db = new Database(file);
  db.exec('BEGIN IMMEDIATE');
  db.exec('UPDATE meta SET value = value');
  return {
    release() {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}

function createdStore(): string {
  const file = path.join(tempHome(), 'monitor.db');
  new HistoryStore(file).close();
  return file;
}

function rowCount(file: string): number {
  const store = new HistoryStore(file, { readonly: true });
  try {
    return store.stats().rows;
  } finally {
    store.close();
  }
}

describe('SampleRecorder with the store locked by another connection', () => {
  it('keeps samples in memory while locked, warns once, and writes them all with the next successful write', () => {
    const file = createdStore();
    const events: RecorderEvent[] = [];
    const recorder = new SampleRecorder({ file, retentionDays: 30, busyTimeoutMs: 50, onEvent: (e) => events.push(e) });
    recorder.record(synthesizeSample(0));
    const lock = holdWriteLock(file);
    for (let i = 1; i <= 3; i++) recorder.record(synthesizeSample(i));
    expect(recorder.failing).toMatch(/database is locked/);
    expect(recorder.buffered).toBe(3);
    expect(events.filter((e) => e.kind === 'failing')).toHaveLength(1);
    expect(rowCount(file)).toBe(1);
    lock.release();
    recorder.record(synthesizeSample(4));
    expect(recorder.failing).toBeUndefined();
    expect(recorder.buffered).toBe(0);
    expect(events.filter((e) => e.kind === 'recovered')).toEqual([{ kind: 'recovered', file, written: 4, lost: 0 }]);
    recorder.close();
    expect(rowCount(file)).toBe(5);
  });

  it('opens while the store is locked (no exception) and writes once the lock is gone', () => {
    const file = createdStore();
    const lock = holdWriteLock(file);
    const events: RecorderEvent[] = [];
    const recorder = new SampleRecorder({ file, retentionDays: 30, busyTimeoutMs: 50, onEvent: (e) => events.push(e) });
    recorder.record(synthesizeSample(0));
    expect(recorder.buffered).toBe(1);
    lock.release();
    recorder.record(synthesizeSample(1));
    recorder.close();
    expect(events.map((e) => e.kind)).toEqual(['failing', 'recovered']);
    expect(rowCount(file)).toBe(2);
  });

  it('bounds the memory buffer: the oldest samples go, and the recovery says how many were lost', () => {
    const file = createdStore();
    const lock = holdWriteLock(file);
    const events: RecorderEvent[] = [];
    const recorder = new SampleRecorder({ file, retentionDays: 30, busyTimeoutMs: 20, maxBuffered: 3, onEvent: (e) => events.push(e) });
    for (let i = 0; i < 6; i++) recorder.record(synthesizeSample(i));
    expect(recorder.buffered).toBe(3);
    lock.release();
    expect(recorder.flush()).toBe(true);
    recorder.close();
    expect(events.at(-1)).toEqual({ kind: 'recovered', file, written: 3, lost: 3 });
    expect(rowCount(file)).toBe(3);
  });

  it('still refuses a file that is not a database (that is not a lock to wait out)', async () => {
    const file = path.join(tempHome(), 'monitor.db');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'not a database '.repeat(1000));
    expect(() => new SampleRecorder({ file, retentionDays: 30 })).toThrow(/not a database/);
  });
});

describe('cloudya monitor with the history locked by another process', () => {
  it('record keeps sampling through a held lock, warns once when writes fail and once when they recover, and saves every sample', async () => {
    const home = tempHome();
    const file = path.join(home, 'monitor.db');
    new HistoryStore(file).close();
    const lock = holdWriteLock(file);
    const child = spawn(process.execPath, [BIN, 'monitor', 'record', '--interval', '0.4', '--count', '10'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOUDYA_HOME: home, LANG: 'en_US.UTF-8', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let released = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Hold the lock over a few samples after the recorder noticed it, then let go.
      if (!released && /cannot write/.test(stderr)) {
        released = true;
        setTimeout(() => lock.release(), 1500);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (!released) lock.release();
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/database is locked\s*$|unexpected error/m);
    expect(stderr.match(/warning: cannot write to .*database is locked/g)).toHaveLength(1);
    expect(stderr.match(/warning: writing to .* again: \d+ delayed sample\(s\) saved/g)).toHaveLength(1);
    expect(stdout).toMatch(/recorded 10 sample/);
    expect(rowCount(file)).toBe(10);
  }, 60_000);

  it('monitor --count prints its samples while the lock is held, without waiting on the store, and says what was not saved', async () => {
    const home = tempHome();
    const file = path.join(home, 'monitor.db');
    new HistoryStore(file).close();
    const lock = holdWriteLock(file);
    try {
      const r = await runBin(['monitor', '--count', '2', '--no-graphics', '--interval', '0.5'], { CLOUDYA_HOME: home });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(/warning: cannot write to .*database is locked/);
      expect(r.stderr).toMatch(/2 sample\(s\) could not be saved/);
    } finally {
      lock.release();
    }
    expect(rowCount(file)).toBe(0);
  }, 60_000);
});
