/**
 * better-sqlite3 behind Kysely with its prepared statements kept: Kysely's SQLite driver calls
 * `prepare(sql)` for every query, and preparing (parsing + planning) cost more than running the
 * hot paths' one-row lookups. Kysely's SQL text has placeholders, so the set of distinct statements is
 * small; an LRU bound keeps odd ones (long IN lists) from growing it.
 */
import type { QueryResult, SqliteDatabase, SqliteStatement } from 'kysely';
import type { SyncSqlite } from '../../services/accounts/sync-sqlite.js';

/** Wraps a better-sqlite3 database so each distinct SQL text is prepared once. */
export function cachingStatements(database: SqliteDatabase, size = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    // Safe to share: better-sqlite3 runs all()/run() synchronously and Kysely serialises the one
    // connection; only iterate() keeps a statement busy, and the server never streams.
    prepare(sql: string): SqliteStatement {
      let stmt = statements.get(sql);
      if (stmt) {
        statements.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, stmt);
      return stmt;
    },
    close() {
      statements.clear();
      return database.close();
    },
  };
}

interface BetterSqlite extends SqliteDatabase {
  readonly inTransaction: boolean;
  transaction<T>(fn: () => T): () => T;
}

/** The synchronous side door (sync-sqlite.ts) over a better-sqlite3 database and its statement cache. */
export function syncSqlite(database: BetterSqlite, statements: SqliteDatabase): SyncSqlite {
  return {
    get inTransaction() {
      return database.inTransaction;
    },
    run<R>(query: { sql: string; parameters: readonly unknown[] }): QueryResult<R> {
      const stmt = statements.prepare(query.sql);
      if (stmt.reader) return { rows: stmt.all(query.parameters) as R[] };
      const r = stmt.run(query.parameters);
      return { rows: [], numAffectedRows: BigInt(r.changes), insertId: BigInt(r.lastInsertRowid) };
    },
    transaction<T>(fn: () => T): T {
      return database.transaction(fn)();
    },
  };
}
