/**
 * Finds a service on this host: its systemd unit (when systemd runs), its processes, its binary,
 * its expected ports and log files. Shared by the service checks through a short-lived cache so
 * a diagnosis asks systemctl and /proc once, not once per check.
 */
import { existsSync } from 'node:fs';
import { which } from '../../../core/process.js';
import { runTool } from '../host/command.js';
import { readText } from '../host/files.js';
import { systemdProblem } from '../host/platform.js';
import { listProcesses, type ProcStat } from '../host/processes.js';
import { parseShow, systemctl } from '../host/systemd.js';
import type { CheckContext } from '../types.js';
import { knownService, type KnownService } from './catalog.js';
import { t } from '../finding.js';

export const UNIT_PROPERTIES = [
  'Id', 'Description', 'LoadState', 'ActiveState', 'SubState', 'Result', 'UnitFileState', 'NRestarts', 'ExecMainStatus', 'ExecMainCode',
  'ExecMainPID', 'MainPID', 'ControlGroup', 'ActiveEnterTimestamp', 'InactiveEnterTimestamp', 'FragmentPath',
];

export interface ServiceTarget {
  /** As typed by the user. */
  name: string;
  known?: KnownService;
  /** The loaded systemd unit's properties (systemctl show), when systemd runs and the unit exists. */
  unit?: Map<string, string>;
  /** Why there is no unit information: no systemd here, or no such unit. */
  unitProblem?: string;
  /** Whether systemd runs here at all. */
  systemd: boolean;
  processes: ProcStat[];
  /** How the processes were found ("cgroup /system.slice/nginx.service" or "process name"). */
  processSource: string;
  binary?: string;
  /** True when anything at all points to this service on this host. */
  exists: boolean;
}

/** systemd unit names worth asking about for a typed name. */
export function unitCandidates(name: string, known?: KnownService): string[] {
  const typed = /\.(service|socket|timer|target|mount|path)$/.test(name) ? name : `${name}.service`;
  return [...new Set([typed, ...(known?.units ?? [])])];
}

/** Processes whose name matches the service (comm is cut at 15 characters by the kernel). */
export function matchProcesses(all: readonly ProcStat[], name: string, known?: KnownService): ProcStat[] {
  const bare = name.replace(/\.service$/, '');
  return all.filter((p) => (known ? known.processes.test(p.comm) : false) || p.comm === bare || p.comm === bare.slice(0, 15));
}

function cgroupPids(controlGroup: string): number[] {
  for (const root of ['/sys/fs/cgroup', '/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified']) {
    const text = readText(`${root}${controlGroup}/cgroup.procs`);
    if (text !== undefined) return text.split('\n').filter(Boolean).map(Number);
  }
  return [];
}

