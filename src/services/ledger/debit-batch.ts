/**
 * The debit of an answer (the usage move and the quota alerts it crosses, committed together). On
 * embedded SQLite the debits arriving in the same event-loop turn are grouped into one synchronous
 * transaction: one commit for the group instead of one each, each debit still its own conditional
 * UPDATE (in a savepoint), so none can overdraw and balance == ledger as before. On PostgreSQL each
 * debit is one statement (applyUsePg); the quota alert it crosses, decided from that statement's own
 * figures, is recorded right after it (once per threshold and period, by its dedupe key). On SQLite while
 * a Kysely transaction holds the connection, a debit is its own transaction.
 */
import { PostgresAdapter } from 'kysely';
import type { Db } from '../accounts/schema.js';
import { syncOf } from '../accounts/sync-sqlite.js';
import { recordQuotaAlerts, recordQuotaAlertsSync, type QuotaAlert } from '../billing/quota.js';
import { applyMove, applyUsePg, applyUseSync, type Move, type MoveResult } from './ledger.js';

export interface DebitOutcome {
  moved: MoveResult;
  /** The quota alert this debit raised (at most one debit per threshold and period carries it). */
  quotaAlert?: QuotaAlert;
}

interface Pending {
  move: Move;
  resolve(outcome: DebitOutcome): void;
  reject(err: unknown): void;
}

const queues = new WeakMap<Db, Pending[]>();

/** One debit in its own transaction (any backend), or its own statement (PostgreSQL). */
async function debitAlone(db: Db, move: Move): Promise<DebitOutcome> {
  if (!db.isTransaction && db.getExecutor().adapter instanceof PostgresAdapter) {
    const r = await applyUsePg(db, move);
    if (!r.ok || !r.period) return { moved: r };
    const quotaAlert = await recordQuotaAlerts(db, move.accountId, r.period, -move.amount, move.now!);
    return { moved: r, ...(quotaAlert ? { quotaAlert } : {}) };
  }
  return db.transaction().execute(async (trx): Promise<DebitOutcome> => {
    const r = await applyMove(trx, move);
    if (!r.ok || !r.period) return { moved: r };
    return { moved: r, quotaAlert: await recordQuotaAlerts(trx, move.accountId, r.period, -move.amount, move.now!) };
  });
}

function flush(db: Db): void {
  const queue = queues.get(db)!;
  queues.delete(db);
  const sync = syncOf(db);
  if (!sync) {
    for (const p of queue) debitAlone(db, p.move).then(p.resolve, p.reject);
    return;
  }
  const outcomes: Array<{ ok: DebitOutcome } | { err: unknown }> = [];
  try {
    sync.transaction(() => {
      for (const p of queue) {
        try {
          // A savepoint each: a debit that fails leaves no half (balance moved without its ledger row).
          outcomes.push({
            ok: sync.transaction(() => {
              const r = applyUseSync(sync, db, p.move);
              if (!r.ok || !r.period) return { moved: r };
              const quotaAlert = recordQuotaAlertsSync(sync, db, p.move.accountId, r.period, -p.move.amount, p.move.now!);
              return { moved: r, ...(quotaAlert ? { quotaAlert } : {}) };
            }),
          });
        } catch (err) {
          outcomes.push({ err });
        }
      }
    });
  } catch (err) {
    // The commit failed: no debit of the group happened.
    for (const p of queue) p.reject(err);
    return;
  }
  queue.forEach((p, i) => {
    const o = outcomes[i];
    if ('ok' in o) p.resolve(o.ok);
    else p.reject(o.err);
  });
}

/** Debits an answer's usage (`move.use`, no ref) and records the quota alerts it crosses. */
export function debitUsage(db: Db, move: Move): Promise<DebitOutcome> {
  const m = { ...move, now: move.now ?? Date.now() };
  if (!syncOf(db)) return debitAlone(db, m);
  let queue = queues.get(db);
  if (!queue) {
    queue = [];
    queues.set(db, queue);
    setImmediate(() => flush(db));
  }
  return new Promise((resolve, reject) => queue.push({ move: m, resolve, reject }));
}
