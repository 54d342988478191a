/**
 * Signing keys at rest: sealed with the server secret (AES-256-GCM), migrated from plaintext without
 * logging anyone out, and a wrong or missing secret is one clear line at startup - on SQLite and PostgreSQL.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { Migrator } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/index.js';
import { migrationProvider } from '../../src/server/db/migrations.js';
import { secretFileFor } from '../../src/server/secret.js';
import { isSealed, registerAccount, rotateKeys } from '../../src/services/accounts/index.js';
import { runBin } from '../helpers/cli.js';
import { describeBackends } from './backends.js';
import { register, testApp, TEST_SERVER_SECRET, type TestApp } from './app.js';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const kidOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;

/** Every spelling of a key that could be lifted from a database dump. */
function spellings(key: Uint8Array): string[] {
  const b = Buffer.from(key);
  return [b.toString('base64url'), b.toString('base64'), b.toString('hex'), b.toString('latin1')];
}

describeBackends('signing keys at rest', (backend) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  }, 180_000);

  /** The server's environment for this backend (PostgreSQL needs the secret; SQLite makes its own file). */
  const envFor = (where: { home: string; databaseUrl?: string }, extra: NodeJS.ProcessEnv = {}) => ({
    CLOUDYA_HOME: where.home,
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl, CLOUDYA_SERVER_SECRET: TEST_SERVER_SECRET } : {}),
    ...extra,
  });

  it('the database row holds no usable key: sealed, and opening it needs the server secret', async () => {
    t = await testApp(backend, 'sealed');
    const s = await register(t, 'sealed@example.com');
    const row = await t.ctx.db.db.selectFrom('signing_keys').selectAll().where('kid', '=', kidOf(s.access_token)).executeTakeFirstOrThrow();
    expect(isSealed(row.secret)).toBe(true);
    const key = t.ctx.keys.cipher.open(row.kid, row.secret);
    // The opened key is the one that signed the token; the stored column is not it and does not contain it.
    await expect(jwtVerify(s.access_token, key)).resolves.toBeDefined();
    for (const spelling of spellings(key)) expect(row.secret).not.toContain(spelling);
    for (const part of row.secret.split('.')) for (const spelling of spellings(key)) expect(Buffer.from(part, 'base64url').toString('latin1')).not.toContain(spelling.slice(0, 16));
    await expect(jwtVerify(s.access_token, Buffer.from(row.secret))).rejects.toThrow();
    // Two keys sealed with the same secret never share a nonce.
    await rotateKeys(t.ctx.db.db, t.ctx.keys.cipher);
    const nonces = (await t.ctx.db.db.selectFrom('signing_keys').select('secret').execute()).map((r) => r.secret.split('.')[1]);
    expect(new Set(nonces).size).toBe(nonces.length);
    if (backend.name === 'sqlite') {
      // Without CLOUDYA_SERVER_SECRET the embedded default keeps its generated secret beside server.db, 0600.
      expect(t.ctx.keys.cipher.source).toBe(secretFileFor(t.ctx.options.sqliteFile));
      expect(statSync(t.ctx.keys.cipher.source).mode & 0o777).toBe(0o600);
    } else {
      expect(t.ctx.keys.cipher.source).toBe('CLOUDYA_SERVER_SECRET');
    }
  }, 180_000);

  it('the migration seals plaintext keys, and tokens signed before it still verify after it', async () => {
    const where = await backend.fresh('migrated');
    const sqliteFile = where.sqliteFile;
    // A database as the previous version left it: migrations up to 0004, a plaintext key, a token it signed.
    const old = await openDatabase({ databaseUrl: where.databaseUrl, sqliteFile, migrate: false });
    const plain = Buffer.from('0123456789abcdef0123456789abcdef');
    let token: string;
    let accountId: string;
    try {
      const { error } = await new Migrator({ db: old.db, provider: migrationProvider(old.dialect) }).migrateTo('0004_periods_roles');
      expect(error).toBeUndefined();
      accountId = (await registerAccount(old.db, { email: 'before@example.com', name: 'Before', password: 'before password 1' })).id;
      await old.db.insertInto('signing_keys').values({ kid: 'kold1', alg: 'HS256', secret: plain.toString('base64url'), created_at: Date.now(), retired_at: null }).execute();
      token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'kold1', typ: 'JWT' }).setSubject(accountId).setIssuer('cloudya').setAudience('cloudya-api').setIssuedAt().setExpirationTime('15m').sign(plain);
    } finally {
      await old.close();
    }
    t = await testApp(backend, 'migrated', { databaseUrl: where.databaseUrl, tweak: (o) => sqliteFile && (o.sqliteFile = sqliteFile) });
    const info = await t.app.inject({ url: '/api/tokens/info', headers: bearer(token) });
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json().balance).toBe(1000);
    const row = await t.ctx.db.db.selectFrom('signing_keys').selectAll().where('kid', '=', 'kold1').executeTakeFirstOrThrow();
    expect(isSealed(row.secret)).toBe(true);
    for (const spelling of spellings(plain)) expect(row.secret).not.toContain(spelling);
    expect(t.ctx.keys.cipher.open('kold1', row.secret).equals(plain)).toBe(true);
  }, 180_000);

  it('a wrong secret is one clear line at startup and for keys rotate (no trace), a missing one too', async () => {
    const where = await backend.fresh('wrong');
    // First start: the keys are created and sealed with the right secret.
    t = await testApp(backend, 'wrong', { databaseUrl: where.databaseUrl, tweak: (o) => where.sqliteFile && (o.sqliteFile = where.sqliteFile), env: { CLOUDYA_HOME: where.home } });
    await t.close();
    t = undefined;
    const dbName = where.databaseUrl ? 'DATABASE_URL' : path.join(where.home, 'server.db');
    const wrong = envFor(where, { CLOUDYA_SERVER_SECRET: 'not the secret these keys were sealed with' });
    const start = await runBin(['serve', '--port', '0'], wrong, undefined, 120_000);
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(new RegExp(`^cloudya: error: the server secret \\(CLOUDYA_SERVER_SECRET\\) does not decrypt the signing keys in ${dbName.replace(/[/.]/g, '\\$&')} \\(key k\\w+\\)\\nhint: start with the secret the keys were encrypted with`));
    expect(start.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(start.stderr).not.toMatch(/\n\s+at /);
    expect(start.stderr).not.toContain('not the secret these keys');
    const rotate = await runBin(['serve', 'keys', 'rotate'], wrong, undefined, 120_000);
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toMatch(/^cloudya: error: the server secret \(CLOUDYA_SERVER_SECRET\) does not decrypt the signing keys/);
    // With the right secret (PostgreSQL) or the generated file (SQLite), keys rotate works and the server starts.
    const right = envFor(where);
    const rotated = await runBin(['serve', 'keys', 'rotate', '--output', 'json'], right, undefined, 120_000);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout).retired).toHaveLength(1);
    const short = await runBin(['serve', '--port', '0'], envFor(where, { CLOUDYA_SERVER_SECRET: 'short' }), undefined, 120_000);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/^cloudya: error: CLOUDYA_SERVER_SECRET is too short \(5 characters; at least 32/);
    if (where.databaseUrl) {
      const missing = await runBin(['serve', '--port', '0'], { CLOUDYA_HOME: where.home, DATABASE_URL: where.databaseUrl }, undefined, 120_000);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('cloudya: error: CLOUDYA_SERVER_SECRET is not set: with DATABASE_URL the signing keys in the database are encrypted with it, and every instance must use the same one\nhint: give every cloudya serve of this database the same CLOUDYA_SERVER_SECRET in its environment (at least 32 characters, e.g. openssl rand -base64 48)\n');
    }
  }, 300_000);
});
