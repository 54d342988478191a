/**
 * POST /api/webhooks/stripe on SQLite and PostgreSQL, with events signed for real by the Stripe SDK:
 * bad signatures, concurrent replays (also across two server instances), out-of-order delivery,
 * renewal rollover, refunds after spending, payment failure down to Free.
 */
import { afterEach, expect, it } from 'vitest';
import Stripe from 'stripe';
import { applyMove, balanceOf, ledgerSum } from '../../src/services/ledger/index.js';
import { bucketsOf } from '../../src/services/billing/buckets.js';
import { describeBackends } from './backends.js';
import { register, testApp, type TestApp } from './app.js';

const SECRET = 'whsec_test_billing_secret';
const env = { STRIPE_WEBHOOK_SECRET: SECRET };
const stripe = new Stripe('sk_test_unused');
let seq = 0;

function event(type: string, object: Record<string, unknown>, opts: { id?: string; created?: number } = {}) {
  return { id: opts.id ?? `evt_${++seq}_${Date.now()}`, object: 'event', api_version: '2025-01-01', type, created: opts.created ?? Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null, data: { object } };
}

async function deliver(app: TestApp, ev: unknown, secret = SECRET) {
  const payload = JSON.stringify(ev);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
  return app.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload });
}

async function account(app: TestApp, email: string, customer: string) {
  const s = await register(app, email);
  await app.ctx.db.db.updateTable('accounts').set({ stripe_customer_id: customer }).where('id', '=', s.account.id).execute();
  return s.account.id;
}

const row = (app: TestApp, id: string) => app.ctx.db.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const notes = (app: TestApp, id: string) => app.ctx.db.db.selectFrom('notifications').select(['kind', 'message']).where('account_id', '=', id).orderBy('id').execute();
const invoice = (id: string, customer: string, price: string, reason = 'subscription_cycle') => ({ id, object: 'invoice', customer, subscription: 'sub_1', billing_reason: reason, lines: { object: 'list', data: [{ object: 'line_item', price: { id: price, object: 'price' } }] } });
const subscription = (customer: string, status: string, price: string, extra: Record<string, unknown> = {}) => ({ id: 'sub_1', object: 'subscription', customer, status, cancel_at_period_end: false, items: { object: 'list', data: [{ object: 'subscription_item', price: { id: price, object: 'price' }, current_period_end: 1_900_000_000 }] }, ...extra });

