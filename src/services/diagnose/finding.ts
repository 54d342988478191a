/** Builders for findings, so every check states severity, evidence and fix the same way. */
import { tr } from '../../core/i18n.js';
import type { Finding, Severity } from './types.js';

/** A bilingual string picked in the current language (checks speak English and French). */
export function t(en: string, fr: string): string {
  return tr({ en, fr });
}

/** One finding of a check. */
export function finding(check: string, severity: Severity, title: string, evidence: string, fix = '', docs?: string): Finding {
  return { check, severity, title, evidence, fix: severity === 'ok' ? '' : fix, ...(docs ? { docs } : {}) };
}

/** The check could not run on this host: says why (never a false "ok"). */
export function skipped(check: string, title: string, reason: string): Finding {
  return { check, severity: 'skipped', title, evidence: reason, fix: '' };
}

/** Severity of a percentage against warning/critical thresholds. */
export function severityOf(value: number, warning: number, critical: number): Severity {
  if (value >= critical) return 'critical';
  if (value >= warning) return 'warning';
  return 'ok';
}

const ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3, skipped: 4 };

/** Sort key: most severe first. */
export function severityRank(s: Severity): number {
  return ORDER[s];
}

/** The worst severity among findings (skipped and info never make a problem). */
export function worst(findings: readonly Finding[]): Severity {
  let best: Severity = 'ok';
  for (const f of findings) if (ORDER[f.severity] < ORDER[best]) best = f.severity;
  return best;
}

/** Human-readable bytes (binary units). */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** A percentage with one decimal. */
export function pct(n: number): string {
  return `${n.toFixed(1)} %`;
}
