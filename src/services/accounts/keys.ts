/**
 * JWT access tokens (jose): HS256, issuer, audience and a 15-minute expiry pinned at signing and at
 * verification. Signing keys live in the database with a key id (kid); rotating adds a new key and
 * retires the old ones, which keep verifying until the last token they signed has expired - so a
 * rotation logs nobody out, and every instance sharing the database agrees on the keys. Key material is
 * sealed (key-cipher.ts) before it reaches the database and opened only in memory.
 */
import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { recordEvent } from './events.js';
import { ServiceError } from './errors.js';
import { isSealed, type KeyCipher } from './key-cipher.js';
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

function newKeyRow(cipher: KeyCipher, now: number) {
  const kid = newKid(now);
  return { kid, alg: JWT_ALG, secret: cipher.seal(kid, randomBytes(32)), created_at: now, retired_at: null };
}

/** Adds a signing key and retires the previous ones (they still verify until their tokens expire). */
export async function rotateKeys(db: Db, cipher: KeyCipher, now = Date.now()): Promise<{ kid: string; retired: string[] }> {
  const row = newKeyRow(cipher, now);
  const kid = row.kid;
  const retired = await db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom('signing_keys').select(['kid', 'secret']).where('retired_at', 'is', null).execute();
    // A key sealed with another secret means the wrong secret: refuse before adding a key no instance could read.
    for (const k of old) if (isSealed(k.secret)) cipher.open(k.kid, k.secret);
    await trx.updateTable('signing_keys').set({ retired_at: now }).where('retired_at', 'is', null).execute();
    await trx.insertInto('signing_keys').values(row).execute();
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
    /** Seals and opens this ring's keys (also used to rotate them). */
    readonly cipher: KeyCipher,
  ) {}

  /** Loads the keys, creating the first one on an empty database; a KeySecretError when the secret cannot open them. */
  async load(now = Date.now()): Promise<void> {
    this.loading ??= (async () => {
      let rows = await this.db.selectFrom('signing_keys').selectAll().where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now - RETIRED_GRACE_MS)])).execute();
      if (!rows.some((r) => r.retired_at === null)) {
        await this.db.insertInto('signing_keys').values(newKeyRow(this.cipher, now)).execute();
        rows = await this.db.selectFrom('signing_keys').selectAll().where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now - RETIRED_GRACE_MS)])).execute();
      }
      const keys = new Map<string, Key>();
      for (const r of rows) keys.set(r.kid, { kid: r.kid, secret: await this.open(r.kid, r.secret), created_at: r.created_at, retired_at: r.retired_at });
      this.keys = keys;
      // Newest active key signs (two instances creating a first key at once both stay valid).
      this.current = [...keys.values()].filter((k) => k.retired_at === null).sort((a, b) => b.created_at - a.created_at || b.kid.localeCompare(a.kid))[0];
      this.loadedAt = now;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** The key of a row; a plaintext row (written by a version before encryption, e.g. during a rolling upgrade) is sealed in place. */
  private async open(kid: string, stored: string): Promise<Uint8Array> {
    if (isSealed(stored)) return this.cipher.open(kid, stored);
    await this.db.updateTable('signing_keys').set({ secret: this.cipher.seal(kid, Buffer.from(stored, 'base64url')) }).where('kid', '=', kid).where('secret', '=', stored).execute();
    return Buffer.from(stored, 'base64url');
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
