/**
 * Stripe webhook events applied to accounts. Each event runs in one transaction that first records
 * its id in stripe_events (primary key): a replay, or the same event reaching two instances at once,
 * finds the id taken and changes nothing. Subscription state carries the `created` time of the event
 * that set it, so an older event arriving late cannot undo a newer one.
 */
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { Database } from '../accounts/schema.js';
import { applyMove } from '../ledger/ledger.js';
import { notify } from './notifications.js';
import { planForPrice, TOKENS_PER_EURO } from './plans.js';
import { refill, remainingShare, upgradeTopUp } from './refill.js';

export type EventOutcome = 'applied' | 'duplicate' | 'ignored_stale' | 'ignored_type' | 'no_account';

export interface EventResult {
  outcome: EventOutcome;
  accountId?: string;
  shortfall?: number;
  /** What stripe_events.outcome records instead of `outcome`. */
  recordAs?: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' && v && typeof (v as Obj).id === 'string' ? ((v as Obj).id as string) : undefined);

/** Tokens bought by an amount in euro cents. */
export function tokensForCents(cents: number): number {
  return Math.floor((cents * TOKENS_PER_EURO) / 100);
}

async function accountFor(trx: Kysely<Database>, object: Obj): Promise<string | undefined> {
  const meta = (object.metadata ?? {}) as Record<string, string>;
  if (meta.account_id) {
    const row = await trx.selectFrom('accounts').select('id').where('id', '=', meta.account_id).executeTakeFirst();
    if (row) return row.id;
  }
  const customer = str(object.customer);
  if (!customer) return undefined;
  return (await trx.selectFrom('accounts').select('id').where('stripe_customer_id', '=', customer).executeTakeFirst())?.id;
}

function priceOfSubscription(sub: Obj): string | undefined {
  const items = ((sub.items as Obj | undefined)?.data ?? []) as Obj[];
  return str((items[0] as Obj | undefined)?.price);
}

function linesOf(invoice: Obj): Obj[] {
  return ((invoice.lines as Obj | undefined)?.data ?? []) as Obj[];
}

function priceOfLine(line: Obj): string | undefined {
  // Older API versions put the price on the line, newer ones under pricing.price_details.
  const details = ((line.pricing as Obj | undefined)?.price_details ?? {}) as Obj;
  return str(line.price) ?? str(details.price);
}

function isProration(line: Obj): boolean {
  // Older API versions flag the line itself, newer ones its parent subscription item.
  const parent = ((line.parent as Obj | undefined)?.subscription_item_details ?? {}) as Obj;
  return line.proration === true || parent.proration === true;
}

/** The price the invoice is for: its first charged (positive) line on a plan's price, else its first line's. */
function priceOfInvoice(invoice: Obj, env: NodeJS.ProcessEnv): string | undefined {
  const lines = linesOf(invoice);
  const charged = lines.find((l) => Number(l.amount ?? 1) > 0 && planForPrice(priceOfLine(l) ?? '', env));
  return priceOfLine(charged ?? lines[0] ?? {});
}

/**
 * Whether an invoice starts a new period. A `subscription_update` invoice made only of proration
 * lines is a mid-period change; with a full (non-proration) line on a plan's price, the billing cycle
 * was reset and a new period begins.
 */
function startsPeriod(invoice: Obj, env: NodeJS.ProcessEnv): boolean {
  if (invoice.billing_reason !== 'subscription_update') return true;
  return linesOf(invoice).some((l) => !isProration(l) && Number(l.amount ?? 1) > 0 && !!planForPrice(priceOfLine(l) ?? '', env));
}

/** The share of the period an upgrade invoice charged for: its charged proration line's period, else the time left until the account's period end. */
function prorationShare(invoice: Obj, newPrice: string | undefined, periodEnd: number | null, eventAt: number): number {
  const line = linesOf(invoice).find((l) => isProration(l) && Number(l.amount ?? 0) > 0 && (!newPrice || priceOfLine(l) === newPrice));
  const period = line?.period as { start?: number; end?: number } | undefined;
  if (period && typeof period.start === 'number' && typeof period.end === 'number') return remainingShare(period.start * 1000, period.end * 1000);
  if (periodEnd !== null) return remainingShare(eventAt, periodEnd);
  return 1;
}

function periodEndOf(o: Obj): number | null {
  const items = ((o.items as Obj | undefined)?.data ?? []) as Obj[];
  const s = (o.current_period_end ?? items[0]?.current_period_end) as number | undefined;
  return typeof s === 'number' ? s * 1000 : null;
}

const ENDED = new Set(['canceled', 'unpaid', 'incomplete_expired']);

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /unique|duplicate key/i.test(String(e.message));
}

