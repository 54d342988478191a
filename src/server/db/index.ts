/**
 * The one query layer: SQLite (default, CLOUDYA_HOME/server.db, WAL) or PostgreSQL when DATABASE_URL
 * is set. Opening also applies pending migrations.
 */
import path from 'node:path';
import { CompiledQuery, Kysely, Migrator } from 'kysely';
import type { KeyCipher } from '../../services/accounts/key-cipher.js';
import type { Database } from '../../services/accounts/schema.js';
import { migrationProvider, type Dialect } from './migrations.js';
import { attachSync } from '../../services/accounts/sync-sqlite.js';
import { cachingStatements, syncSqlite } from './statement-cache.js';

export interface ServerDb {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives, with any password removed (for logs and /health). */
  location: string;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres:// URL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  migrate?: boolean;
  /** Seals plaintext signing keys when migration 0005 runs (needed only when the database has keys to seal). */
  cipher?: KeyCipher;
}

/** The SQLite file used when DATABASE_URL is not set. */
export function defaultSqliteFile(home: string): string {
  return path.join(home, 'server.db');
}

function safeLocation(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return 'postgresql';
  }
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(opts: OpenDbOptions): Promise<ServerDb> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let location: string;
  if (opts.databaseUrl) {
    const pg = (await import('pg')).default;
    const { PostgresDialect } = await import('kysely');
    // int8 (bigint timestamps, count(*), sum(integer)) as numbers: our values stay far below 2^53.
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
    };
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, types: types as never });
    // An idle client losing its connection must not crash the server; the pool replaces it.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
    location = safeLocation(opts.databaseUrl);
  } else {
    const file = opts.sqliteFile!;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { default: Sqlite } = await import('better-sqlite3');
    const { SqliteDialect } = await import('kysely');
    const database = new Sqlite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    const statements = cachingStatements(database);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
    attachSync(db, syncSqlite(database, statements));
    dialect = 'sqlite';
    location = file;
  }
  const handle: ServerDb = { db, dialect, location, close: () => db.destroy() };
  if (opts.migrate !== false) {
    try {
      await migrate(handle, opts.cipher);
    } catch (err) {
      await db.destroy();
      throw err;
    }
  }
  return handle;
}

/** Applies pending migrations; throws the first failure. */
export async function migrate(handle: ServerDb, cipher?: KeyCipher): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect, cipher) });
  let attempt = 0;
  for (;;) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // Two instances creating Kysely's own bookkeeping tables at once can collide once; the lock then serialises them.
    if (attempt++ < 2 && /already exists|duplicate key/i.test(String((error as Error).message))) continue;
    throw error;
  }
}

const PING = CompiledQuery.raw('select 1');

/** True when a trivial query answers. */
export async function pingDatabase(handle: ServerDb): Promise<boolean> {
  try {
    await handle.db.executeQuery(PING);
    return true;
  } catch {
    return false;
  }
}
