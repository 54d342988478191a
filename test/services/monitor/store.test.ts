import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chartSeries, computeReport } from '../../../src/services/monitor/report.js';
import { HistoryStore } from '../../../src/services/monitor/store.js';
import { syntheticHistory } from '../../../src/services/monitor/synthetic.js';
import { DEFAULT_THRESHOLDS } from '../../../src/services/monitor/thresholds.js';
import { BIN, tempHome } from '../../helpers/cli.js';

const run = promisify(execFile);

describe('history store (real SQLite)', () => {
  it('opens in WAL mode and gives back what was recorded', () => {
    const file = path.join(tempHome(), 'monitor.db');
    const store = new HistoryStore(file);
    const rows = syntheticHistory({ end: Date.now(), days: 0.01, intervalSeconds: 10, incidents: [[60_000, 60_000]] });
    store.insertMany(rows);
    const back = store.rows(0);
    expect(back).toHaveLength(rows.length);
    expect(back[3].cpu).toBeCloseTo(rows[3].cpu, 6);
    expect(back[3].fs['/']).toBe(rows[3].fs['/']);
    expect(back.some((r) => r.procs.some((p) => p.name === 'runaway-job'))).toBe(true);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('reads columns for reports that give the same report as the rows recorded', () => {
    const file = path.join(tempHome(), 'monitor.db');
    const store = new HistoryStore(file);
    const end = Date.UTC(2026, 2, 10, 12, 0, 0);
    const rows = syntheticHistory({ end, days: 0.5, intervalSeconds: 10, incidents: [[3_600_000, 600_000]] });
    // A mount that appears halfway and a stretch without swap, as on a real machine.
    rows.forEach((r, i) => {
      if (i > rows.length / 2) r.fs = { ...r.fs, '/mnt/backup': 95 };
      if (i % 7 === 0) r.swap_total = 0;
    });
    store.insertMany(rows);
    const columns = store.columns(0, end + 1);
    store.close();
    expect(columns.length).toBe(rows.length);
    const range = { from: rows[0].ts, to: end, days: 1 };
    const strip = (r: ReturnType<typeof computeReport>) => ({ ...r, generated_at: '' });
    expect(strip(computeReport(columns, DEFAULT_THRESHOLDS, range))).toEqual(strip(computeReport(rows, DEFAULT_THRESHOLDS, range)));
    expect(chartSeries(columns, rows[0].ts, end, 200)).toEqual(chartSeries(rows, rows[0].ts, end, 200));
    expect(computeReport(columns, DEFAULT_THRESHOLDS, range).alert_periods[0].top_processes[0].name).toBe('runaway-job');
  });

  it('opens read-only for reports: reads rows, refuses writes', () => {
    const file = path.join(tempHome(), 'monitor.db');
    const writer = new HistoryStore(file);
    const rows = syntheticHistory({ end: Date.now(), days: 0.001, intervalSeconds: 10 });
    writer.insertMany(rows);
    writer.close();
    const reader = new HistoryStore(file, { readonly: true });
    expect(reader.rows(0)).toHaveLength(rows.length);
    expect(() => reader.downsample(1, Date.now() + 2 * 86_400_000)).toThrow(/readonly/);
    reader.close();
  });

  it('downsamples rows past the retention into 5-minute averages instead of deleting them', () => {
    const store = new HistoryStore(path.join(tempHome(), 'monitor.db'));
    const now = Date.UTC(2026, 0, 31, 12, 0, 0);
    // 3 days at 10 s with a 2-day retention: the oldest day becomes 5-minute rows.
    const rows = syntheticHistory({ end: now, days: 3, intervalSeconds: 10, incidents: [[3_600_000, 600_000]] });
    store.insertMany(rows);
    const cutoff = now - 2 * 86_400_000;
    const oldRaw = rows.filter((r) => r.ts < Math.floor(cutoff / 300_000) * 300_000);
    const replaced = store.downsample(2, now);
    expect(replaced).toBe(oldRaw.length);
    const after = store.rows(0);
    const coarse = after.filter((r) => r.resolution === 300);
    expect(coarse.length).toBe(Math.ceil(oldRaw.length / 30));
    // Time still covered, averages preserved.
    const span = (list: { span_ms: number }[]) => list.reduce((a, r) => a + r.span_ms, 0);
    expect(span(coarse)).toBe(span(oldRaw));
    const avg = (list: { cpu: number; span_ms: number }[]) => list.reduce((a, r) => a + r.cpu * r.span_ms, 0) / span(list);
    expect(avg(coarse)).toBeCloseTo(avg(oldRaw), 6);
    // The incident survives with its processes.
    expect(coarse.some((r) => r.alerts.length > 0 && r.procs[0]?.name === 'runaway-job')).toBe(true);
    // Running again changes nothing.
    expect(store.downsample(2, now)).toBe(0);
    store.close();
  });

  it('two recorder processes writing at once leave a sound database with every sample', async () => {
    const home = tempHome();
    const env = { ...process.env, CLOUDYA_HOME: home, NO_COLOR: '1' };
    const args = [BIN, 'monitor', 'record', '--interval', '0.1', '--count', '25'];
    const [a, b] = await Promise.all([run(process.execPath, args, { env }), run(process.execPath, args, { env })]);
    expect(a.stdout).toMatch(/recorded 25 sample/);
    expect(b.stdout).toMatch(/recorded 25 sample/);
    const store = new HistoryStore(path.join(home, 'monitor.db'));
    expect(store.stats().rows).toBe(50);
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  }, 60_000);
});
