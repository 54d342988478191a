/**
 * The CLI's login session: CLOUDYA_HOME/session.json, mode 0600, written atomically. It holds the
 * refresh token (and the current access token) for one API URL. Refreshing takes a lock on the file,
 * so two cloudya processes never present the same refresh token twice (which would revoke the session).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../core/files.js';
import { cloudyaHome, ensureHome } from '../../core/paths.js';

export interface StoredSession {
  api_url: string;
  email: string;
  refresh_token: string;
  access_token?: string;
  /** Epoch ms. */
  access_expires_at?: number;
}

/** Where the session lives. */
export function sessionFile(env: NodeJS.ProcessEnv): string {
  return path.join(cloudyaHome(env), 'session.json');
}

/** The stored session, or undefined (a damaged file counts as no session and is left for the next login to replace). */
export function readSession(env: NodeJS.ProcessEnv): StoredSession | undefined {
  const file = sessionFile(env);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as StoredSession;
    if (typeof data.refresh_token !== 'string' || typeof data.api_url !== 'string') return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** Saves the session (0600, atomic). */
export async function writeSession(env: NodeJS.ProcessEnv, session: StoredSession): Promise<void> {
  ensureHome(env);
  await writeFileAtomically(sessionFile(env), `${JSON.stringify(session, null, 2)}\n`, 0o600);
}

/** Removes the session file. */
export function clearSession(env: NodeJS.ProcessEnv): void {
  rmSync(sessionFile(env), { force: true });
}

/** Runs fn holding the session lock (other cloudya processes wait; a stale lock is taken over). */
export async function withSessionLock<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  ensureHome(env);
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(cloudyaHome(env), { lockfilePath: `${sessionFile(env)}.lock`, retries: { retries: 50, minTimeout: 50, maxTimeout: 500 }, stale: 30_000, realpath: false });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