/** Applies one verified Stripe event exactly once. */
export async function processStripeEvent(db: Kysely<Database>, event: Stripe.Event, env: NodeJS.ProcessEnv = process.env): Promise<EventResult> {
  try {
    return await db.transaction().execute((trx) => apply(trx, event, env));
  } catch (err) {
    // Another delivery of the same event committed first: the primary key decided.
    if (isUniqueViolation(err)) {
      const seen = await db.selectFrom('stripe_events').select('id').where('id', '=', event.id).executeTakeFirst();
      if (seen) return { outcome: 'duplicate' };
    }
    throw err;
  }
}

async function apply(trx: Kysely<Database>, event: Stripe.Event, env: NodeJS.ProcessEnv): Promise<EventResult> {
  const now = Date.now();
  if (await trx.selectFrom('stripe_events').select('id').where('id', '=', event.id).executeTakeFirst()) return { outcome: 'duplicate' };
  await trx.insertInto('stripe_events').values({ id: event.id, type: event.type, account_id: null, outcome: 'processing', created_at: now }).execute();
  const object = event.data.object as unknown as Obj;
  const accountId = await accountFor(trx, object);
  let result: EventResult;
  if (!accountId) result = { outcome: 'no_account' };
  else result = await handle(trx, event, object, accountId, env, now);
  await trx.updateTable('stripe_events').set({ outcome: result.recordAs ?? result.outcome, account_id: accountId ?? null, shortfall: result.shortfall ?? 0 }).where('id', '=', event.id).execute();
  return result;
}

