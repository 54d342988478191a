/**
 * The synchronous side door of an embedded SQLite database: hot paths run their already compiled SQL
 * straight on better-sqlite3 instead of through Kysely's async driver (a connection mutex and several
 * promise hops per query, more than the one-row statement itself). Only when no Kysely transaction is
 * open on the connection: a direct statement then would join that transaction, so callers fall back to
 * Kysely, which queues behind it. Everything run here is synchronous, so Kysely never sees it half done.
 */
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Runs compiled queries synchronously on the one SQLite connection. */
export interface SyncSqlite {
  /** True while a transaction (Kysely's or ours) is open on the connection. */
  readonly inTransaction: boolean;
  run<R>(query: CompiledQuery<R> | { sql: string; parameters: readonly unknown[] }): QueryResult<R>;
  /** Runs fn in a transaction (a savepoint when nested); it commits when fn returns, rolls back when it throws. */
  transaction<T>(fn: () => T): T;
}

const registry = new WeakMap<object, SyncSqlite>();

/** Registers the synchronous runner of a Kysely instance (done by the server when it opens SQLite). */
export function attachSync(db: Kysely<never> | object, sync: SyncSqlite): void {
  registry.set(db, sync);
}

/** The synchronous runner of `db` when it is usable now (SQLite, not a transaction, none open), else undefined. */
export function syncOf(db: object): SyncSqlite | undefined {
  const sync = registry.get(db);
  return sync && !sync.inTransaction ? sync : undefined;
}
