/**
 * Reads the monitor's history (~/.cloudya/monitor.db, written by src/services/monitor/store.ts)
 * read-only: table samples(ts ms, resolution, fs JSON {mount: used %}).
 */
import { existsSync } from 'node:fs';
import { t } from '../finding.js';

export interface FsPoint {
  ts: number;
  pct: number;
}

/** Filesystem usage series per mount since `since` (ms), or the reason it cannot be read. */
export async function fsHistory(file: string, since: number): Promise<Map<string, FsPoint[]> | { reason: string }> {
  if (!existsSync(file)) return { reason: t(`no monitor history at ${file} (record one with: cloudya monitor record)`, `aucun historique de supervision dans ${file} (enregistrez-en un avec : cloudya monitor record)`) };
  let Database: typeof import('better-sqlite3');
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (err) {
    return { reason: t(`better-sqlite3 unavailable: ${(err as Error).message}`, `better-sqlite3 indisponible : ${(err as Error).message}`) };
  }
  let db: import('better-sqlite3').Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000 });
    const rows = db.prepare('SELECT ts, fs FROM samples WHERE ts >= ? ORDER BY ts').all(since) as { ts: number; fs: string | null }[];
    const out = new Map<string, FsPoint[]>();
    for (const r of rows) {
      if (!r.fs) continue;
      let fs: Record<string, number>;
      try {
        fs = JSON.parse(r.fs) as Record<string, number>;
      } catch {
        continue;
      }
      for (const [mount, pct] of Object.entries(fs)) {
        if (typeof pct !== 'number' || !Number.isFinite(pct)) continue;
        const list = out.get(mount);
        if (list) list.push({ ts: r.ts, pct });
        else out.set(mount, [{ ts: r.ts, pct }]);
      }
    }
    return out;
  } catch (err) {
    return { reason: t(`cannot read ${file}: ${(err as Error).message}`, `impossible de lire ${file} : ${(err as Error).message}`) };
  } finally {
    db?.close();
  }
}

/** Least-squares slope in percent per hour, and the fitted value at the last point. */
export function growthPerHour(points: readonly FsPoint[]): { slope: number; last: number; spanHours: number } | undefined {
  if (points.length < 3) return undefined;
  const t0 = points[0].ts;
  const xs = points.map((p) => (p.ts - t0) / 3_600_000);
  const ys = points.map((p) => p.pct);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, last: my + slope * (xs[n - 1] - mx), spanHours: xs[n - 1] };
}
