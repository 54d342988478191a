/** One operation per installation at a time (core/folder-lock.ts), refused with who holds it. */
import { CloudyaError } from '../../core/errors.js';
import { folderLockOwner, isFolderLocked, lockFolder, type LockOwner } from '../../core/folder-lock.js';
import { defineMessages } from '../../core/i18n.js';

export type InstallLockOwner = LockOwner;

const m = defineMessages({
  en: {
    busy: 'installation {id} is busy: {operation} running since {since} (pid {pid} on {host})',
    busyUnknown: 'installation {id} is busy with another operation',
    hint: 'wait for it to finish (cloudya app logs {id} --follow); if that process is gone, the lock expires {seconds} s after it stopped',
  },
  fr: {
    busy: "l'installation {id} est occupée : {operation} en cours depuis {since} (pid {pid} sur {host})",
    busyUnknown: "l'installation {id} est occupée par une autre opération",
    hint: "attendez la fin (cloudya app logs {id} --follow) ; si ce processus n'existe plus, le verrou expire {seconds} s après son arrêt",
  },
});

/** Who holds the lock, when known. */
export function installLockOwner(dir: string): InstallLockOwner | undefined {
  return folderLockOwner(dir);
}

/** True when a live process holds the installation's lock. */
export async function isInstallLocked(dir: string): Promise<boolean> {
  return isFolderLocked(dir);
}

/** Takes the lock or refuses naming the holder; returns the release function. */
export async function lockInstallation(id: string, dir: string, operation: string): Promise<() => Promise<void>> {
  return lockFolder(dir, operation, (o, seconds) =>
    new CloudyaError(o ? m('busy', { id, operation: o.operation, since: o.since, pid: o.pid, host: o.host }) : m('busyUnknown', { id }), { hint: m('hint', { id, seconds }), code: 'installation_locked' }),
  );
}
