/**
 * Quota alerts: a notification when an allowance period's usage reaches 80% and 100% of the tokens
 * the period started with. Decided from the figures the debit statement itself returned (period
 * usage after the debit), so among concurrent answers exactly one crosses each threshold; the
 * notification's dedupe key carries the period, so each alert exists once per period whatever happens.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../accounts/schema.js';
import type { PeriodAfter } from '../ledger/ledger.js';
import type { SyncSqlite } from '../accounts/sync-sqlite.js';
import { notify, notifyQuery, type NewNotification } from './notifications.js';
import { QUOTA_ALERT_PERCENTS } from './plans.js';

export interface QuotaAlert {
  kind: `quota_${number}`;
  percent: number;
  used: number;
  allowance: number;
  /** ISO 8601 start of the period the alert belongs to. */
  period_start: string;
}

/** The account's period: its allowance, what answers used of it, and the alert already raised in it. */
export interface QuotaState {
  period_start: string | null;
  allowance: number;
  used: number;
  percent: number;
  alert: QuotaAlert | null;
}

const dedupeKey = (percent: number, accountId: string, periodStart: number) => `quota_${percent}:${accountId}:${periodStart}`;

/** The tokens at which `percent` of `allowance` is reached (at least 1). */
export function thresholdTokens(allowance: number, percent: number): number {
  return Math.max(1, Math.ceil((allowance * percent) / 100));
}

/** The thresholds a debit of `spent` tokens crossed, lowest first. */
export function crossedPercents(period: PeriodAfter, spent: number): number[] {
  if (period.allowance <= 0) return [];
  const before = period.used - spent;
  return QUOTA_ALERT_PERCENTS.filter((p) => before < thresholdTokens(period.allowance, p) && period.used >= thresholdTokens(period.allowance, p));
}

function alertOf(percent: number, used: number, allowance: number, periodStart: number): QuotaAlert {
  return { kind: `quota_${percent}`, percent, used, allowance, period_start: new Date(periodStart).toISOString() };
}

function englishMessage(a: QuotaAlert): string {
  return a.percent >= 100
    ? `You have used all ${a.allowance} plan tokens of this period (${a.used} used); answers now spend purchased tokens, if any.`
    : `You have used ${a.percent}% of this period's ${a.allowance} plan tokens (${a.used} used).`;
}

/** The alerts a usage debit crossed, each with the notification that records it. */
function crossedAlerts(accountId: string, period: PeriodAfter, spent: number, now: number): Array<{ alert: QuotaAlert; notification: NewNotification }> {
  return crossedPercents(period, spent).map((percent) => {
    const alert = alertOf(percent, period.used, period.allowance, period.start);
    const data = { percent, used: alert.used, allowance: alert.allowance, period_start: alert.period_start };
    return { alert, notification: { accountId, kind: alert.kind, dedupe: dedupeKey(percent, accountId, period.start), message: englishMessage(alert), data, now } };
  });
}

/**
 * Records the alerts a usage debit crossed, inside the debit's transaction; returns the highest one
 * newly recorded (the one the answer carries), or undefined.
 */
export async function recordQuotaAlerts(trx: Kysely<Database>, accountId: string, period: PeriodAfter, spent: number, now: number): Promise<QuotaAlert | undefined> {
  let raised: QuotaAlert | undefined;
  for (const { alert, notification } of crossedAlerts(accountId, period, spent, now)) if (await notify(trx, notification)) raised = alert;
  return raised;
}

/** recordQuotaAlerts inside a synchronous SQLite transaction (the batched debits of sync-sqlite.ts). */
export function recordQuotaAlertsSync(sync: SyncSqlite, db: Kysely<Database>, accountId: string, period: PeriodAfter, spent: number, now: number): QuotaAlert | undefined {
  let raised: QuotaAlert | undefined;
  for (const { alert, notification } of crossedAlerts(accountId, period, spent, now)) if (Number(sync.run(notifyQuery(db, notification).compile()).numAffectedRows ?? 0) > 0) raised = alert;
  return raised;
}

/** The account's current period and its latest alert (for `info`, `tokens info`, `subscription info`). */
export async function quotaOf(db: Kysely<Database>, accountId: string): Promise<QuotaState> {
  const a = await db.selectFrom('accounts').select(['period_start', 'period_allowance', 'period_used']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const period = a.period_start === null ? null : { start: Number(a.period_start), allowance: Number(a.period_allowance ?? 0), used: Number(a.period_used ?? 0) };
  return quotaFromPeriod(db, accountId, period);
}

/**
 * The quota state from period figures already read (the tokens-info hot path reads them with the
 * balance). The alerts are looked up only once usage reached the lowest threshold: below it, none shows.
 */
export async function quotaFromPeriod(db: Kysely<Database>, accountId: string, period: PeriodAfter | null): Promise<QuotaState> {
  if (!period) return { period_start: null, allowance: 0, used: 0, percent: 0, alert: null };
  const { allowance, used, start } = period;
  const percent = allowance > 0 ? Math.floor((used * 100) / allowance) : 0;
  const base = { period_start: new Date(start).toISOString(), allowance, used, percent, alert: null };
  if (allowance <= 0 || used < thresholdTokens(allowance, Math.min(...QUOTA_ALERT_PERCENTS))) return base;
  const keys = QUOTA_ALERT_PERCENTS.map((p) => dedupeKey(p, accountId, start));
  const rows = await db.selectFrom('notifications').select(['kind', 'data']).where('account_id', '=', accountId).where('dedupe', 'in', keys).execute();
  let alert: QuotaAlert | null = null;
  for (const r of rows) {
    const d = JSON.parse(r.data ?? '{}') as { percent?: number; used?: number; allowance?: number };
    const p = Number(d.percent ?? r.kind.replace('quota_', ''));
    if (!alert || p > alert.percent) alert = alertOf(p, Number(d.used ?? used), Number(d.allowance ?? allowance), start);
  }
  return { period_start: new Date(start).toISOString(), allowance, used, percent, alert };
}
