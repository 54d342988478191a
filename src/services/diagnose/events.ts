/** The diagnosis stream: what the screen and the command consume while checks run. */
import type { Finding, TargetKind } from './types.js';

export interface CheckInfo {
  id: string;
  title: string;
}

export interface DiagnosisReport {
  kind: TargetKind;
  target?: string;
  /** "critical" | "warning" | "ok": the worst problem found. */
  status: 'critical' | 'warning' | 'ok';
  findings: Finding[];
  counts: { critical: number; warning: number; info: number; ok: number; skipped: number };
  /** Wall-clock duration of the whole run (ms). */
  durationMs: number;
}

export type DiagnoseEvent =
  | { type: 'start'; checks: CheckInfo[] }
  | { type: 'check-start'; check: CheckInfo }
  | { type: 'check-done'; check: CheckInfo; findings: Finding[]; durationMs: number }
  | { type: 'done'; report: DiagnosisReport };
