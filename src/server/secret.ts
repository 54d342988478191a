/**
 * The server secret that seals the JWT signing keys at rest: CLOUDYA_SERVER_SECRET when set. Without it,
 * the embedded SQLite default generates one into `server.secret` (0600) beside server.db, so
 * `cloudya serve` still runs with nothing configured; PostgreSQL requires the variable, because every
 * instance sharing the database must hold the same secret and a file on one host cannot give them that.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyCipher, missingCipher, type KeyCipher } from '../services/accounts/key-cipher.js';

export const SECRET_ENV = 'CLOUDYA_SERVER_SECRET';
/** Shortest secret accepted from the environment (characters). */
export const MIN_SECRET_LENGTH = 32;

/** The file holding the generated secret of an SQLite database. */
export function secretFileFor(sqliteFile: string): string {
  return path.join(path.dirname(sqliteFile), 'server.secret');
}

/** A usage problem with the variable itself (too short): thrown before anything is opened. */
export function secretEnvProblem(env: NodeJS.ProcessEnv): string | undefined {
  const v = env[SECRET_ENV];
  if (v === undefined || v === '') return undefined;
  if (v.trim().length < MIN_SECRET_LENGTH) return `${SECRET_ENV} is too short (${v.trim().length} characters; at least ${MIN_SECRET_LENGTH}, e.g. from: openssl rand -base64 48)`;
  return undefined;
}

function fileSecret(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': two instances starting at once on one SQLite file keep the first one's secret.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A copy restored with looser permissions is tightened rather than left readable by others.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${file} does not hold a server secret (expected ${MIN_SECRET_LENGTH}+ characters)`);
  return secret;
}

/** The cipher of the signing keys for this server's storage (see the module comment for the rules). */
export async function serverKeyCipher(env: NodeJS.ProcessEnv, storage: { databaseUrl?: string; sqliteFile: string }): Promise<KeyCipher> {
  const fromEnv = env[SECRET_ENV]?.trim();
  if (fromEnv) return keyCipher(fromEnv, SECRET_ENV);
  if (storage.databaseUrl) return missingCipher(`${SECRET_ENV} is not set: with DATABASE_URL the signing keys are encrypted with it, and every instance must use the same one`);
  const file = secretFileFor(storage.sqliteFile);
  return keyCipher(fileSecret(file), file);
}
