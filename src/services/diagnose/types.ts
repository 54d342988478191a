/** The diagnosis engine's contract: one check per file under checks/{system,service,deployment}/. */
import type { Config } from '../../core/config.js';

export type Severity = 'ok' | 'info' | 'warning' | 'critical' | 'skipped';

export interface Finding {
  check: string;
  severity: Severity;
  title: string;
  /** What the check saw (numbers, lines, files) - the proof, not an opinion. */
  evidence: string;
  /** How to fix it (empty for ok). */
  fix: string;
  docs?: string;
}

export type TargetKind = 'system' | 'service' | 'deployment';

export interface CheckContext {
  kind: TargetKind;
  /** The service name or deployment id (absent for system). */
  target?: string;
  config: Config;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export interface Check {
  id: string;
  title: string;
  /** False when the check is irrelevant for this target (not a skip: it is simply not listed). */
  applies(ctx: CheckContext): boolean | Promise<boolean>;
  run(ctx: CheckContext): Promise<Finding[]>;
}
