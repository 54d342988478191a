/**
 * Hot-path queries compiled once per SQL dialect instead of on every call: Kysely's builder and
 * compiler cost more than the one-row lookups they produce. The query is built with marked
 * placeholders; each call only swaps the parameter values, so the SQL text (and SQLite's cached
 * statement for it) stays the same.
 */
import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Db } from './schema.js';

/** Stands for the i-th argument of a prepared query in its builder (any column type accepts it). */
export type Arg = (i: number) => never;

const MARK = '\u0000cloudya-arg:';

/** Builds `build` once per dialect; the returned function runs it with `args` in the placeholders' places. */
export function prepared<R>(build: (db: Db, arg: Arg) => Compilable<R>): (db: Db, ...args: unknown[]) => Promise<QueryResult<R>> {
  // Keyed by the dialect adapter: shared by a Kysely instance and its transactions.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: Array<{ arg: number } | { value: unknown }> }>();
  return (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let entry = compiled.get(adapter);
    if (!entry) {
      const query = build(db, (i) => `${MARK}${i}` as never).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? { arg: Number(p.slice(MARK.length)) } : { value: p }));
      entry = { query, slots };
      compiled.set(adapter, entry);
    }
    const parameters = entry.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return db.executeQuery<R>({ ...entry.query, parameters });
  };
}
