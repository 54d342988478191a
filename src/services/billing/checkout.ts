/**
 * Subscribe, recharge and cancel through the Stripe SDK. Card data never reaches us: callers give a
 * payment method id. Webhooks remain the source of truth; what Stripe answers here is applied with the
 * same rules (a PaymentIntent credits under the ref its webhook uses, so the two together credit once).
 */
import type Stripe from 'stripe';
import type { Db } from '../accounts/schema.js';
import { applyMove } from '../ledger/ledger.js';
import { bucketsOf, type Buckets } from './buckets.js';
import { BillingError, fromStripeError } from './errors.js';
import { isPlanId, planOf, RECHARGE_MAX_TOKENS, RECHARGE_MIN_TOKENS, stripePriceId, TOKENS_PER_EURO } from './plans.js';

async function stripeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromStripeError(err);
  }
}

/** The account's Stripe customer, created (once, idempotently) on first use. */
async function customerOf(db: Db, stripe: Stripe, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select(['stripe_customer_id', 'email']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (row.stripe_customer_id) return row.stripe_customer_id;
  const customer = await stripeCall(() => stripe.customers.create({ email: row.email, metadata: { account_id: accountId } }, { idempotencyKey: `customer:${accountId}` }));
  await db.updateTable('accounts').set({ stripe_customer_id: customer.id }).where('id', '=', accountId).where('stripe_customer_id', 'is', null).execute();
  return customer.id;
}

async function attach(stripe: Stripe, customer: string, paymentMethod: string): Promise<void> {
  if (!/^pm_[A-Za-z0-9_]+$/.test(paymentMethod)) throw new BillingError('payment_method_invalid', `"${paymentMethod}" is not a payment method id (pm_...)`, 400);
  await stripeCall(() => stripe.paymentMethods.attach(paymentMethod, { customer }));
}

/** Subscription statuses Stripe still bills: a change of plan updates that subscription. */
const LIVE = new Set(['active', 'trialing', 'past_due']);

/** Subscribes to a paid plan (or changes the plan of the live subscription): customer, payment method attached as default, subscription on the plan's price. */
export async function subscribe(db: Db, stripe: Stripe, accountId: string, plan: string, paymentMethod: string, env: NodeJS.ProcessEnv): Promise<{ subscription_id: string; status: string; plan: string }> {
  if (!isPlanId(plan) || plan === 'free') throw new BillingError('unknown_plan', `"${plan}" is not a paid plan (starter, pro, enterprise)`, 400);
  const current = await db.selectFrom('accounts').select(['subscription_id', 'subscription_status', 'plan']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const live = !!current.subscription_id && LIVE.has(current.subscription_status ?? '');
  if (live && planOf(current.plan).id === plan) return { subscription_id: current.subscription_id!, status: current.subscription_status!, plan };
  const customer = await customerOf(db, stripe, accountId);
  await attach(stripe, customer, paymentMethod);
  await stripeCall(() => stripe.customers.update(customer, { invoice_settings: { default_payment_method: paymentMethod } }));
  const key = `subscribe:${accountId}:${plan}:${paymentMethod}:${Math.floor(Date.now() / 600_000)}`;
  // Already subscribed: the subscription changes plan (prorated, invoiced now) instead of a second one
  // starting; its subscription_update invoice tops up the allowance (refill.ts upgradeTopUp).
  const sub = live
    ? await stripeCall(async () => {
        const existing = await stripe.subscriptions.retrieve(current.subscription_id!);
        const item = existing.items.data[0];
        return stripe.subscriptions.update(
          existing.id,
          { items: [{ id: item.id, price: stripePriceId(plan, env) }], proration_behavior: 'always_invoice', default_payment_method: paymentMethod, metadata: { account_id: accountId, plan } },
          { idempotencyKey: key },
        );
      })
    : await stripeCall(() => stripe.subscriptions.create({ customer, items: [{ price: stripePriceId(plan, env) }], default_payment_method: paymentMethod, metadata: { account_id: accountId, plan } }, { idempotencyKey: key }));
  const active = sub.status === 'active' || sub.status === 'trialing';
  // A plan change happens now (the subscription itself is older than the events already applied to it).
  const at = live ? Date.now() : sub.created * 1000;
  // Applied only when no newer webhook already spoke about this subscription.
  await db
    .updateTable('accounts')
    .set({ subscription_id: sub.id, subscription_status: sub.status, cancel_at_period_end: 0, subscription_event_at: at, ...(active ? { plan } : {}) })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('subscription_event_at', 'is', null), eb('subscription_event_at', '<=', at)]))
    .execute();
  return { subscription_id: sub.id, status: sub.status, plan: active ? plan : planOf((await db.selectFrom('accounts').select('plan').where('id', '=', accountId).executeTakeFirstOrThrow()).plan).id };
}

/** Checks a recharge amount: whole thousands of tokens within bounds. */
export function checkRechargeAmount(tokens: number): void {
  if (!Number.isInteger(tokens) || tokens % TOKENS_PER_EURO !== 0) throw new BillingError('invalid_amount', `${tokens} tokens is not a multiple of ${TOKENS_PER_EURO} (1,000 tokens = 1 EUR)`, 400);
  if (tokens < RECHARGE_MIN_TOKENS || tokens > RECHARGE_MAX_TOKENS) throw new BillingError('invalid_amount', `recharges are from ${RECHARGE_MIN_TOKENS} to ${RECHARGE_MAX_TOKENS} tokens, not ${tokens}`, 400);
}

/** Buys tokens with a PaymentIntent confirmed at once; credits the purchased pool when it succeeded. */
export async function recharge(db: Db, stripe: Stripe, accountId: string, tokens: number, paymentMethod: string, idempotencyKey: string): Promise<{ payment_intent: string; status: string; tokens: number; buckets: Buckets }> {
  checkRechargeAmount(tokens);
  const customer = await customerOf(db, stripe, accountId);
  await attach(stripe, customer, paymentMethod);
  const cents = (tokens / TOKENS_PER_EURO) * 100;
  const pi = await stripeCall(() =>
    stripe.paymentIntents.create(
      { amount: cents, currency: 'eur', customer, payment_method: paymentMethod, confirm: true, off_session: true, metadata: { account_id: accountId, tokens: String(tokens) } },
      { idempotencyKey: `recharge:${accountId}:${idempotencyKey}` },
    ),
  );
  if (pi.status === 'succeeded') await applyMove(db, { accountId, amount: tokens, kind: 'purchase', bucket: 'purchased', ref: `pi:${pi.id}` });
  return { payment_intent: pi.id, status: pi.status, tokens, buckets: await bucketsOf(db, accountId) };
}

/** Cancels at the end of the period: the plan stays until Stripe deletes the subscription. */
export async function cancel(db: Db, stripe: Stripe, accountId: string): Promise<{ subscription_id: string; cancel_at_period_end: true; period_end: number | null }> {
  const row = await db.selectFrom('accounts').select(['subscription_id', 'subscription_status', 'period_end']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (!row.subscription_id || row.subscription_status === 'canceled') throw new BillingError('no_subscription', 'there is no active subscription to cancel', 404);
  const sub = await stripeCall(() => stripe.subscriptions.update(row.subscription_id!, { cancel_at_period_end: true }));
  await db.updateTable('accounts').set({ cancel_at_period_end: 1 }).where('id', '=', accountId).execute();
  const items = sub.items?.data ?? [];
  const end = (items[0] as { current_period_end?: number } | undefined)?.current_period_end;
  return { subscription_id: sub.id, cancel_at_period_end: true, period_end: end ? end * 1000 : row.period_end };
}
