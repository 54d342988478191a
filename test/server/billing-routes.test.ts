/**
 * POST /api/billing/subscribe|recharge|cancel and GET /api/billing/subscription on SQLite and on a
 * real PostgreSQL, with the official Stripe SDK talking to the loopback Stripe double (form-encoded
 * requests, typed card errors, idempotency keys); the PaymentIntent's webhook is signed for real.
 */
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { bucketsOf } from '../../src/services/billing/buckets.js';
import { ledgerSum } from '../../src/services/ledger/index.js';
import { startStripeDouble, type StripeDouble } from '../helpers/stripe-double.js';
import { describeBackends } from './backends.js';
import { register, testApp, type TestApp } from './app.js';

const WEBHOOK_SECRET = 'whsec_routes_test';
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

let stripeApi: StripeDouble;
beforeAll(async () => {
  stripeApi = await startStripeDouble();
});
afterAll(async () => {
  await stripeApi?.close();
});

describeBackends('billing routes', (backend) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  }, 180_000);
  const start = (label: string) => {
    const env = { STRIPE_SECRET_KEY: 'sk_test_routes_key_1', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(stripeApi.port), STRIPE_API_PROTOCOL: 'http' };
    return testApp(backend, label, { env });
  };
  const post = (app: TestApp, url: string, token: string, payload?: Record<string, unknown>) =>
    payload === undefined ? app.app.inject({ method: 'POST', url, headers: bearer(token) }) : app.app.inject({ method: 'POST', url, headers: bearer(token), payload });

  it('subscribe, recharge (idempotent, and its webhook credits nothing more), subscription info, cancel at period end', async () => {
    t = await start('billing-flow');
    const app = t;
    const db = app.ctx.db.db;
    const s = await register(app, `flow-${backend.name}@example.com`);

    const sub = await post(app, '/api/billing/subscribe', s.access_token, { plan: 'Pro', payment_method: 'pm_card_visa' });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json()).toMatchObject({ plan: 'pro', status: 'active', subscription_id: expect.stringMatching(/^sub_/) });
    const customer = (await db.selectFrom('accounts').select('stripe_customer_id').where('id', '=', s.account.id).executeTakeFirstOrThrow()).stripe_customer_id!;
    const created = stripeApi.requests.filter((q) => q.path === '/v1/subscriptions' && q.form.customer === customer);
    expect(created).toHaveLength(1);
    expect(created[0].form).toMatchObject({ 'items[0][price]': 'price_cloudya_pro', default_payment_method: 'pm_card_visa', 'metadata[account_id]': s.account.id });

    const body = { tokens: 5000, payment_method: 'pm_card_visa', idempotency_key: 'order-42' };
    const first = await post(app, '/api/billing/recharge', s.access_token, body);
    const again = await post(app, '/api/billing/recharge', s.access_token, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(again.json().payment_intent).toBe(first.json().payment_intent);
    expect(first.json()).toMatchObject({ status: 'succeeded', tokens: 5000 });
    expect(await bucketsOf(db, s.account.id)).toEqual({ balance: 6000, allowance: 1000, purchased: 5000 });
    const pi = stripeApi.objects.get(first.json().payment_intent)!;
    expect(pi).toMatchObject({ amount: 500, currency: 'eur', customer });
    const payload = JSON.stringify({ id: `evt_pi_${backend.name}`, object: 'event', type: 'payment_intent.succeeded', created: Math.floor(Date.now() / 1000), data: { object: pi } });
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const hook = await app.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload });
    expect(hook.json()).toEqual({ received: true, outcome: 'applied' });
    expect(await ledgerSum(db, s.account.id)).toBe(6000);

    const info = (await app.app.inject({ url: '/api/billing/subscription', headers: bearer(s.access_token) })).json();
    expect(info).toMatchObject({ plan: 'pro', status: 'active', cancel_at_period_end: false, balance: 6000, allowance_tokens: 1000, purchased_tokens: 5000 });


    // Subscribing again to another plan changes this subscription's price (prorated now), never a second subscription.
    const same = await post(app, '/api/billing/subscribe', s.access_token, { plan: 'pro', payment_method: 'pm_card_visa' });
    expect(same.json()).toEqual(sub.json());
    const upgrade = await post(app, '/api/billing/subscribe', s.access_token, { plan: 'enterprise', payment_method: 'pm_card_visa' });
    expect(upgrade.statusCode, upgrade.body).toBe(200);
    expect(upgrade.json()).toMatchObject({ plan: 'enterprise', subscription_id: sub.json().subscription_id });
    expect(stripeApi.requests.filter((q) => q.path === '/v1/subscriptions' && q.form.customer === customer)).toHaveLength(1);
    const change = stripeApi.requests.filter((q) => q.path === `/v1/subscriptions/${sub.json().subscription_id}` && q.method === 'POST').at(-1)!;
    expect(change.form).toMatchObject({ 'items[0][price]': 'price_cloudya_enterprise', proration_behavior: 'always_invoice' });
    expect(change.form['items[0][id]']).toMatch(/^si_/);

    const cancel = await post(app, '/api/billing/cancel', s.access_token);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ subscription_id: sub.json().subscription_id, cancel_at_period_end: true, period_end: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(stripeApi.requests.at(-1)).toMatchObject({ path: `/v1/subscriptions/${sub.json().subscription_id}`, form: { cancel_at_period_end: 'true' } });
    const after = (await app.app.inject({ url: '/api/billing/subscription', headers: bearer(s.access_token) })).json();
    // The plan stays until Stripe ends the subscription.
    expect(after).toMatchObject({ plan: 'enterprise', cancel_at_period_end: true });
  }, 180_000);

  it('declined cards, unknown plans, bad amounts and a cancel without subscription: clear refusals, nothing credited', async () => {
    t = await start('billing-refusals');
    const app = t;
    const s = await register(app, `refusals-${backend.name}@example.com`);
    const declined = await post(app, '/api/billing/recharge', s.access_token, { tokens: 2000, payment_method: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(declined.statusCode).toBe(400);
    expect(declined.json().error).toEqual({ code: 'card_declined', message: 'card declined: the card has insufficient funds' });
    const expired = await post(app, '/api/billing/subscribe', s.access_token, { plan: 'starter', payment_method: 'pm_card_chargeDeclinedExpiredCard' });
    expect(expired.json().error).toEqual({ code: 'card_declined', message: 'card declined: the card has expired' });
    const plan = await post(app, '/api/billing/subscribe', s.access_token, { plan: 'platinum', payment_method: 'pm_card_visa' });
    expect(plan.statusCode).toBe(400);
    expect(plan.json().error.code).toBe('unknown_plan');
    const odd = await post(app, '/api/billing/recharge', s.access_token, { tokens: 1500, payment_method: 'pm_card_visa' });
    expect(odd.json().error).toEqual({ code: 'invalid_amount', message: '1500 tokens is not a multiple of 1000 (1,000 tokens = 1 EUR)' });
    const none = await post(app, '/api/billing/cancel', s.access_token);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('no_subscription');
    expect((await post(app, '/api/billing/recharge', 'not-a-token', { tokens: 1000, payment_method: 'pm_card_visa' })).statusCode).toBe(401);
    const account = await app.ctx.db.db.selectFrom('accounts').select(['plan', 'balance', 'subscription_id']).where('id', '=', s.account.id).executeTakeFirstOrThrow();
    expect(account).toEqual({ plan: 'free', balance: 1000, subscription_id: null });
  }, 180_000);
});
