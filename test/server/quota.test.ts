/**
 * Allowance periods on SQLite and PostgreSQL: quota alerts at 80% and 100% (carried by exactly the
 * answer that crossed, once per period, also under concurrency), Free's monthly refill on next use
 * (once across two instances), and a mid-period upgrade invoice topping up the prorated difference
 * instead of refilling as a renewal. Webhooks are signed for real.
 */
import Stripe from 'stripe';
import { afterEach, expect, it } from 'vitest';
import type { Engine } from '../../src/services/ai/types.js';
import { bucketsOf } from '../../src/services/billing/buckets.js';
import { applyMove, balanceOf, ledgerSum } from '../../src/services/ledger/index.js';
import { describeBackends } from './backends.js';
import { register, testApp, type TestApp } from './app.js';

const SECRET = 'whsec_quota_test';
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** An engine whose every answer costs exactly 200 tokens (100 in, 100 out). */
const fixedEngine: Engine = {
  name: 'fixed',
  async *ask() {
    yield { type: 'done', answer: { explanation: 'Use df -h.', commands: [{ command: 'df -h', description: 'disk space' }], risks: [], sources: [], usage: { prompt_tokens: 100, completion_tokens: 100, total_tokens: 200 } } };
  },
};

let seq = 0;
function event(type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000)) {
  return { id: `evt_q${++seq}_${Date.now()}`, object: 'event', api_version: '2025-01-01', type, created, livemode: false, pending_webhooks: 1, request: null, data: { object } };
}

async function deliver(app: TestApp, ev: unknown) {
  const payload = JSON.stringify(ev);
  const header = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload, secret: SECRET });
  const res = await app.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { outcome: string };
}

