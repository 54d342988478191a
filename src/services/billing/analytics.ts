/**
 * Revenue analytics for admins: MRR (the monthly prices of the subscriptions Stripe still bills:
 * status active or past_due, cancelled-at-period-end included until they end), active subscriptions
 * by plan, and per UTC day the tokens sold (recharges), refunded and used (answers). Plain SQL that
 * SQLite and PostgreSQL both run the same way (integer division of epoch milliseconds for the day).
 */
import { sql } from 'kysely';
import type { Db } from '../accounts/schema.js';
import { PLANS } from './plans.js';

const DAY = 86_400_000;
/** Statuses whose subscriptions count as active (Stripe keeps billing past_due ones while it retries). */
export const BILLED_STATUSES = ['active', 'past_due'] as const;
/** The longest range one request may ask for (days). */
export const MAX_ANALYTICS_DAYS = 366;

export interface AnalyticsDay {
  date: string;
  tokens_sold: number;
  tokens_refunded: number;
  tokens_used: number;
  requests: number;
}

export interface RevenueAnalytics {
  currency: 'EUR';
  mrr_cents: number;
  active_subscriptions: { total: number; by_plan: Array<{ plan: string; count: number; price_cents: number; mrr_cents: number }> };
  range: { from: string; to: string; days: number };
  totals: { tokens_sold: number; tokens_refunded: number; tokens_used: number; requests: number };
  by_day: AnalyticsDay[];
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The analytics over the UTC days `fromDay`..`toDay` (epoch ms of each day's start, both included). */
export async function revenueAnalytics(db: Db, fromDay: number, toDay: number): Promise<RevenueAnalytics> {
  const subs = await db
    .selectFrom('accounts')
    .select((eb) => ['plan', eb.fn.countAll<number>().as('n')])
    .where('subscription_status', 'in', [...BILLED_STATUSES])
    .where('plan', '!=', 'free')
    .where('disabled_at', 'is', null)
    .groupBy('plan')
    .execute();
  const counts = new Map(subs.map((r) => [r.plan, Number(r.n)]));
  const byPlan = PLANS.filter((p) => p.priceCents > 0).map((p) => {
    const count = counts.get(p.id) ?? 0;
    return { plan: p.id, count, price_cents: p.priceCents, mrr_cents: count * p.priceCents };
  });

  // A literal divisor: PostgreSQL must see the same expression in SELECT and GROUP BY.
  const day = sql<number>`created_at / ${sql.lit(DAY)}`;
  const rows = await db
    .selectFrom('ledger')
    .select((eb) => [day.as('day'), 'kind', eb.fn.sum<number>('amount').as('amount'), eb.fn.countAll<number>().as('n')])
    .where('kind', 'in', ['purchase', 'refund', 'command'])
    .where('created_at', '>=', fromDay)
    .where('created_at', '<', toDay + DAY)
    .groupBy([day, 'kind'])
    .execute();
  const days = new Map<string, AnalyticsDay>();
  for (let t = fromDay; t <= toDay; t += DAY) days.set(isoDay(t), { date: isoDay(t), tokens_sold: 0, tokens_refunded: 0, tokens_used: 0, requests: 0 });
  for (const r of rows) {
    const d = days.get(isoDay(Math.floor(Number(r.day)) * DAY));
    if (!d) continue;
    const amount = Number(r.amount);
    if (r.kind === 'purchase') d.tokens_sold += amount;
    else if (r.kind === 'refund') d.tokens_refunded += -amount;
    else {
      d.tokens_used += -amount;
      d.requests += Number(r.n);
    }
  }
  const byDay = [...days.values()];
  const sum = (k: keyof Omit<AnalyticsDay, 'date'>) => byDay.reduce((n, d) => n + d[k], 0);
  return {
    currency: 'EUR',
    mrr_cents: byPlan.reduce((n, p) => n + p.mrr_cents, 0),
    active_subscriptions: { total: byPlan.reduce((n, p) => n + p.count, 0), by_plan: byPlan },
    range: { from: isoDay(fromDay), to: isoDay(toDay), days: byDay.length },
    totals: { tokens_sold: sum('tokens_sold'), tokens_refunded: sum('tokens_refunded'), tokens_used: sum('tokens_used'), requests: sum('requests') },
    by_day: byDay,
  };
}
