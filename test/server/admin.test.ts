/**
 * GET /api/admin/analytics on SQLite and PostgreSQL: 403 unless the account has the admin role; MRR
 * and active subscriptions by plan from subscriptions set up by signed Stripe webhooks; tokens sold,
 * refunded and used per day over a range.
 */
import Stripe from 'stripe';
import { afterEach, expect, it } from 'vitest';
import { listEvents, setRole } from '../../src/services/accounts/index.js';
import type { Engine } from '../../src/services/ai/types.js';
import { applyMove } from '../../src/services/ledger/index.js';
import { describeBackends } from './backends.js';
import { register, testApp, type TestApp } from './app.js';

const SECRET = 'whsec_admin_test';
const DAY = 86_400_000;
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

const fixedEngine: Engine = {
  name: 'fixed',
  async *ask() {
    yield { type: 'done', answer: { explanation: 'ok', commands: [], risks: [], sources: [], usage: { prompt_tokens: 50, completion_tokens: 50, total_tokens: 100 } } };
  },
};

let seq = 0;
async function deliver(app: TestApp, type: string, object: Record<string, unknown>) {
  const payload = JSON.stringify({ id: `evt_adm${++seq}_${Date.now()}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
  const header = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload, secret: SECRET });
  const res = await app.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload });
  expect(res.json().outcome).toBe('applied');
}

describeBackends('admin analytics', (backend) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  }, 180_000);

  it('403 for a user, 200 for an admin (granted, then revoked); MRR, subscriptions by plan, tokens per day', async () => {
    t = await testApp(backend, 'admin', { env: { STRIPE_WEBHOOK_SECRET: SECRET }, engine: fixedEngine });
    const app = t;
    const db = app.ctx.db.db;
    const admin = await register(app, 'ops@example.com');
    const user = await register(app, 'user@example.com');

    const url = '/api/admin/analytics';
    expect((await app.app.inject({ url })).statusCode).toBe(401);
    const refused = await app.app.inject({ url, headers: bearer(user.access_token) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toEqual({ code: 'forbidden', message: 'this endpoint needs the admin role (granted on the server with: cloudya serve admin grant EMAIL)' });
    expect((await app.app.inject({ url, headers: bearer(admin.access_token) })).statusCode).toBe(403);
    expect((await listEvents(db, { kind: 'admin_refused' })).length).toBe(2);

    // Four subscribers: Starter active, Pro active, Pro past_due (still billed), Enterprise canceled (not).
    const subs: Array<[string, string, string]> = [['starter', 'active', 's1'], ['pro', 'active', 's2'], ['pro', 'past_due', 's3'], ['enterprise', 'canceled', 's4']];
    for (const [plan, status, key] of subs) {
      const s = await register(app, `${key}@example.com`);
      await db.updateTable('accounts').set({ stripe_customer_id: `cus_${key}` }).where('id', '=', s.account.id).execute();
      await deliver(app, 'customer.subscription.created', { id: `sub_${key}`, object: 'subscription', customer: `cus_${key}`, status, cancel_at_period_end: false, items: { object: 'list', data: [{ price: { id: `price_cloudya_${plan}` }, current_period_end: 1_900_000_000 }] } });
    }
    // Today: 5,000 tokens sold and 1,000 of them refunded; two answers of 100 tokens. Three days ago: 2,000 sold.
    await db.updateTable('accounts').set({ stripe_customer_id: 'cus_user' }).where('id', '=', user.account.id).execute();
    await deliver(app, 'payment_intent.succeeded', { id: 'pi_adm', object: 'payment_intent', customer: 'cus_user', amount_received: 500, metadata: {} });
    await deliver(app, 'charge.refunded', { id: 'ch_adm', object: 'charge', customer: 'cus_user', amount: 500, amount_refunded: 100 });
    for (let i = 0; i < 2; i++) expect((await app.app.inject({ method: 'POST', url: '/api/command', headers: bearer(user.access_token), payload: { user_input: 'disk space', execution_mode: 'dry_run' } })).statusCode).toBe(200);
    const today = Math.floor(Date.now() / DAY) * DAY;
    await applyMove(db, { accountId: user.account.id, amount: 2000, kind: 'purchase', bucket: 'purchased', ref: 'test:old', now: today - 3 * DAY + 3_600_000 });

    expect((await setRole(db, 'OPS@example.com', 'admin')).changed).toBe(true);
    const res = await app.app.inject({ url: `${url}?from=${iso(today - 6 * DAY)}&to=${iso(today)}`, headers: bearer(admin.access_token) });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.mrr_cents).toBe(999 + 2 * 2999);
    expect(a.active_subscriptions).toEqual({
      total: 3,
      by_plan: [
        { plan: 'starter', count: 1, price_cents: 999, mrr_cents: 999 },
        { plan: 'pro', count: 2, price_cents: 2999, mrr_cents: 5998 },
        { plan: 'enterprise', count: 0, price_cents: 9999, mrr_cents: 0 },
      ],
    });
    expect(a.range).toEqual({ from: iso(today - 6 * DAY), to: iso(today), days: 7 });
    expect(a.by_day).toHaveLength(7);
    expect(a.by_day[3]).toEqual({ date: iso(today - 3 * DAY), tokens_sold: 2000, tokens_refunded: 0, tokens_used: 0, requests: 0 });
    expect(a.by_day[6]).toEqual({ date: iso(today), tokens_sold: 5000, tokens_refunded: 1000, tokens_used: 200, requests: 2 });
    expect(a.totals).toEqual({ tokens_sold: 7000, tokens_refunded: 1000, tokens_used: 200, requests: 2 });
    // The default range is the last 30 days; a narrower one leaves the older sale out.
    expect((await app.app.inject({ url, headers: bearer(admin.access_token) })).json().range.days).toBe(30);
    expect((await app.app.inject({ url: `${url}?from=${iso(today)}`, headers: bearer(admin.access_token) })).json().totals.tokens_sold).toBe(5000);

    const bad = async (q: string) => (await app.app.inject({ url: `${url}?${q}`, headers: bearer(admin.access_token) })).json().error;
    expect(await bad('from=2026-13-01')).toMatchObject({ code: 'invalid_request', message: 'from: "2026-13-01" is not a date (YYYY-MM-DD)' });
    expect(await bad('from=2026-12-10&to=2026-12-01')).toMatchObject({ code: 'invalid_request', message: 'from (2026-12-10) is after to (2026-12-01)' });
    expect(await bad('from=2024-01-01&to=2026-01-01')).toMatchObject({ code: 'invalid_request', message: 'the range is 732 days; at most 366' });
    expect(await bad("from=1' or '1'='1")).toMatchObject({ code: 'invalid_request' });

    // Revoked: refused on the very next request (the role is read each time, never cached).
    await setRole(db, 'ops@example.com', 'user');
    expect((await app.app.inject({ url, headers: bearer(admin.access_token) })).statusCode).toBe(403);
    expect((await listEvents(db, { kind: 'admin_granted' })).length).toBe(1);
    expect((await listEvents(db, { kind: 'admin_revoked' })).length).toBe(1);
  }, 180_000);
});
