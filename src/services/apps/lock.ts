/**
 * One operation per installation at a time: a proper-lockfile lock on its folder, plus an owner
 * file so a refused second operation can say who holds it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { debug } from '../../core/log.js';

/** A lock not refreshed for this long is abandoned (its process died). */
const STALE_MS = 15_000;

export interface InstallLockOwner {
  pid: number;
  host: string;
  operation: string;
  since: string;
}

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

function lockPaths(dir: string) {
  return { target: dir, lockfilePath: path.join(dir, '.lock'), owner: path.join(dir, '.lock-owner.json') };
}

/** Who holds the lock, when known. */
export function installLockOwner(dir: string): InstallLockOwner | undefined {
  const p = lockPaths(dir);
  try {
    return existsSync(p.owner) ? (JSON.parse(readFileSync(p.owner, 'utf8')) as InstallLockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** True when a live process holds the installation's lock. */
export async function isInstallLocked(dir: string): Promise<boolean> {
  const p = lockPaths(dir);
  if (!existsSync(dir)) return false;
  return lockfile.check(p.target, { lockfilePath: p.lockfilePath, stale: STALE_MS, realpath: false });
}

/** Takes the lock or refuses naming the holder; returns the release function. */
export async function lockInstallation(id: string, dir: string, operation: string): Promise<() => Promise<void>> {
  const p = lockPaths(dir);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(p.target, { lockfilePath: p.lockfilePath, stale: STALE_MS, update: 5_000, retries: 0, realpath: false, onCompromised: (err) => debug(`installation lock compromised: ${err.message}`) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const o = installLockOwner(dir);
    throw new CloudyaError(o ? m('busy', { id, operation: o.operation, since: o.since, pid: o.pid, host: o.host }) : m('busyUnknown', { id }), { hint: m('hint', { id, seconds: STALE_MS / 1000 }), code: 'installation_locked' });
  }
  const owner: InstallLockOwner = { pid: process.pid, host: os.hostname(), operation, since: new Date().toISOString() };
  await writeFile(p.owner, JSON.stringify(owner), { mode: 0o600 });
  return async () => {
    await unlink(p.owner).catch(() => {});
    await release().catch(() => {});
  };
}
