/** systemctl output parsers (tested on outputs recorded from systemd hosts) and a guarded runner. */
import { runTool, type ToolResult } from './command.js';
import { systemdProblem } from './platform.js';
import { t } from '../finding.js';

/** `systemctl show -p A,B UNIT` output into a map. */
export function parseShow(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

export interface FailedUnit {
  unit: string;
  load: string;
  active: string;
  sub: string;
  description: string;
}

/** `systemctl list-units --failed --no-legend --plain` lines (a leading "●" is tolerated). */
export function parseFailedUnits(text: string): FailedUnit[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^[\s●*]+/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [unit, load, active, sub, ...desc] = l.split(/\s+/);
      return { unit, load, active, sub, description: desc.join(' ') };
    })
    .filter((u) => u.unit && u.active);
}

/** Runs systemctl when systemd runs this host; otherwise the reason it cannot. */
export async function systemctl(args: readonly string[], signal?: AbortSignal): Promise<ToolResult | { reason: string }> {
  const problem = systemdProblem();
  if (problem) return { reason: problem };
  const r = await runTool('systemctl', ['--no-pager', ...args], { signal, timeoutMs: 8000 });
  if (!r.found) return { reason: t('systemctl is not installed', "systemctl n'est pas installé") };
  if (r.failure) return { reason: r.failure };
  return r;
}
