/**
 * Encryption at rest of the JWT signing keys: AES-256-GCM with a fresh 12-byte nonce per row, the key
 * derived (scrypt) from the server secret, and the key id bound as additional data so a sealed value
 * copied onto another row does not open. A sealed value is `v1.<nonce>.<ciphertext+tag>` (base64url),
 * so the database alone never holds usable key material.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// A fixed, purpose-specific salt: the secret itself carries the entropy (32+ characters, or 32 random bytes).
const SALT = 'cloudya/signing-keys/v1';

/** Why the signing keys cannot be sealed or opened: no secret, a wrong one, or a malformed row. */
export class KeySecretError extends Error {
  /** Read by `cloudya serve` to say which setting to fix. */
  readonly stage = 'secret';
  constructor(
    readonly reason: 'missing' | 'wrong' | 'malformed',
    message: string,
    readonly kid?: string,
    /** Where the secret came from (a variable name or a file path, never the secret). */
    readonly source?: string,
  ) {
    super(message);
    this.name = 'KeySecretError';
  }
}

/** Seals and opens signing keys. */
export interface KeyCipher {
  /** Where the secret came from ("CLOUDYA_SERVER_SECRET" or a file path), for error messages. */
  readonly source: string;
  seal(kid: string, key: Uint8Array): string;
  open(kid: string, sealed: string): Buffer;
}

/** True when a stored value is sealed (anything else is a plaintext key from before encryption). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}.`);
}

function derive(secret: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // N=2^15 (32 MiB, ~0.1 s once per process): costly to brute-force a weak secret, cheap at startup.
    scrypt(secret, SALT, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A cipher keyed by `secret`; `source` names where the secret came from. */
export async function keyCipher(secret: string, source: string): Promise<KeyCipher> {
  const key = await derive(secret);
  return {
    source,
    seal(kid, plain) {
      const nonce = randomBytes(NONCE_BYTES);
      const c = createCipheriv('aes-256-gcm', key, nonce);
      c.setAAD(Buffer.from(kid, 'utf8'));
      const body = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
      return `${VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(kid, sealed) {
      const [version, nonceText, bodyText] = sealed.split('.');
      const nonce = Buffer.from(nonceText ?? '', 'base64url');
      const body = Buffer.from(bodyText ?? '', 'base64url');
      if (version !== VERSION || nonce.length !== NONCE_BYTES || body.length <= TAG_BYTES) {
        throw new KeySecretError('malformed', `signing key ${kid} is not stored in a format this version reads`, kid);
      }
      try {
        const d = createDecipheriv('aes-256-gcm', key, nonce);
        d.setAAD(Buffer.from(kid, 'utf8'));
        d.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([d.update(body.subarray(0, body.length - TAG_BYTES)), d.final()]);
      } catch {
        throw new KeySecretError('wrong', `the server secret (${source}) does not decrypt signing key ${kid}`, kid, source);
      }
    },
  };
}

/** A cipher for when no secret is configured: any use says so (the server cannot start without keys). */
export function missingCipher(message: string): KeyCipher {
  const fail = (): never => {
    throw new KeySecretError('missing', message);
  };
  return { source: 'none', seal: fail, open: fail };
}
