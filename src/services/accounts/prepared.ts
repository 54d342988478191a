/**
 * Hot-path queries compiled once per SQL dialect instead of on every call: Kysely's builder and
 * compiler cost more than the one-row lookups they produce. The query is built with marked
 * placeholders; each call only swaps the parameter values, so the SQL text (and SQLite's cached
 * statement for it) stays the same. On embedded SQLite, outside transactions, the statement runs
 * synchronously on better-sqlite3 (sync-sqlite.ts) instead of through Kysely's async driver.
 */
import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Db } from './schema.js';
import { syncOf, type SyncSqlite } from './sync-sqlite.js';

/** Stands for the i-th argument of a prepared query in its builder (any column type accepts it). */
export type Arg = (i: number) => never;

const MARK = '\u0000cloudya-arg:';

/** A query compiled once per dialect: run it (async), or run it synchronously on an SQLite side door. */
export interface Prepared<R> {
  (db: Db, ...args: unknown[]): Promise<QueryResult<R>>;
  /** Runs on `sync` now (the caller checked it is usable: inside its own synchronous transaction, say). */
  sync(sync: SyncSqlite, db: Db, ...args: unknown[]): QueryResult<R>;
}

/** Builds `build` once per dialect; the returned function runs it with `args` in the placeholders' places. */
export function prepared<R>(build: (db: Db, arg: Arg) => Compilable<R>): Prepared<R> {
  // Keyed by the dialect adapter: shared by a Kysely instance and its transactions.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: Array<{ arg: number } | { value: unknown }> }>();
  const withArgs = (db: Db, args: unknown[]): CompiledQuery<R> => {
    const adapter = db.getExecutor().adapter;
    let entry = compiled.get(adapter);
    if (!entry) {
      const query = build(db, (i) => `${MARK}${i}` as never).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? { arg: Number(p.slice(MARK.length)) } : { value: p }));
      entry = { query, slots };
      compiled.set(adapter, entry);
    }
    return { ...entry.query, parameters: entry.slots.map((s) => ('arg' in s ? args[s.arg] : s.value)) };
  };
  const run = ((db: Db, ...args: unknown[]) => {
    const query = withArgs(db, args);
    const sync = syncOf(db);
    if (!sync) return db.executeQuery<R>(query);
    try {
      return Promise.resolve(sync.run(query));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }) as Prepared<R>;
  run.sync = (sync, db, ...args) => sync.run(withArgs(db, args));
  return run;
}
