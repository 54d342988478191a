/**
 * One operation per deployment at a time: a proper-lockfile lock on the deployment folder,
 * plus a small owner file so a refused second operation can say who holds it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { debug } from '../../core/log.js';
import { operationLabel } from './labels.js';

/** A lock not refreshed for this long is considered abandoned (its process died). */
const DEFAULT_STALE_MS = 15_000;

/**
 * The abandonment delay. CLOUDYA_LOCK_STALE_MS shortens it for tests (a kill -9 test need not wait
 * 15 s); proper-lockfile accepts no less than 2 s. Holder and checker must agree on it: it is read
 * from the environment every process of one test run shares.
 */
function staleMs(): number {
  const v = Number(process.env.CLOUDYA_LOCK_STALE_MS);
  return Number.isInteger(v) && v >= 2000 ? v : DEFAULT_STALE_MS;
}

export interface LockOwner {
  pid: number;
  host: string;
  operation: string;
  since: string;
}

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

function lockPaths(dir: string) {
  return { target: dir, lockfilePath: path.join(dir, '.lock'), owner: path.join(dir, '.lock-owner.json') };
}

/** Who holds a deployment's lock, when known. */
export function lockOwner(dir: string): LockOwner | undefined {
  const p = lockPaths(dir);
  try {
    return existsSync(p.owner) ? (JSON.parse(readFileSync(p.owner, 'utf8')) as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** True when some live process holds the deployment's lock. */
export async function isLocked(dir: string): Promise<boolean> {
  const p = lockPaths(dir);
  return lockfile.check(p.target, { lockfilePath: p.lockfilePath, stale: staleMs(), realpath: false });
}

/** Takes the deployment's lock or refuses with who holds it; returns the release function. */
export async function lockDeployment(id: string, dir: string, operation: string): Promise<() => Promise<void>> {
  const p = lockPaths(dir);
  let release: () => Promise<void>;
  const stale = staleMs();
  try {
    release = await lockfile.lock(p.target, {
      lockfilePath: p.lockfilePath,
      stale,
      // Refreshed well within the delay, so a live holder never looks abandoned.
      update: Math.min(5_000, Math.floor(stale / 3)),
      retries: 0,
      realpath: false,
      onCompromised: (err) => debug(`deployment lock compromised: ${err.message}`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const owner = lockOwner(dir);
    throw new CloudyaError(owner ? m('busy', { id, operation: operationLabel(owner.operation), since: owner.since, pid: owner.pid, host: owner.host }) : m('busyUnknown', { id }), {
      hint: m('hint', { id, seconds: stale / 1000 }),
      code: 'deployment_locked',
    });
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), operation, since: new Date().toISOString() };
  await writeFile(p.owner, JSON.stringify(owner), { mode: 0o600 });
  return async () => {
    await unlink(p.owner).catch(() => {});
    await release().catch(() => {});
  };
}
