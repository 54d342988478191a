/** What kind of host this is: Linux or not, systemd or not, container or not. */
import { existsSync } from 'node:fs';
import { readText } from './files.js';

/** True when systemd is the running init (the same test as sd_booted(3)). */
export function hasSystemd(): boolean {
  return existsSync('/run/systemd/system');
}

/** Why systemd checks cannot run here, or undefined when they can. */
export function systemdProblem(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (hasSystemd()) return undefined;
  const init = readText('/proc/1/comm')?.trim() || 'unknown';
  const where = containerKind();
  return `systemd is not the init system here (PID 1 is "${init}"${where ? `, inside ${where}` : ''})`;
}

/** The container runtime this process runs in, or undefined on a plain host. */
export function containerKind(): string | undefined {
  if (existsSync('/.dockerenv')) return 'a Docker container';
  if (existsSync('/run/.containerenv')) return 'a Podman container';
  const env = readText('/proc/1/environ');
  if (env?.includes('container=')) return `a container (${/container=([^\0]*)/.exec(env)?.[1] ?? '?'})`;
  const cgroup = readText('/proc/1/cgroup') ?? '';
  if (/docker|kubepods|containerd|lxc/.test(cgroup)) return 'a container';
  const hosts = readText('/etc/hosts') ?? '';
  if (/\brunsc\b/.test(hosts) || readText('/proc/version')?.includes('gVisor')) return 'a gVisor sandbox';
  return undefined;
}

/** Why Linux-only /proc checks cannot run here, or undefined. */
export function linuxProblem(): string | undefined {
  return process.platform === 'linux' ? undefined : `needs Linux /proc (this is ${process.platform})`;
}
