/** One operation per deployment at a time (core/folder-lock.ts), refused with who holds it. */
import { CloudyaError } from '../../core/errors.js';
import { folderLockOwner, isFolderLocked, lockFolder, type LockOwner } from '../../core/folder-lock.js';
import { defineMessages } from '../../core/i18n.js';
import { operationLabel } from './labels.js';

export type { LockOwner };

const m = defineMessages({
  en: {
    busy: 'deployment {id} is busy: {operation} running since {since} (pid {pid} on {host})',
    busyUnknown: 'deployment {id} is busy with another operation',
    hint: 'wait for it to finish (cloudya deploy status {id}); if that process is gone, the lock expires {seconds} s after it stopped',
  },
  fr: {
    busy: 'le déploiement {id} est occupé : {operation} en cours depuis {since} (pid {pid} sur {host})',
    busyUnknown: 'le déploiement {id} est occupé par une autre opération',
    hint: "attendez la fin (cloudya deploy status {id}) ; si ce processus n'existe plus, le verrou expire {seconds} s après son arrêt",
  },
});

/** Who holds a deployment's lock, when known. */
export function lockOwner(dir: string): LockOwner | undefined {
  return folderLockOwner(dir);
}

/** True when some live process holds the deployment's lock. */
export async function isLocked(dir: string): Promise<boolean> {
  return isFolderLocked(dir);
}

/** Takes the deployment's lock or refuses with who holds it; returns the release function. */
export async function lockDeployment(id: string, dir: string, operation: string): Promise<() => Promise<void>> {
  return lockFolder(dir, operation, (owner, seconds) =>
    new CloudyaError(owner ? m('busy', { id, operation: operationLabel(owner.operation), since: owner.since, pid: owner.pid, host: owner.host }) : m('busyUnknown', { id }), {
      hint: m('hint', { id, seconds }),
      code: 'deployment_locked',
    }),
  );
}