describeBackends('allowance periods', (backend) => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
  }, 180_000);
  const start = async (label: string, extra: Parameters<typeof testApp>[2] = {}) => {
    const a = await testApp(backend, label, { env: { STRIPE_WEBHOOK_SECRET: SECRET }, engine: fixedEngine, tweak: (o) => (o.limits.perMinuteByPlan.free = 100_000), ...extra });
    apps.push(a);
    return a;
  };
  const ask = (t: TestApp, token: string) => t.app.inject({ method: 'POST', url: '/api/command', headers: bearer(token), payload: { user_input: 'check disk space', execution_mode: 'dry_run' } });

  it('the answer reaching 80% and the one reaching 100% each carry their alert once; info shows the latest; nothing after 402', async () => {
    const t = await start('quota-seq');
    const s = await register(t, 'quota@example.com');
    const alerts: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await ask(t, s.access_token);
      expect(r.statusCode).toBe(200);
      alerts.push(r.json().quota_alert ?? null);
    }
    const start0 = (await t.app.inject({ url: '/api/account', headers: bearer(s.access_token) })).json().quota.period_start;
    expect(alerts).toEqual([null, null, null, { kind: 'quota_80', percent: 80, used: 800, allowance: 1000, period_start: start0 }, { kind: 'quota_100', percent: 100, used: 1000, allowance: 1000, period_start: start0 }]);
    const refused = await ask(t, s.access_token);
    expect(refused.statusCode).toBe(402);
    const notes = await t.ctx.db.db.selectFrom('notifications').select(['kind', 'message']).where('account_id', '=', s.account.id).orderBy('id').execute();
    expect(notes.map((n) => n.kind)).toEqual(['quota_80', 'quota_100']);
    expect(notes[0].message).toBe("You have used 80% of this period's 1000 plan tokens (800 used).");
    const account = (await t.app.inject({ url: '/api/account', headers: bearer(s.access_token) })).json();
    expect(account.quota).toMatchObject({ allowance: 1000, used: 1000, percent: 100, alert: { kind: 'quota_100', percent: 100 } });
    const info = (await t.app.inject({ url: '/api/tokens/info', headers: bearer(s.access_token) })).json();
    expect(info.quota.alert.kind).toBe('quota_100');
    const sub = (await t.app.inject({ url: '/api/billing/subscription', headers: bearer(s.access_token) })).json();
    expect(sub.notifications.map((n: { kind: string; data: { percent: number } }) => [n.kind, n.data.percent])).toEqual([['quota_100', 100], ['quota_80', 80]]);
  }, 180_000);

  it('20 answers at once crossing both thresholds: exactly one carries quota_80 and one quota_100, each notified once', async () => {
    const t = await start('quota-race');
    const s = await register(t, 'race@example.com');
    const db = t.ctx.db.db;
    // A period of 4,000 allowance tokens and enough purchased tokens to pay for all 20 answers.
    await db.updateTable('accounts').set({ period_allowance: 4000 }).where('id', '=', s.account.id).execute();
    await applyMove(db, { accountId: s.account.id, amount: 3000, kind: 'purchase', bucket: 'purchased', ref: 'test:race' });
    const replies = await Promise.all(Array.from({ length: 20 }, () => ask(t, s.access_token)));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const kinds = replies.map((r) => r.json().quota_alert?.kind).filter(Boolean).sort();
    expect(kinds).toEqual(['quota_100', 'quota_80']);
    const notes = await db.selectFrom('notifications').select('kind').where('account_id', '=', s.account.id).execute();
    expect(notes.map((n) => n.kind).sort()).toEqual(['quota_100', 'quota_80']);
    expect(await balanceOf(db, s.account.id)).toBe(0);
    expect(await ledgerSum(db, s.account.id)).toBe(0);
  }, 180_000);

  it('Free refills itself on first use in a new month (20% rollover, purchased kept), once across two instances, and alerts start again', async () => {
    const a = await start('free-refill');
    const b = await start('free-refill-2', { databaseUrl: a.ctx.options.databaseUrl, tweak: (o) => { o.sqliteFile = a.ctx.options.sqliteFile; o.limits.perMinuteByPlan.free = 100_000; } });
    const s = await register(a, 'monthly@example.com');
    const db = a.ctx.db.db;
    const id = s.account.id;
    for (let i = 0; i < 4; i++) expect((await ask(a, s.access_token)).statusCode).toBe(200);
    await applyMove(db, { accountId: id, amount: 2000, kind: 'purchase', bucket: 'purchased', ref: 'test:monthly' });
    expect(await bucketsOf(db, id)).toEqual({ balance: 2200, allowance: 200, purchased: 2000 });
    // The period began last month: the next use starts a new one.
    const lastMonth = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 15);
    await db.updateTable('accounts').set({ period_start: lastMonth }).where('id', '=', id).execute();
    const views = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? b : a).app.inject({ url: '/api/account', headers: bearer(s.access_token) })));
    expect(views.map((v) => v.statusCode)).toEqual(Array(10).fill(200));
    // 200 left is within Free's 20% cap (200): kept; plus 1,000; the 2,000 purchased untouched.
    expect(await bucketsOf(db, id)).toEqual({ balance: 3200, allowance: 1200, purchased: 2000 });
    expect(await ledgerSum(db, id)).toBe(3200);
    const refills = await db.selectFrom('ledger').select('ref').where('account_id', '=', id).where('kind', '=', 'allowance').execute();
    expect(refills).toHaveLength(1);
    const quota = (await a.app.inject({ url: '/api/account', headers: bearer(s.access_token) })).json().quota;
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString();
    expect(quota).toEqual({ period_start: month, allowance: 1200, used: 0, percent: 0, alert: null });
    // 80% of 1,200 is 960: the fifth answer of the new period (1,000 used) raises the new period's alert.
    const kinds: unknown[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await ask(b, s.access_token)).json().quota_alert?.kind ?? null);
    expect(kinds).toEqual([null, null, null, null, 'quota_80']);
  }, 180_000);

  it('a mid-period upgrade invoice tops up the prorated allowance difference once; the next renewal refills as usual', async () => {
    const t = await start('upgrade');
    const db = t.ctx.db.db;
    const s = await register(t, 'upgrade@example.com');
    const id = s.account.id;
    await db.updateTable('accounts').set({ stripe_customer_id: 'cus_up' }).where('id', '=', id).execute();
    const line = (price: string, amount: number, extra: Record<string, unknown> = {}) => ({ object: 'line_item', amount, price: { id: price, object: 'price' }, ...extra });
    const invoice = (id_: string, reason: string, lines: unknown[]) => ({ id: id_, object: 'invoice', customer: 'cus_up', subscription: 'sub_up', billing_reason: reason, lines: { object: 'list', data: lines } });
    const now = Math.floor(Date.now() / 1000);
    await deliver(t, event('invoice.paid', invoice('in_up1', 'subscription_create', [line('price_cloudya_starter', 999)]), now - 100));
    expect(await bucketsOf(db, id)).toEqual({ balance: 10_200, allowance: 10_200, purchased: 0 });
    await applyMove(db, { accountId: id, amount: -4000, kind: 'command', use: true });

    // Stripe tells the subscription changed first (out of order), then bills the prorated difference.
    await deliver(t, event('customer.subscription.updated', { id: 'sub_up', object: 'subscription', customer: 'cus_up', status: 'active', cancel_at_period_end: false, items: { object: 'list', data: [{ price: { id: 'price_cloudya_pro' }, current_period_end: Date.UTC(2027, 0, 31) / 1000 }] } }, now - 50));
    // Half of a 31-day period left (Dec 31 -> Jan 31): Stripe prorates both lines over it.
    const end = Date.UTC(2027, 0, 31) / 1000;
    const from = end - 15.5 * 86400;
    const upgrade = invoice('in_up2', 'subscription_update', [
      line('price_cloudya_starter', -500, { proration: true, period: { start: from, end } }),
      line('price_cloudya_pro', 1500, { parent: { type: 'subscription_item_details', subscription_item_details: { proration: true } }, period: { start: from, end } }),
    ]);
    await deliver(t, event('invoice.paid', upgrade, now - 40));
    // (50,000 - 10,000) x 0.5 = 20,000 added to what was left; nothing expired, nothing refilled.
    expect(await bucketsOf(db, id)).toEqual({ balance: 26_200, allowance: 26_200, purchased: 0 });
    const row = await db.selectFrom('accounts').select(['plan', 'period_plan', 'period_allowance', 'period_used']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ plan: 'pro', period_plan: 'pro', period_allowance: 30_200, period_used: 4000 });
    const kinds = await db.selectFrom('ledger').select(['kind', 'amount']).where('account_id', '=', id).where('ref', 'like', 'invoice:in_up2%').execute();
    expect(kinds).toEqual([{ kind: 'allowance_topup', amount: 20_000 }]);
    // The same invoice in another event (a retry with a new id) adds nothing.
    await deliver(t, event('invoice.paid', upgrade, now - 30));
    expect(await balanceOf(db, id)).toBe(26_200);
    // A renewal on Pro: 20% of Pro's 50,000 carries over at most, then 50,000.
    await deliver(t, event('invoice.paid', invoice('in_up3', 'subscription_cycle', [line('price_cloudya_pro', 2999)]), now - 20));
    expect(await bucketsOf(db, id)).toEqual({ balance: 60_000, allowance: 60_000, purchased: 0 });
    expect(await ledgerSum(db, id)).toBe(60_000);
  }, 180_000);

  it('a subscription_update invoice with a full period line (billing cycle reset) is a renewal', async () => {
    const t = await start('upgrade-reset');
    const db = t.ctx.db.db;
    const s = await register(t, 'reset@example.com');
    await db.updateTable('accounts').set({ stripe_customer_id: 'cus_reset', plan: 'starter', period_plan: 'starter' }).where('id', '=', s.account.id).execute();
    await deliver(t, event('invoice.paid', { id: 'in_reset', object: 'invoice', customer: 'cus_reset', billing_reason: 'subscription_update', lines: { object: 'list', data: [{ amount: -300, proration: true, price: { id: 'price_cloudya_starter' } }, { amount: 2999, proration: false, price: { id: 'price_cloudya_pro' } }] } }));
    // 1,000 left from signup, capped at Starter's 20% (2,000): kept; then Pro's 50,000.
    expect(await bucketsOf(db, s.account.id)).toEqual({ balance: 51_000, allowance: 51_000, purchased: 0 });
  }, 180_000);
});
