/** Random opaque tokens and their stored form (sha256: tokens are long and random, so no salt or slow hash is needed). */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Prefix of personal API tokens (CLOUDYA_API_TOKEN); lets the server tell them from JWTs at a glance. */
export const API_TOKEN_PREFIX = 'cly_';
/** Prefix of refresh tokens. */
export const REFRESH_TOKEN_PREFIX = 'clr_';

/** A new random token with a prefix (256 bits of entropy). */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The hash stored in place of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new id. */
export function newId(): string {
  return randomUUID();
}
