/**
 * One operation at a time on a record folder (a deployment, an app installation...): a
 * proper-lockfile lock on the folder plus a small owner file, so a refused second operation can
 * say who holds it. Each service words its own "busy" error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { debug } from './log.js';

/** A lock not refreshed for this long is considered abandoned (its process died). */
const DEFAULT_STALE_MS = 15_000;

/**
 * The abandonment delay. CLOUDYA_LOCK_STALE_MS shortens it for tests (a kill -9 test need not wait
 * 15 s); proper-lockfile accepts no less than 2 s. Holder and checker must agree on it: it is read
 * from the environment every process of one test run shares.
 */
export function lockStaleMs(): number {
  const v = Number(process.env.CLOUDYA_LOCK_STALE_MS);
  return Number.isInteger(v) && v >= 2000 ? v : DEFAULT_STALE_MS;
}

export interface LockOwner {
  pid: number;
  host: string;
  operation: string;
  since: string;
}

function lockPaths(dir: string) {
  return { target: dir, lockfilePath: path.join(dir, '.lock'), owner: path.join(dir, '.lock-owner.json') };
}

/** Who holds a folder's lock, when known. */
export function folderLockOwner(dir: string): LockOwner | undefined {
  const p = lockPaths(dir);
  try {
    return existsSync(p.owner) ? (JSON.parse(readFileSync(p.owner, 'utf8')) as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** True when some live process holds the folder's lock. */
export async function isFolderLocked(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  const p = lockPaths(dir);
  return lockfile.check(p.target, { lockfilePath: p.lockfilePath, stale: lockStaleMs(), realpath: false });
}

/**
 * Takes the folder's lock, or throws what `busy(owner, staleSeconds)` builds when another process
 * holds it; returns the release function.
 */
export async function lockFolder(dir: string, operation: string, busy: (owner: LockOwner | undefined, staleSeconds: number) => Error): Promise<() => Promise<void>> {
  const p = lockPaths(dir);
  let release: () => Promise<void>;
  const stale = lockStaleMs();
  try {
    release = await lockfile.lock(p.target, {
      lockfilePath: p.lockfilePath,
      stale,
      // Refreshed well within the delay, so a live holder never looks abandoned.
      update: Math.min(5_000, Math.floor(stale / 3)),
      retries: 0,
      realpath: false,
      onCompromised: (err) => debug(`lock of ${dir} compromised: ${err.message}`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    throw busy(folderLockOwner(dir), stale / 1000);
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), operation, since: new Date().toISOString() };
  await writeFile(p.owner, JSON.stringify(owner), { mode: 0o600 });
  return async () => {
    await unlink(p.owner).catch(() => {});
    await release().catch(() => {});
  };
}
