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
  /** This check's deadline in ms (diagnose.timeout_seconds); sampling checks keep their window inside it. */
  timeoutMs?: number;
  /** Target-specific hints from the command line (all optional; checks must work without them). */
  options?: DiagnoseOptions;
}

/** Optional hints for service diagnosis (`--service-config`, `--ports`). */
export interface DiagnoseOptions {
  /** The service's configuration file to test instead of its default one (e.g. `nginx -t -c FILE`). */
  serviceConfig?: string;
  /** TCP ports the service is expected to listen on, overriding what its configuration says. */
  ports?: number[];
}

export interface Check {
  id: string;
  title: string;
  /** False when the check is irrelevant for this target (not a skip: it is simply not listed). */
  applies(ctx: CheckContext): boolean | Promise<boolean>;
  run(ctx: CheckContext): Promise<Finding[]>;
}
