/**
 * Usage anomaly: an account's last hour compared with its own hourly average over the week before.
 * A flag for an operator (accounts.anomaly_at + a security event), never a block.
 */
import { recordEvent } from '../accounts/events.js';
import type { Db } from '../accounts/schema.js';
import { spentSince } from './ledger.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

export interface AnomalyRule {
  /** Last hour above `factor` times the average hour... */
  factor: number;
  /** ...and above this many tokens (a few questions are never an anomaly). */
  minimum: number;
}

export const DEFAULT_ANOMALY_RULE: AnomalyRule = { factor: 10, minimum: 500 };

/** Whether an hour's usage is far above the average hour. */
export function isAnomalous(lastHour: number, averageHour: number, rule: AnomalyRule = DEFAULT_ANOMALY_RULE): boolean {
  return lastHour >= rule.minimum && lastHour > rule.factor * averageHour;
}

/** Checks one account now; flags it (once per hour at most) and returns whether it was anomalous. */
export async function checkAnomaly(db: Db, accountId: string, now = Date.now(), rule: AnomalyRule = DEFAULT_ANOMALY_RULE): Promise<boolean> {
  const lastHour = await spentSince(db, accountId, now - HOUR, now + 1);
  if (lastHour < rule.minimum) return false;
  const before = await spentSince(db, accountId, now - HOUR - WEEK, now - HOUR);
  const average = before / (WEEK / HOUR);
  if (!isAnomalous(lastHour, average, rule)) return false;
  const flagged = await db
    .updateTable('accounts')
    .set({ anomaly_at: now })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('anomaly_at', 'is', null), eb('anomaly_at', '<', now - HOUR)]))
    .executeTakeFirst();
  if (Number(flagged.numUpdatedRows) > 0) {
    await recordEvent(db, { kind: 'usage_anomaly', accountId, detail: { last_hour: lastHour, average_hour: Math.round(average * 10) / 10 } }, now);
  }
  return true;
}
