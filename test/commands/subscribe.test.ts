/**
 * subscribe / tokens / subscription against a real API server (SQLite, in this process) whose Stripe
 * SDK talks to the loopback Stripe double; then the webhooks Stripe would send, signed for real.
 */
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { serverOptions } from '../../src/server/options.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { startStripeDouble, type StripeDouble } from '../helpers/stripe-double.js';

let server: RunningServer;
let stripeApi: StripeDouble;
const SECRET_KEY = 'sk_test_cloudya_double_key_123';
const WEBHOOK_SECRET = 'whsec_cli_test';

beforeAll(async () => {
  stripeApi = await startStripeDouble();
  const home = tempHome();
  const env = { CLOUDYA_HOME: home, CLOUDYA_REGISTER_LIMIT_PER_IP: '1000', STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(stripeApi.port), STRIPE_API_PROTOCOL: 'http' };
  server = await startServer({ ...serverOptions(env), port: 0, sqliteFile: path.join(home, 'server.db'), logLevel: 'warn' }, env, { write: () => true });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await stripeApi?.close();
});

async function user(email: string) {
  const home = tempHome();
  const env = { CLOUDYA_HOME: home, CLOUDYA_API_URL: server.url };
  const r = await runCli(['register', '--email', email, '--name', 'Payer'], env, 'payer password 1\n');
  expect(r.code).toBe(0);
  return env;
}

async function webhook(ev: Record<string, unknown>) {
  const payload = JSON.stringify(ev);
  const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const res = await fetch(`${server.url}/api/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
  expect(res.status).toBe(200);
}

describe('cloudya subscribe / tokens / subscription', () => {
  it('subscribe --plan pro creates customer, attaches the card, subscribes on the Pro price; info and cancel follow', async () => {
    const env = await user('sub@example.com');
    const r = await runCli(['subscribe', '--plan', 'pro', '--payment-method', 'pm_card_visa', '--output', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ plan: 'pro', status: 'active' });
    const paths = stripeApi.requests.map((q) => `${q.method} ${q.path}`);
    expect(paths).toContain('POST /v1/customers');
    expect(paths).toContain('POST /v1/payment_methods/pm_card_visa/attach');
    const sub = stripeApi.requests.find((q) => q.path === '/v1/subscriptions')!;
    expect(sub.form['items[0][price]']).toBe('price_cloudya_pro');
    expect(sub.idempotencyKey).toBeTruthy();

    // Stripe then sends invoice.paid for the first period: Pro's 50,000 tokens plus 200 rolled over from Free.
    const customer = String(sub.form.customer);
    await webhook({ id: 'evt_cli_paid', object: 'event', type: 'invoice.paid', created: Math.floor(Date.now() / 1000) + 1, data: { object: { id: 'in_cli', object: 'invoice', billing_reason: 'subscription_create', customer, subscription: out.subscription_id, lines: { object: 'list', data: [{ price: { id: 'price_cloudya_pro' } }] } } } });
    const tokens = JSON.parse((await runCli(['tokens', 'info', '--output', 'json'], env)).stdout);
    // The invoice started a period: 200 rolled over plus Pro's 50,000, nothing used yet.
    expect(tokens).toEqual({ plan: 'pro', balance: 50_200, allowance_tokens: 50_200, purchased_tokens: 0, monthly_tokens: 50_000, quota: { period_start: expect.any(String), allowance: 50_200, used: 0, percent: 0, alert: null } });

    const info = await runCli(['subscription', 'info'], env);
    expect(info.stdout).toMatch(/Plan\s+pro/);
    expect(info.stdout).toMatch(/Status\s+active/);
    const cancel = await runCli(['subscription', 'cancel'], env);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/will end on \d{4}-\d\d-\d\d; the plan stays until then/);
    expect(stripeApi.requests.at(-1)).toMatchObject({ path: `/v1/subscriptions/${out.subscription_id}`, form: { cancel_at_period_end: 'true' } });
    expect((await runCli(['subscription', 'info'], env)).stdout).toMatch(/Status\s+active, cancelled at period end/);
  }, 180_000);

  it('tokens recharge --amount 5000 buys 5 EUR through a PaymentIntent; the webhook for it does not credit again', async () => {
    const env = await user('buy@example.com');
    const r = await runCli(['tokens', 'recharge', '--amount', '5000', '--payment-method', 'pm_card_visa'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Bought 5000 tokens \(5 EUR, payment pi_\w+\)\. Balance: 6000 tokens \(5000 purchased/);
    const pi = [...stripeApi.objects.values()].filter((o) => o.object === 'payment_intent').at(-1)!;
    expect(pi).toMatchObject({ amount: 500, currency: 'eur', status: 'succeeded' });
    await webhook({ id: 'evt_cli_pi', object: 'event', type: 'payment_intent.succeeded', created: Math.floor(Date.now() / 1000), data: { object: pi } });
    const info = await runCli(['tokens'], env);
    expect(info.stdout).toMatch(/Balance\s+6000 tokens/);
    expect(info.stdout).toMatch(/Purchased\s+5000 tokens/);
  }, 180_000);

  it('a declined card says why in words; bad plan, amount and payment method are refused before any request', async () => {
    const env = await user('declined@example.com');
    const before = stripeApi.requests.length;
    const plan = await runCli(['subscribe', '--plan', 'prro', '--payment-method', 'pm_card_visa'], env);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('unknown plan "prro" (--plan)');
    expect(plan.stderr).toContain('did you mean "pro"?');
    const odd = await runCli(['tokens', 'recharge', '--amount', '1500', '--payment-method', 'pm_card_visa'], env);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('1500 tokens is not a multiple of 1,000 (--amount)');
    const big = await runCli(['tokens', 'recharge', '--amount', '5000000', '--payment-method', 'pm_card_visa', '--lang', 'fr'], env);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('5000000 jetons est hors de 1000..1000000 (--amount)');
    const card = await runCli(['tokens', 'recharge', '--amount', '1000', '--payment-method', '4242424242424242'], env);
    expect(card.code).toBe(2);
    expect(card.stderr).not.toContain('4242424242424242');
    expect(stripeApi.requests.length).toBe(before);

    const declined = await runCli(['tokens', 'recharge', '--amount', '2000', '--payment-method', 'pm_card_chargeDeclinedInsufficientFunds', '--output', 'json'], env);
    expect(declined.code).toBe(1);
    expect(declined.stderr + declined.stdout).toContain('payment refused: the card has insufficient funds');
    const sub = await runCli(['subscribe', '--plan', 'starter', '--payment-method', 'pm_card_chargeDeclinedExpiredCard'], env);
    expect(sub.code).toBe(1);
    expect(sub.stderr).toContain('payment refused: the card has expired');
    const tokens = JSON.parse((await runCli(['tokens', 'info', '--output', 'json'], env)).stdout);
    expect(tokens).toMatchObject({ plan: 'free', balance: 1000, purchased_tokens: 0 });
  }, 180_000);

  it('not logged in: one line saying so, with the hint to log in', async () => {
    const env = { CLOUDYA_HOME: tempHome(), CLOUDYA_API_URL: server.url };
    const r = await runCli(['tokens', 'recharge', '--amount', '1000', '--payment-method', 'pm_card_visa'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not logged in to ${server.url}`);
    expect(r.stderr).toContain('cloudya login');
  }, 180_000);
});