async function handle(trx: Kysely<Database>, event: Stripe.Event, o: Obj, accountId: string, env: NodeJS.ProcessEnv, now: number): Promise<EventResult> {
  const eventAt = event.created * 1000;
  const account = await trx.selectFrom('accounts').select(['plan', 'subscription_event_at', 'period_end']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const stale = account.subscription_event_at !== null && eventAt < account.subscription_event_at;
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const tokens = tokensForCents(Number(o.amount_received ?? o.amount ?? 0));
      // Keyed by the PaymentIntent too: a second event about the same payment cannot credit again.
      await applyMove(trx, { accountId, amount: tokens, kind: 'purchase', bucket: 'purchased', ref: `pi:${String(o.id)}`, now });
      return { outcome: 'applied', accountId };
    }
    case 'invoice.paid': {
      const price = priceOfInvoice(o, env);
      const newPlan = planForPrice(price ?? '', env) ?? account.plan;
      if (startsPeriod(o, env)) {
        // The first invoice of a subscription ends the Free period, even if the subscribe call already set the plan.
        const endingPlan = o.billing_reason === 'subscription_create' ? 'free' : account.plan;
        await refill(trx, accountId, { endingPlan, newPlan, ref: `invoice:${String(o.id)}`, now });
      } else {
        // A mid-period upgrade: the allowance difference for the share of the period Stripe prorated, not a renewal.
        await upgradeTopUp(trx, accountId, { newPlan, share: prorationShare(o, price, account.period_end, eventAt), ref: `invoice:${String(o.id)}`, now });
      }
      if (!stale) {
        const sub = str(o.subscription) ?? str(((o.parent as Obj | undefined)?.subscription_details as Obj | undefined)?.subscription);
        await trx
          .updateTable('accounts')
          .set({ plan: newPlan, subscription_status: 'active', subscription_event_at: eventAt, ...(sub ? { subscription_id: sub } : {}) })
          .where('id', '=', accountId)
          .execute();
      }
      return { outcome: 'applied', accountId };
    }
    case 'invoice.payment_failed': {
      // Stripe retries the payment on its schedule; the plan stays until the subscription ends unpaid.
      if (!stale) await trx.updateTable('accounts').set({ subscription_status: 'past_due', subscription_event_at: eventAt }).where('id', '=', accountId).execute();
      const attempt = Number(o.attempt_count ?? 1);
      await notify(trx, { accountId, kind: 'payment_failed', dedupe: `payment_failed:${String(o.id)}:${attempt}`, message: `Payment of invoice ${String(o.id)} failed (attempt ${attempt}); Stripe will retry. Update your payment method to keep your plan.`, now });
      return { outcome: 'applied', accountId };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated': {
      if (stale) return { outcome: 'ignored_stale', accountId };
      const status = String(o.status ?? 'active');
      const plan = ENDED.has(status) ? 'free' : (planForPrice(priceOfSubscription(o) ?? '', env) ?? account.plan);
      // An incomplete first payment does not grant the plan yet.
      const granted = status === 'incomplete' ? account.plan : plan;
      await trx
        .updateTable('accounts')
        .set({ plan: granted, subscription_status: status, subscription_id: String(o.id), cancel_at_period_end: o.cancel_at_period_end ? 1 : 0, period_end: periodEndOf(o), subscription_event_at: eventAt })
        .where('id', '=', accountId)
        .execute();
      return { outcome: 'applied', accountId };
    }
    case 'customer.subscription.deleted': {
      // The end is final: it applies whatever arrived before it.
      await trx
        .updateTable('accounts')
        .set({ plan: 'free', subscription_status: 'canceled', cancel_at_period_end: 0, subscription_event_at: Math.max(eventAt, account.subscription_event_at ?? 0) })
        .where('id', '=', accountId)
        .execute();
      await notify(trx, { accountId, kind: 'subscription_ended', dedupe: `subscription_ended:${String(o.id)}`, message: 'Your subscription ended; the account is on the Free plan now.', now });
      return { outcome: 'applied', accountId };
    }
    case 'charge.refunded': {
      const chargeId = String(o.id);
      const total = tokensForCents(Number(o.amount_refunded ?? 0));
      // amount_refunded is cumulative: take back only what earlier refunds of this charge did not.
      const done = await trx
        .selectFrom('stripe_events')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('shortfall'), eb.val(0)).as('s'))
        .where('outcome', '=', `refund:${chargeId}`)
        .executeTakeFirst();
      const removed = await trx
        .selectFrom('ledger')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.val(0)).as('s'))
        .where('account_id', '=', accountId)
        .where('kind', '=', 'refund')
        .where('ref', 'like', `refund:${chargeId}:%`)
        .executeTakeFirst();
      const owed = total - Number(done?.s ?? 0) + Number(removed?.s ?? 0);
      if (owed <= 0) return { outcome: 'applied', accountId };
      const balance = (await trx.selectFrom('accounts').select('balance').where('id', '=', accountId).executeTakeFirstOrThrow()).balance;
      const take = Math.min(owed, balance);
      const shortfall = owed - take;
      if (take > 0) await applyMove(trx, { accountId, amount: -take, kind: 'refund', bucket: 'purchased', ref: `refund:${chargeId}:${event.id}`, now });
      if (shortfall > 0) {
        await notify(trx, { accountId, kind: 'refund_shortfall', dedupe: `refund_shortfall:${event.id}`, message: `A refund took back ${owed} tokens but only ${take} were left; ${shortfall} tokens are owed.`, now });
      }
      // Recorded under the charge so later partial refunds of it can see what was already taken.
      return { outcome: 'applied', accountId, shortfall, recordAs: `refund:${chargeId}` };
    }
    default:
      return { outcome: 'ignored_type', accountId };
  }
}