describeBackends('Stripe webhooks', (backend) => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  }, 180_000);
  const start = async (label: string, extra: Parameters<typeof testApp>[2] = {}) => {
    const a = await testApp(backend, label, { env, ...extra });
    apps.push(a);
    return a;
  };

  it('refuses a bad signature with 400 and changes nothing', async () => {
    const t = await start('wh-sig');
    const id = await account(t, 'sig@example.com', 'cus_sig');
    const pi = { id: 'pi_sig', object: 'payment_intent', customer: 'cus_sig', amount: 500, amount_received: 500, currency: 'eur', metadata: {} };
    const forged = await deliver(t, event('payment_intent.succeeded', pi), 'whsec_wrong');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('bad_signature');
    // A valid header for another body does not fit this one.
    const header = stripe.webhooks.generateTestHeaderString({ payload: '{}', secret: SECRET });
    const swapped = await t.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload: JSON.stringify(event('payment_intent.succeeded', pi)) });
    expect(swapped.statusCode).toBe(400);
    expect(await balanceOf(t.ctx.db.db, id)).toBe(1000);
    expect(await t.ctx.db.db.selectFrom('stripe_events').selectAll().execute()).toEqual([]);
  }, 180_000);

  it('the same payment_intent.succeeded delivered 10 times at once, to two instances, credits 5,000 tokens once', async () => {
    const a = await start('wh-replay');
    const b = await start('wh-replay-2', { databaseUrl: a.ctx.options.databaseUrl, tweak: (o) => (o.sqliteFile = a.ctx.options.sqliteFile) });
    const id = await account(a, 'buyer@example.com', 'cus_buyer');
    const ev = event('payment_intent.succeeded', { id: 'pi_buy', object: 'payment_intent', customer: 'cus_buyer', amount: 500, amount_received: 500, currency: 'eur', metadata: { account_id: id } });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(i % 2 ? b : a, ev)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.filter((r) => r.json().outcome === 'applied').length).toBe(1);
    expect(await balanceOf(a.ctx.db.db, id)).toBe(6000);
    expect(await ledgerSum(a.ctx.db.db, id)).toBe(6000);
    expect(await bucketsOf(a.ctx.db.db, id)).toEqual({ balance: 6000, allowance: 1000, purchased: 5000 });
    // Another event about the same PaymentIntent (Stripe may send one per endpoint) does not credit again.
    await deliver(a, { ...ev, id: 'evt_other_for_pi_buy' });
    expect(await balanceOf(a.ctx.db.db, id)).toBe(6000);
  }, 180_000);

  it('invoice.paid before customer.subscription.created ends on Pro, active; the late, older event is ignored', async () => {
    const t = await start('wh-order');
    const id = await account(t, 'order@example.com', 'cus_order');
    const now = Math.floor(Date.now() / 1000);
    const paid = await deliver(t, event('invoice.paid', invoice('in_first', 'cus_order', 'price_cloudya_pro', 'subscription_create'), { created: now }));
    expect(paid.json().outcome).toBe('applied');
    const late = await deliver(t, event('customer.subscription.created', subscription('cus_order', 'incomplete', 'price_cloudya_pro'), { created: now - 5 }));
    expect(late.json().outcome).toBe('ignored_stale');
    const a = await row(t, id);
    expect(a).toMatchObject({ plan: 'pro', subscription_status: 'active', subscription_id: 'sub_1' });
    // Free's 1,000 left: 200 (20% of Free's 1,000) carried over, plus Pro's 50,000.
    expect(a.balance).toBe(50_200);
    expect(await ledgerSum(t.ctx.db.db, id)).toBe(50_200);
  }, 180_000);

  it('a renewal with 30% of the allowance left carries over 20% and keeps every purchased token', async () => {
    const t = await start('wh-rollover');
    const db = t.ctx.db.db;
    const id = await account(t, 'roll@example.com', 'cus_roll');
    await deliver(t, event('invoice.paid', invoice('in_1', 'cus_roll', 'price_cloudya_pro', 'subscription_create')));
    await deliver(t, event('payment_intent.succeeded', { id: 'pi_roll', object: 'payment_intent', customer: 'cus_roll', amount_received: 300, currency: 'eur', metadata: {} }));
    expect(await bucketsOf(db, id)).toEqual({ balance: 53_200, allowance: 50_200, purchased: 3000 });
    // Spend down to 30% of Pro's 50,000: the allowance is spent first, purchased tokens untouched.
    await applyMove(db, { accountId: id, amount: -(50_200 - 15_000), kind: 'command' });
    expect(await bucketsOf(db, id)).toEqual({ balance: 18_000, allowance: 15_000, purchased: 3000 });
    await deliver(t, event('invoice.paid', invoice('in_2', 'cus_roll', 'price_cloudya_pro')));
    expect(await bucketsOf(db, id)).toEqual({ balance: 63_000, allowance: 60_000, purchased: 3000 });
    const expired = await db.selectFrom('ledger').select('amount').where('account_id', '=', id).where('kind', '=', 'allowance_expired').execute();
    expect(expired.map((r) => r.amount)).toEqual([-800, -5000]);
    expect(await ledgerSum(db, id)).toBe(63_000);
  }, 180_000);

  it('purchased tokens spent after the allowance are not counted again at the next renewal', async () => {
    const t = await start('wh-settle');
    const db = t.ctx.db.db;
    const id = await account(t, 'settle@example.com', 'cus_settle');
    await deliver(t, event('payment_intent.succeeded', { id: 'pi_s1', object: 'payment_intent', customer: 'cus_settle', amount_received: 500, metadata: {} }));
    await applyMove(db, { accountId: id, amount: -5900, kind: 'command' });
    expect(await bucketsOf(db, id)).toEqual({ balance: 100, allowance: 0, purchased: 100 });
    await deliver(t, event('invoice.paid', invoice('in_s', 'cus_settle', 'price_cloudya_starter', 'subscription_create')));
    expect(await bucketsOf(db, id)).toEqual({ balance: 10_100, allowance: 10_000, purchased: 100 });
    expect((await row(t, id)).plan).toBe('starter');
  }, 180_000);

  it('a refund after spending takes back what is left and records the shortfall (never a silent negative)', async () => {
    const t = await start('wh-refund');
    const db = t.ctx.db.db;
    const id = await account(t, 'refund@example.com', 'cus_refund');
    await deliver(t, event('payment_intent.succeeded', { id: 'pi_r', object: 'payment_intent', customer: 'cus_refund', amount_received: 500, metadata: {} }));
    await applyMove(db, { accountId: id, amount: -5500, kind: 'command' });
    const charge = { id: 'ch_r', object: 'charge', customer: 'cus_refund', payment_intent: 'pi_r', amount: 500, amount_refunded: 500, refunded: true };
    const ev = event('charge.refunded', charge);
    await deliver(t, ev);
    await deliver(t, ev);
    expect(await balanceOf(db, id)).toBe(0);
    expect(await ledgerSum(db, id)).toBe(0);
    const recorded = await db.selectFrom('stripe_events').select(['shortfall', 'outcome']).where('id', '=', ev.id).executeTakeFirstOrThrow();
    expect(recorded).toEqual({ shortfall: 4500, outcome: 'refund:ch_r' });
    expect((await notes(t, id)).map((n) => n.kind)).toEqual(['refund_shortfall']);
  }, 180_000);

  it('a partial refund then the rest: each takes back only its own share', async () => {
    const t = await start('wh-partial');
    const db = t.ctx.db.db;
    const id = await account(t, 'partial@example.com', 'cus_partial');
    await deliver(t, event('payment_intent.succeeded', { id: 'pi_p', object: 'payment_intent', customer: 'cus_partial', amount_received: 1000, metadata: {} }));
    expect(await balanceOf(db, id)).toBe(11_000);
    await deliver(t, event('charge.refunded', { id: 'ch_p', object: 'charge', customer: 'cus_partial', amount: 1000, amount_refunded: 300 }));
    expect(await balanceOf(db, id)).toBe(8000);
    await deliver(t, event('charge.refunded', { id: 'ch_p', object: 'charge', customer: 'cus_partial', amount: 1000, amount_refunded: 1000 }));
    expect(await balanceOf(db, id)).toBe(1000);
  }, 180_000);

  it('payment failure: past_due with a notification, the plan kept while Stripe retries, Free once the subscription is deleted', async () => {
    const t = await start('wh-fail');
    const id = await account(t, 'fail@example.com', 'cus_fail');
    const now = Math.floor(Date.now() / 1000);
    await deliver(t, event('customer.subscription.created', subscription('cus_fail', 'active', 'price_cloudya_starter'), { created: now - 100 }));
    expect(await row(t, id)).toMatchObject({ plan: 'starter', subscription_status: 'active' });
    await deliver(t, event('invoice.payment_failed', { id: 'in_f', object: 'invoice', customer: 'cus_fail', subscription: 'sub_1', attempt_count: 1 }, { created: now - 50 }));
    expect(await row(t, id)).toMatchObject({ plan: 'starter', subscription_status: 'past_due' });
    const n = await notes(t, id);
    expect(n.map((x) => x.kind)).toEqual(['payment_failed']);
    expect(n[0].message).toMatch(/in_f failed \(attempt 1\); Stripe will retry/);
    await deliver(t, event('customer.subscription.deleted', subscription('cus_fail', 'canceled', 'price_cloudya_starter'), { created: now }));
    expect(await row(t, id)).toMatchObject({ plan: 'free', subscription_status: 'canceled' });
    // An update older than the deletion, delivered late, does not bring the plan back.
    const late = await deliver(t, event('customer.subscription.updated', subscription('cus_fail', 'past_due', 'price_cloudya_starter'), { created: now - 10 }));
    expect(late.json().outcome).toBe('ignored_stale');
    expect((await row(t, id)).plan).toBe('free');
    const me = await t.app.inject({ url: '/api/plans' });
    expect(me.json().plans.map((p: { id: string }) => p.id)).toEqual(['free', 'starter', 'pro', 'enterprise']);
  }, 180_000);
});
