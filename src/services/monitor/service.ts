/**
 * `--service NAME`: a systemd unit's state, restart count, processes and listening ports; where
 * systemd is not running (containers, WSL), the processes matched by name, said as such.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import type { ProcessInfo, ServiceStatus } from './types.js';

const m = defineMessages({
  en: {
    noSystemd: 'systemd is not running on this machine: processes matched by name "{name}"; state inferred from them, restart count unknown',
    noSystemctl: 'systemctl not found: processes matched by name "{name}"; state inferred from them, restart count unknown',
    installedNotRunning: 'installed ({evidence}) but no process named "{name}" is running; systemd is not running here, restart count unknown',
  },
  fr: {
    noSystemd: 'systemd ne tourne pas sur cette machine : processus trouvés par leur nom « {name} » ; état déduit de ces processus, nombre de redémarrages inconnu',
    noSystemctl: 'systemctl introuvable : processus trouvés par leur nom « {name} » ; état déduit de ces processus, nombre de redémarrages inconnu',
    installedNotRunning: 'installé ({evidence}) mais aucun processus « {name} » ne tourne ; systemd ne tourne pas ici, nombre de redémarrages inconnu',
  },
});

/** True when systemd is the running init (the test systemd itself uses). */
export function systemdRunning(): boolean {
  return existsSync('/run/systemd/system') && which('systemctl') !== undefined;
}

function unitName(name: string): string {
  return /\.(service|socket|timer|target|mount|scope|slice)$/.test(name) ? name : `${name}.service`;
}

async function systemdProperties(unit: string): Promise<Record<string, string>> {
  const r = await spawn('systemctl', ['show', unit, '--no-pager', '--property=LoadState,ActiveState,SubState,NRestarts,MainPID,ControlGroup'], { reject: false, timeout: 5000 });
  const out: Record<string, string> = {};
  for (const line of String(r.stdout ?? '').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

async function cgroupPids(controlGroup: string | undefined, mainPid: number): Promise<Set<number>> {
  const pids = new Set<number>();
  if (controlGroup) {
    for (const file of [`/sys/fs/cgroup${controlGroup}/cgroup.procs`, `/sys/fs/cgroup/systemd${controlGroup}/cgroup.procs`]) {
      try {
        for (const p of (await readFile(file, 'utf8')).split('\n')) if (p.trim()) pids.add(Number(p));
        break;
      } catch {
        // cgroup v1/v2 layouts differ; try the next one
      }
    }
  }
  if (mainPid > 0) pids.add(mainPid);
  return pids;
}

async function listeningPorts(pids: Set<number>): Promise<ServiceStatus['listening_ports']> {
  if (pids.size === 0) return [];
  try {
    // Loaded only with --service: systeminformation weighs ~10 MB of memory.
    const si = (await import('systeminformation')).default;
    const conns = await si.networkConnections();
    const seen = new Set<string>();
    const out: ServiceStatus['listening_ports'] = [];
    for (const c of conns) {
      if (c.state !== 'LISTEN' || c.pid === null || !pids.has(Number(c.pid))) continue;
      const key = `${c.protocol}/${c.localAddress}/${c.localPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ protocol: c.protocol, address: c.localAddress, port: Number(c.localPort), pid: Number(c.pid) });
    }
    return out.sort((a, b) => a.port - b.port);
  } catch {
    return [];
  }
}

/** Where a service that is not running shows it is installed: a unit file, an init script or its program. */
function installedEvidence(name: string): string | undefined {
  for (const dir of ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system']) {
    if (existsSync(`${dir}/${name}.service`)) return `${dir}/${name}.service`;
  }
  if (existsSync(`/etc/init.d/${name}`)) return `/etc/init.d/${name}`;
  return which(name, { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin:/usr/local/sbin` });
}

/** Inspects a service given the full process list of this tick (`systemd` overrides the detection). */
export async function inspectService(name: string, processes: ProcessInfo[], opts: { systemd?: boolean } = {}): Promise<ServiceStatus> {
  if (opts.systemd ?? systemdRunning()) {
    const unit = unitName(name);
    const props = await systemdProperties(unit);
    const found = props.LoadState !== undefined && props.LoadState !== 'not-found';
    const pids = found ? await cgroupPids(props.ControlGroup || undefined, Number(props.MainPID ?? 0)) : new Set<number>();
    const procs = processes.filter((p) => pids.has(p.pid));
    return {
      name: unit,
      source: 'systemd',
      found,
      active_state: found ? (props.ActiveState ?? null) : null,
      sub_state: found ? (props.SubState ?? null) : null,
      restarts: found && props.NRestarts !== undefined && props.NRestarts !== '' ? Number(props.NRestarts) : null,
      processes: procs,
      listening_ports: await listeningPorts(pids),
    };
  }
  const bare = name.replace(/\.service$/, '');
  // The kernel keeps 15 characters of a process name.
  const procs = processes.filter((p) => p.name === bare || p.name === name || (bare.length > 15 && p.name === bare.slice(0, 15)));
  const pids = new Set(procs.map((p) => p.pid));
  // A stopped service is still a service: say it is installed and not running rather than "no such service".
  const evidence = procs.length ? undefined : installedEvidence(bare);
  if (evidence) {
    return { name: bare, source: 'process-name', found: true, active_state: 'inactive', sub_state: 'dead', restarts: null, processes: [], listening_ports: [], note: m('installedNotRunning', { name: bare, evidence }) };
  }
  return {
    name: bare,
    source: 'process-name',
    found: procs.length > 0,
    active_state: procs.length > 0 ? 'active' : null,
    sub_state: procs.length > 0 ? 'running' : null,
    restarts: null,
    processes: procs,
    listening_ports: await listeningPorts(pids),
    note: which('systemctl') ? m('noSystemd', { name: bare }) : m('noSystemctl', { name: bare }),
  };
}
