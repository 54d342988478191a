/** Exit codes shared by every command (ARCHITECTURE.md, "Contracts"). */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  PROBLEMS: 3,
  INTERRUPTED: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorWhere {
  file?: string;
  line?: number;
  flag?: string;
}

/** An error meant for the user: one line saying what and where, then an optional hint. */
export class CloudyaError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  readonly where?: ErrorWhere;
  /** A stable machine-readable code for --output json (e.g. "config_parse"). */
  readonly code: string;

  constructor(
    message: string,
    opts: { exitCode?: number; hint?: string; where?: ErrorWhere; code?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CloudyaError';
    this.exitCode = opts.exitCode ?? ExitCode.FAILURE;
    this.hint = opts.hint;
    this.where = opts.where;
    this.code = opts.code ?? 'error';
  }
}

/** Bad command line: unknown command or flag, bad value. Exit 2. */
export class UsageError extends CloudyaError {
  constructor(message: string, opts: { hint?: string; flag?: string; code?: string } = {}) {
    super(message, {
      exitCode: ExitCode.USAGE,
      hint: opts.hint,
      where: opts.flag ? { flag: opts.flag } : undefined,
      code: opts.code ?? 'usage',
    });
    this.name = 'UsageError';
  }
}

/** The user interrupted (Ctrl+C, SIGTERM). Exit 130. */
export class InterruptedError extends CloudyaError {
  constructor(message = 'Interrupted') {
    super(message, { exitCode: ExitCode.INTERRUPTED, code: 'interrupted' });
    this.name = 'InterruptedError';
  }
}

/** True for errors raised by an AbortSignal (ours or a library's). */
export function isAbortError(err: unknown): boolean {
  return (
    err instanceof InterruptedError ||
    (err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR'))
  );
}

/** The location prefix of an error message: "file:line: " when known. */
export function formatWhere(where?: ErrorWhere): string {
  if (!where?.file) return '';
  return where.line ? `${where.file}:${where.line}: ` : `${where.file}: `;
}
