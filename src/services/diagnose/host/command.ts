/** Running a diagnostic tool (systemctl, nginx -t, chronyc...) with a deadline, never throwing. */
import { t } from '../finding.js';

export interface ToolResult {
  /** False when the executable is not installed. */
  found: boolean;
  exitCode?: number;
  stdout: string;
  stderr: string;
  /** Why it did not produce an exit status (timeout, signal, spawn error). */
  failure?: string;
}

/** Runs a tool; a missing tool or a timeout is reported in the result, not thrown. */
export async function runTool(
  file: string,
  args: readonly string[],
  opts: { signal?: AbortSignal; timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ToolResult> {
  // Loaded with the first tool run, not with the checks: execa is the largest library of a diagnosis,
  // and the checks that only read /proc report meanwhile.
  const { spawn, which } = await import('../../../core/process.js');
  const path = which(file, opts.env ?? process.env) ?? which(file, { PATH: '/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/sbin:/usr/local/bin' });
  if (!path) return { found: false, stdout: '', stderr: '', failure: t(`${file}: not installed`, `${file} : non installé`) };
  try {
    const r = await spawn(path, args, {
      reject: false,
      timeout: opts.timeoutMs ?? 5000,
      cancelSignal: opts.signal,
      env: { LC_ALL: 'C', LANG: 'C' },
      extendEnv: true,
      stdin: opts.input === undefined ? 'ignore' : 'pipe',
      input: opts.input,
      stripFinalNewline: false,
    });
    const failure = r.timedOut ? t(`${file}: timed out`, `${file} : délai dépassé`) : r.isCanceled ? t(`${file}: cancelled`, `${file} : annulé`) : r.signal ? t(`${file}: killed by ${r.signal}`, `${file} : tué par ${r.signal}`) : r.failed && r.exitCode === undefined ? `${file}: ${r.shortMessage}` : undefined;
    return { found: true, exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), failure };
  } catch (err) {
    return { found: true, stdout: '', stderr: '', failure: `${file}: ${(err as Error).message}` };
  }
}
