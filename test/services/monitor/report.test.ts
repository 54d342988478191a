import { describe, expect, it } from 'vitest';
import { setLang } from '../../../src/core/i18n.js';
import { renderCsv } from '../../../src/services/monitor/render-csv.js';
import { renderText } from '../../../src/services/monitor/render-text.js';
import { alertPeriods, chartSeries, computeReport, kthSmallest, percentile } from '../../../src/services/monitor/report.js';
import { syntheticHistory } from '../../../src/services/monitor/synthetic.js';
import { DEFAULT_THRESHOLDS } from '../../../src/services/monitor/thresholds.js';

const end = Date.UTC(2026, 2, 10, 12, 0, 0);

describe('report computation', () => {
  it('p95 is the nearest-rank percentile', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1).sort();
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 100)).toBe(100);
  });

  it('selects the same k-th value a full sort would, duplicates and all', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      // Few distinct values (many ties), then continuous values, then already sorted input.
      for (const make of [() => Math.floor(random() * 5), () => random() * 1e6, (i: number) => i]) {
        const values = Float64Array.from({ length: n }, (_, i) => make(i));
        const sorted = Float64Array.from(values).sort();
        for (const k of [0, Math.floor(n / 2), Math.ceil(0.95 * n) - 1, n - 1]) expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
      }
    }
  });

  it('summarises each metric and the time spent above thresholds', () => {
    // One day at 10 s with one 30-minute incident (CPU >= 92 %, memory 93 %).
    const rows = syntheticHistory({ end, days: 1, intervalSeconds: 10, incidents: [[6 * 3_600_000, 1_800_000]] });
    const report = computeReport(rows, DEFAULT_THRESHOLDS, { from: rows[0].ts, to: end, days: 1 });
    const cpu = report.metrics.find((x) => x.metric === 'cpu')!;
    expect(cpu.max).toBeGreaterThanOrEqual(92);
    expect(cpu.min).toBeLessThan(cpu.avg);
    expect(cpu.avg).toBeLessThan(cpu.p95 + 1e-9);
    expect(cpu.p95).toBeLessThanOrEqual(cpu.max);
    expect(cpu.seconds_above!.critical).toBeGreaterThanOrEqual(1800 - 10);
    expect(cpu.seconds_above!.critical).toBeLessThanOrEqual(1800 + 10);
    const mem = report.metrics.find((x) => x.metric === 'memory')!;
    expect(mem.seconds_above!.critical).toBeCloseTo(1800, -2);
    expect(report.metrics.filter((x) => x.metric === 'filesystem').map((x) => x.target)).toEqual(['/', '/var/lib/data']);
    expect(report.has_swap).toBe(true);
    expect(report.samples).toBe(rows.length);
  });

  it('finds each alert period with its peaks and the top processes seen then', () => {
    const rows = syntheticHistory({ end, days: 1, intervalSeconds: 10, incidents: [[3_600_000, 600_000], [10 * 3_600_000, 1_200_000]] });
    const periods = alertPeriods(rows, DEFAULT_THRESHOLDS);
    // The daily cycle alone peaks below the warning level, so only the two incidents count.
    expect(periods).toHaveLength(2);
    expect(periods[0].duration_seconds).toBeCloseTo(600, -1);
    expect(periods[1].duration_seconds).toBeCloseTo(1200, -1);
    expect(periods[0].peaks.map((p) => p.metric).sort()).toEqual(['cpu', 'load', 'memory']);
    expect(periods[0].top_processes[0]).toMatchObject({ name: 'runaway-job', pid: 4242 });
  });

  it('charts keep at most the requested number of points', () => {
    const rows = syntheticHistory({ end, days: 2, intervalSeconds: 10 });
    const s = chartSeries(rows, rows[0].ts, end, 500);
    expect(s.t.length).toBeLessThanOrEqual(500);
    expect(s.cpu.length).toBe(s.t.length);
    expect(s.filesystems['/'].length).toBe(s.t.length);
    expect(s.cpu.every((v) => v === null || (v >= 0 && v <= 100))).toBe(true);
  });

  it('renders text and CSV that carry the figures', () => {
    const rows = syntheticHistory({ end, days: 0.5, intervalSeconds: 10, incidents: [[3_600_000, 600_000]] });
    const report = computeReport(rows, DEFAULT_THRESHOLDS, { from: rows[0].ts, to: end, days: 1 });
    const text = renderText(report);
    expect(text).toMatch(/CPU\s+[\d.]+%\s+[\d.]+%/);
    expect(text).toMatch(/Alert periods \(warning or worse\): 1/);
    expect(text).toMatch(/runaway-job\(4242\)/);
    const csv = renderCsv(report).trim().split('\r\n');
    expect(csv[0]).toMatch(/^metric,target,unit,min,avg,p95,max,/);
    const cpuRow = csv.find((l) => l.startsWith('cpu,'))!.split(',');
    expect(Number(cpuRow[6])).toBe(report.metrics[0].max);
  });

  it('names levels, metrics and columns in French in the text summary', () => {
    const rows = syntheticHistory({ end, days: 0.5, intervalSeconds: 10, incidents: [[3_600_000, 600_000]] });
    const report = computeReport(rows, DEFAULT_THRESHOLDS, { from: rows[0].ts, to: end, days: 1 });
    setLang('fr');
    try {
      const text = renderText(report);
      expect(text).toMatch(/Mesure\s+min\s+moy\s+p95\s+max\s+Temps >= vigilance/);
      expect(text).toMatch(/Périodes d'alerte \(avertissement ou pire\) : 1/);
      expect(text).toMatch(/mémoire \d+% \((avertissement|critique)\)/);
      expect(text).toContain('processus : runaway-job(4242)');
      expect(text).not.toMatch(/\((critical|warning|careful)\)|\bmemory\b|\btop:/);
    } finally {
      setLang('en');
    }
  });
});
