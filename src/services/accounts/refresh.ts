/**
 * Refresh tokens: opaque, stored hashed, rotated on every use. A rotated token presented again means it
 * leaked (or was replayed): its whole family (every token from that login) is revoked.
 */
import { ServiceError } from './errors.js';
import type { Db } from './schema.js';
import { newId, newToken, REFRESH_TOKEN_PREFIX, tokenHash } from './secrets.js';

export const REFRESH_TTL_MS = 30 * 86_400_000;

export interface IssuedRefresh {
  token: string;
  familyId: string;
  expiresAt: number;
}

/** A new refresh token (a new family unless `familyId` continues one). */
export async function issueRefreshToken(db: Db, accountId: string, familyId = newId(), now = Date.now()): Promise<IssuedRefresh> {
  const token = newToken(REFRESH_TOKEN_PREFIX);
  const expiresAt = now + REFRESH_TTL_MS;
  await db
    .insertInto('refresh_tokens')
    .values({ id: newId(), account_id: accountId, family_id: familyId, token_hash: tokenHash(token), created_at: now, expires_at: expiresAt, rotated_at: null, revoked_at: null })
    .execute();
  return { token, familyId, expiresAt };
}

/**
 * Exchanges a refresh token for its successor. Unknown, expired or revoked: invalid_token.
 * Already rotated: the family is revoked and token_reused is thrown (the caller records the event).
 */
export async function rotateRefreshToken(db: Db, token: string, now = Date.now()): Promise<{ accountId: string; next: IssuedRefresh }> {
  const row = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= now) throw new ServiceError('invalid_token', 'refresh token is invalid or expired');
  // Only one caller can mark it rotated: a concurrent second use loses and counts as reuse.
  const claimed = await db.updateTable('refresh_tokens').set({ rotated_at: now }).where('id', '=', row.id).where('rotated_at', 'is', null).executeTakeFirst();
  if (row.rotated_at !== null || Number(claimed.numUpdatedRows) === 0) {
    await revokeFamily(db, row.family_id, now);
    throw new ServiceError('token_reused', 'refresh token was already used; this session has been revoked', { accountId: row.account_id, familyId: row.family_id });
  }
  const next = await issueRefreshToken(db, row.account_id, row.family_id, now);
  return { accountId: row.account_id, next };
}

/** Revokes every token of a family. */
export async function revokeFamily(db: Db, familyId: string, now = Date.now()): Promise<void> {
  await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/** Logout: revokes the family of a token (unknown tokens are ignored). Returns the account id when known. */
export async function revokeRefreshToken(db: Db, token: string, now = Date.now()): Promise<string | undefined> {
  const row = await db.selectFrom('refresh_tokens').select(['family_id', 'account_id']).where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!row) return undefined;
  await revokeFamily(db, row.family_id, now);
  return row.account_id;
}
