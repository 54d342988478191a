/** Personal API tokens (CLOUDYA_API_TOKEN): shown once at creation, stored as a hash, revocable. */
import { ServiceError } from './errors.js';
import { prepared } from './prepared.js';
import type { Db } from './schema.js';
import { API_TOKEN_PREFIX, newId, newToken, tokenHash } from './secrets.js';

export interface ApiTokenInfo {
  id: string;
  name: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

/** Creates a token; the returned `token` is the only time it exists in clear. */
export async function createApiToken(db: Db, accountId: string, name: string, now = Date.now()): Promise<ApiTokenInfo & { token: string }> {
  const clean = name.trim();
  if (!clean || clean.length > 100) throw new ServiceError('invalid_input', 'name: 1 to 100 characters');
  const token = newToken(API_TOKEN_PREFIX);
  const info = { id: newId(), name: clean, prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), created_at: now, last_used_at: null };
  await db.insertInto('api_tokens').values({ ...info, account_id: accountId, token_hash: tokenHash(token), revoked_at: null }).execute();
  return { ...info, token };
}

const liveToken = prepared((db, arg) => db.selectFrom('api_tokens').select(['id', 'account_id', 'last_used_at']).where('token_hash', '=', arg(0)).where('revoked_at', 'is', null));

/** The id and account of a live token given its hash (tokenHash), or undefined. */
export async function liveApiToken(db: Db, hash: string, now = Date.now()): Promise<{ id: string; accountId: string } | undefined> {
  const row = (await liveToken(db, hash)).rows[0];
  if (!row) return undefined;
  // last_used_at is written at most once a minute: a busy token must not turn every read into a write.
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, accountId: row.account_id };
}

/** The account a live token belongs to, or undefined. */
export async function accountForApiToken(db: Db, token: string, now = Date.now()): Promise<string | undefined> {
  return (await liveApiToken(db, tokenHash(token), now))?.accountId;
}

/** An account's live tokens (never the token values). */
export async function listApiTokens(db: Db, accountId: string): Promise<ApiTokenInfo[]> {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'asc')
    .execute();
}

/** Revokes one of an account's tokens; not_found when it is not theirs or already revoked. */
export async function revokeApiToken(db: Db, accountId: string, id: string, now = Date.now()): Promise<void> {
  const res = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new ServiceError('not_found', 'no such API token');
}
