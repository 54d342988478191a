/** What kind of host this is: Linux or not, systemd or not, container or not. */
import { existsSync } from 'node:fs';
import { tr } from '../../../core/i18n.js';
import { readText } from './files.js';

/** True when systemd is the running init (the same test as sd_booted(3)). */
export function hasSystemd(): boolean {
  return existsSync('/run/systemd/system');
}

/** Why systemd checks cannot run here, or undefined when they can. */
export function systemdProblem(): string | undefined {
  if (process.platform !== 'linux') return tr({ en: `not Linux (${process.platform})`, fr: `pas Linux (${process.platform})` });
  if (hasSystemd()) return undefined;
  const init = readText('/proc/1/comm')?.trim() || 'unknown';
  const where = containerKind();
  return tr({
    en: `systemd is not the init system here (PID 1 is "${init}"${where ? `, inside ${where}` : ''})`,
    fr: `systemd n'est pas le système d'init ici (le PID 1 est « ${init} »${where ? `, dans ${where}` : ''})`,
  });
}

/** The container runtime this process runs in (a noun phrase in the current language), or undefined on a plain host. */
export function containerKind(): string | undefined {
  if (existsSync('/.dockerenv')) return tr({ en: 'a Docker container', fr: 'un conteneur Docker' });
  if (existsSync('/run/.containerenv')) return tr({ en: 'a Podman container', fr: 'un conteneur Podman' });
  const env = readText('/proc/1/environ');
  if (env?.includes('container=')) return tr({ en: 'a container ({kind})', fr: 'un conteneur ({kind})' }).replace('{kind}', /container=([^\0]*)/.exec(env)?.[1] ?? '?');
  const cgroup = readText('/proc/1/cgroup') ?? '';
  if (/docker|kubepods|containerd|lxc/.test(cgroup)) return tr({ en: 'a container', fr: 'un conteneur' });
  const hosts = readText('/etc/hosts') ?? '';
  if (/\brunsc\b/.test(hosts) || readText('/proc/version')?.includes('gVisor')) return tr({ en: 'a gVisor sandbox', fr: 'un bac à sable gVisor' });
  return undefined;
}

/** Why Linux-only /proc checks cannot run here, or undefined. */
export function linuxProblem(): string | undefined {
  return process.platform === 'linux' ? undefined : tr({ en: `needs Linux /proc (this is ${process.platform})`, fr: `nécessite le /proc de Linux (ici : ${process.platform})` });
}
