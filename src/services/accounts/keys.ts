/**
 * JWT access tokens (jose): HS256, issuer, audience and a 15-minute expiry pinned at signing and at
 * verification. Signing keys live in the database with a key id (kid); rotating adds a new key and
 * retires the old ones, which keep verifying until the last token they signed has expired - so a
 * rotation logs nobody out, and every instance sharing the database agrees on the keys.
 */
import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { recordEvent } from './events.js';
import { ServiceError } from './errors.js';
import type { Db } from './schema.js';

export const ACCESS_TTL_SECONDS = 15 * 60;
export const JWT_ALG = 'HS256';
/** How long an instance trusts its cached key list (a rotation elsewhere is seen within this delay). */
const CACHE_MS = 30_000;
/** A retired key keeps verifying this long: the last token it signed, plus the other instances' cache delay. */
const RETIRED_GRACE_MS = ACCESS_TTL_SECONDS * 1000 + CACHE_MS + 5_000;

export interface JwtSettings {
  issuer: string;
  audience: string;
}

interface Key {
  kid: string;
  secret: Uint8Array;
  created_at: number;
  retired_at: number | null;
}

function newKid(now: number): string {
  return `k${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Adds a signing key and retires the previous ones (they still verify until their tokens expire). */
export async function rotateKeys(db: Db, now = Date.now()): Promise<{ kid: string; retired: string[] }> {
  const kid = newKid(now);
  const retired = await db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('signing_keys').select('kid').where('retired_at', 'is', null).execute();
    await trx.updateTable('signing_keys').set({ retired_at: now }).where('retired_at', 'is', null).execute();
    await trx.insertInto('signing_keys').values({ kid, alg: JWT_ALG, secret: randomBytes(32).toString('base64url'), created_at: now, retired_at: null }).execute();
    return old.map((k) => k.kid);
  });
  await recordEvent(db, { kind: 'key_rotated', detail: { kid, retired } }, now);
  return { kid, retired };
}

/** The signing keys of one server instance, cached and reloaded from the database. */
export class KeyRing {
  private keys = new Map<string, Key>();
  private current?: Key;
  private loadedAt = 0;
  private loading?: Promise<void>;
  /** Tokens already verified (exact strings), with their subject and expiry: a repeat skips the HMAC. */
  private readonly verified = new Map<string, { sub: string; exp: number }>();

  constructor(
    private readonly db: Db,
    private readonly settings: JwtSettings,
  ) {}

  /** Loads the keys, creating the first one on an empty database. */
  async load(now = Date.now()): Promise<void> {
    this.loading ??= (async () => {
      let rows = await this.db.selectFrom('signing_keys').selectAll().where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now - RETIRED_GRACE_MS)])).execute();
      if (!rows.some((r) => r.retired_at === null)) {
        const kid = newKid(now);
        await this.db.insertInto('signing_keys').values({ kid, alg: JWT_ALG, secret: randomBytes(32).toString('base64url'), created_at: now, retired_at: null }).execute();
        rows = await this.db.selectFrom('signing_keys').selectAll().where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now - RETIRED_GRACE_MS)])).execute();
      }
      const keys = new Map<string, Key>();
      for (const r of rows) keys.set(r.kid, { kid: r.kid, secret: Buffer.from(r.secret, 'base64url'), created_at: r.created_at, retired_at: r.retired_at });
      this.keys = keys;
      // Newest active key signs (two instances creating a first key at once both stay valid).
      this.current = [...keys.values()].filter((k) => k.retired_at === null).sort((a, b) => b.created_at - a.created_at || b.kid.localeCompare(a.kid))[0];
      this.loadedAt = now;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fresh(now: number): Promise<void> {
    if (!this.current || now - this.loadedAt > CACHE_MS) await this.load(now);
  }

  /** A signed access token for an account (15 minutes). */
  async sign(accountId: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    await this.fresh(now);
    const key = this.current!;
    const iat = Math.floor(now / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: JWT_ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(accountId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TTL_SECONDS)
      .sign(key.secret);
    return { token, expiresAt: (iat + ACCESS_TTL_SECONDS) * 1000 };
  }

  /** The account id of a valid access token; invalid_token for anything else (bad signature, kid, alg, iss, aud, expiry). */
  async verify(token: string, now = Date.now()): Promise<string> {
    const known = this.verified.get(token);
    if (known && known.exp * 1000 > now) return known.sub;
    await this.fresh(now);
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          let key = header.kid ? this.keys.get(header.kid) : undefined;
          // A key created by another instance since our last load.
          if (!key && header.kid && now - this.loadedAt > 1000) {
            await this.load(now);
            key = this.keys.get(header.kid);
          }
          if (!key) throw new joseErrors.JWSSignatureVerificationFailed('unknown key id');
          return key.secret;
        },
        { algorithms: [JWT_ALG], issuer: this.settings.issuer, audience: this.settings.audience, requiredClaims: ['exp', 'iat', 'sub'], currentDate: new Date(now), maxTokenAge: ACCESS_TTL_SECONDS + 5 },
      );
      if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('no subject');
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, { sub: payload.sub, exp: Number(payload.exp) });
      return payload.sub;
    } catch {
      throw new ServiceError('invalid_token', 'access token is invalid or expired');
    }
  }
}