async function resolve(name: string, signal: AbortSignal): Promise<ServiceTarget> {
  const known = knownService(name);
  const systemd = !systemdProblem();
  let unit: Map<string, string> | undefined;
  let unitProblem: string | undefined;
  if (systemd) {
    for (const candidate of unitCandidates(name, known)) {
      const r = await systemctl(['show', candidate, `--property=${UNIT_PROPERTIES.join(',')}`], signal);
      if ('reason' in r) {
        unitProblem = r.reason;
        break;
      }
      const props = parseShow(r.stdout);
      if (props.get('LoadState') === 'loaded') {
        unit = props;
        unitProblem = undefined;
        break;
      }
      unitProblem = t(`no unit ${unitCandidates(name, known).join(' / ')} (LoadState=${props.get('LoadState') ?? '?'})`, `aucune unité ${unitCandidates(name, known).join(' / ')} (LoadState=${props.get('LoadState') ?? '?'})`);
    }
  } else unitProblem = systemdProblem();
  const all = listProcesses();
  let processes: ProcStat[] = [];
  let processSource = 'process name';
  const cg = unit?.get('ControlGroup');
  if (cg) {
    const pids = new Set(cgroupPids(cg));
    processes = all.filter((p) => pids.has(p.pid));
    processSource = `cgroup ${cg}`;
  }
  if (!processes.length) {
    processes = matchProcesses(all, name, known);
    processSource = 'process name';
  }
  const binary = (known?.binaries ?? [name.replace(/\.service$/, '')]).map((b) => which(b, { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin:/usr/local/sbin` })).find(Boolean);
  return { name, known, unit, unitProblem, systemd, processes, processSource, binary, exists: !!unit || processes.length > 0 || (!!known && !!binary) };
}

/**
 * Per-run caches: every check of one diagnosis shares the run's Config object (a new run loads a
 * new one), so keying on it shares work inside a run and never serves a previous run's state.
 */
const targets = new WeakMap<object, Map<string, Promise<ServiceTarget>>>();

/** The service a context targets, resolved once per diagnosis run. */
export function serviceTarget(ctx: CheckContext): Promise<ServiceTarget> {
  const name = ctx.target ?? '';
  const perRun = targets.get(ctx.config) ?? targets.set(ctx.config, new Map()).get(ctx.config)!;
  const hit = perRun.get(name);
  if (hit) return hit;
  const value = resolve(name, ctx.signal);
  perRun.set(name, value);
  value.catch(() => perRun.delete(name));
  return value;
}

/** applies() for checks that only make sense once the service is found. */
export async function serviceFound(ctx: CheckContext): Promise<boolean> {
  return ctx.kind === 'service' && !!ctx.target && (await serviceTarget(ctx)).exists;
}

/** The ports the service should listen on, and where that list came from. */
export async function expectedPorts(ctx: CheckContext, s: ServiceTarget): Promise<{ ports: number[]; source: string }> {
  if (ctx.options?.ports?.length) return { ports: ctx.options.ports, source: '--ports' };
  const cfg = ctx.options?.serviceConfig;
  if (s.known?.portsFrom) {
    const dump = await configDump(ctx, s);
    const found = dump ? s.known.portsFrom.parse(dump.text) : undefined;
    if (found && !Array.isArray(found)) return { ports: found.ports, source: `${found.source} (${dump!.command})` };
    if (found?.length) return { ports: found, source: dump!.command };
  }
  if (s.known?.portsFromFile) {
    const file = cfg ?? s.known.portsFromFile.file;
    const text = readText(file);
    if (text) return { ports: s.known.portsFromFile.parse(text), source: file };
  }
  return { ports: s.known?.defaultPorts ?? [], source: s.known ? t(`usual ports of ${s.known.name}`, `ports habituels de ${s.known.name}`) : t('none known', 'aucun connu') };
}

const dumps = new WeakMap<object, Map<string, Promise<{ text: string; command: string } | undefined>>>();

/** The service's effective configuration as its own tool prints it (nginx -T, sshd -T), once per run. */
export function configDump(ctx: CheckContext, s: ServiceTarget): Promise<{ text: string; command: string } | undefined> {
  const from = s.known?.portsFrom;
  if (!from) return Promise.resolve(undefined);
  const key = `${s.name}|${ctx.options?.serviceConfig ?? ''}`;
  const perRun = dumps.get(ctx.config) ?? dumps.set(ctx.config, new Map()).get(ctx.config)!;
  const hit = perRun.get(key);
  if (hit) return hit;
  const value = (async () => {
    for (const bin of from.binaries) {
      const args = from.args(ctx.options?.serviceConfig);
      const r = await runTool(bin, args, { signal: ctx.signal, timeoutMs: 8000 });
      if (r.found && r.exitCode === 0) return { text: r.stdout, command: [bin, ...args].join(' ') };
    }
    return undefined;
  })();
  perRun.set(key, value);
  return value;
}

/** Log files that may hold the service's errors (existing ones only). */
export async function logFiles(ctx: CheckContext, s: ServiceTarget): Promise<string[]> {
  const bare = s.name.replace(/\.service$/, '');
  const candidates = [...(s.known?.logs ?? []), `/var/log/${bare}.log`, `/var/log/${bare}/error.log`, `/var/log/${bare}/${bare}.log`];
  if (s.known?.logsFrom) {
    const dump = await configDump(ctx, s);
    if (dump) candidates.unshift(...s.known.logsFrom(dump.text));
  }
  return [...new Set(candidates)].filter((f) => existsSync(f));
}
