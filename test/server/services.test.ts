/** The account and ledger services on both backends: what a client of the server would see go wrong. */
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type ServerDb } from '../../src/server/db/index.js';
import { authenticate, keyCipher, KeyRing, registerAccount, rotateKeys, rotateRefreshToken, issueRefreshToken, createApiToken, accountForApiToken, revokeApiToken, listEvents } from '../../src/services/accounts/index.js';
import { applyMove, balanceOf, checkAnomaly, ledgerSum, monthStart, spentSince, tokensOf, usageByDay } from '../../src/services/ledger/index.js';
import { describeBackends } from './backends.js';

describeBackends('accounts and ledger services', (backend) => {
  let handle: ServerDb | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });
  const open = async (label: string) => (handle = await openDatabase(await backend.fresh(label)));

  it('registers with 1,000 Free tokens credited through the ledger, and refuses a second account with the same email', async () => {
    const { db } = await open('register');
    const account = await registerAccount(db, { email: 'Ada@Example.com', name: 'Ada', password: 'correct horse' });
    expect(account).toMatchObject({ email: 'ada@example.com', plan: 'free', balance: 1000 });
    expect(await ledgerSum(db, account.id)).toBe(1000);
    await expect(registerAccount(db, { email: 'ada@example.com', name: 'Other', password: 'another pass' })).rejects.toMatchObject({ code: 'email_taken' });
  }, 180_000);

  it('answers the same for a wrong email and a wrong password', async () => {
    const { db } = await open('login');
    await registerAccount(db, { email: 'bob@example.com', name: 'Bob', password: 'bob password 1' });
    const wrongPassword = await authenticate(db, 'bob@example.com', 'nope nope').catch((e: Error) => e);
    const wrongEmail = await authenticate(db, 'nobody@example.com', 'nope nope').catch((e: Error) => e);
    expect(wrongPassword).toMatchObject({ code: 'invalid_credentials' });
    expect(wrongEmail).toMatchObject({ code: 'invalid_credentials', message: (wrongPassword as Error).message });
    expect((await authenticate(db, 'BOB@example.com', 'bob password 1')).email).toBe('bob@example.com');
  }, 180_000);

  it('never overdraws: concurrent debits beyond the balance are refused and balance == ledger', async () => {
    const { db } = await open('debits');
    const a = await registerAccount(db, { email: 'c@example.com', name: 'C', password: 'cccccccc1' });
    const results = await Promise.all(Array.from({ length: 60 }, () => applyMove(db, { accountId: a.id, amount: -30, kind: 'command' })));
    expect(results.filter((r) => r.ok)).toHaveLength(33);
    expect(await balanceOf(db, a.id)).toBe(10);
    expect(await ledgerSum(db, a.id)).toBe(10);
    const days = await usageByDay(db, a.id, 7);
    expect(days).toEqual([{ date: new Date().toISOString().slice(0, 10), kind: 'command', tokens: 990, requests: 33 }]);
  }, 180_000);

  it("this month's usage (GET /api/tokens/info's one-row counter) always equals the ledger's debits in the month", async () => {
    const { db } = await open('month');
    const a = await registerAccount(db, { email: 'm@example.com', name: 'M', password: 'mmmmmmmm1' });
    const DAY = 86_400_000;
    const next = (t: number) => monthStart(monthStart(t) + 32 * DAY);
    const m1 = next(Date.now()) + 5 * DAY;
    const m2 = next(m1) + 2 * DAY;
    const check = async (now: number) => expect((await tokensOf(db, a.id, now))?.spent).toBe(await spentSince(db, a.id, monthStart(now), next(now)));
    await applyMove(db, { accountId: a.id, amount: -40, kind: 'command', now: m1 });
    await check(m1);
    await applyMove(db, { accountId: a.id, amount: 500, kind: 'adjustment', now: m2 }); // a credit opens the new month at 0
    await check(m2);
    await Promise.all(Array.from({ length: 20 }, () => applyMove(db, { accountId: a.id, amount: -7, kind: 'command', now: m2 })));
    await applyMove(db, { accountId: a.id, amount: -9, kind: 'command', now: m1 + 1000 }); // backdated to the previous month
    expect(await applyMove(db, { accountId: a.id, amount: -1_000_000, kind: 'command', now: m2 })).toMatchObject({ ok: false }); // refused: not spent
    await check(m2);
    expect((await tokensOf(db, a.id, m2))?.spent).toBe(140);
    expect(await balanceOf(db, a.id)).toBe(await ledgerSum(db, a.id));
  }, 180_000);

  it('an idempotency ref credits once', async () => {
    const { db } = await open('refs');
    const a = await registerAccount(db, { email: 'd@example.com', name: 'D', password: 'dddddddd1' });
    await applyMove(db, { accountId: a.id, amount: 500, kind: 'adjustment', ref: 'evt_1' });
    const again = await applyMove(db, { accountId: a.id, amount: 500, kind: 'adjustment', ref: 'evt_1' });
    expect(again).toMatchObject({ ok: true, duplicate: true, balance: 1500 });
    expect(await ledgerSum(db, a.id)).toBe(1500);
  }, 180_000);

  it('rotating refresh tokens: reuse of a rotated token revokes the family', async () => {
    const { db } = await open('refresh');
    const a = await registerAccount(db, { email: 'e@example.com', name: 'E', password: 'eeeeeeee1' });
    const first = await issueRefreshToken(db, a.id);
    const second = await rotateRefreshToken(db, first.token);
    await expect(rotateRefreshToken(db, first.token)).rejects.toMatchObject({ code: 'token_reused' });
    // The legitimate successor died with the family.
    await expect(rotateRefreshToken(db, second.next.token)).rejects.toMatchObject({ code: 'invalid_token' });
  }, 180_000);

  it('API tokens are stored hashed and stop working when revoked', async () => {
    const { db } = await open('apitokens');
    const a = await registerAccount(db, { email: 'f@example.com', name: 'F', password: 'ffffffff1' });
    const t = await createApiToken(db, a.id, 'ci');
    const stored = await db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(t.token);
    expect(await accountForApiToken(db, t.token)).toBe(a.id);
    await revokeApiToken(db, a.id, t.id);
    expect(await accountForApiToken(db, t.token)).toBeUndefined();
  }, 180_000);

  it('key rotation keeps tokens signed by the old key valid, and the event is audited', async () => {
    const { db } = await open('keys');
    const cipher = await keyCipher('a test server secret of 32+ characters', 'test');
    const ring = new KeyRing(db, { issuer: 'i', audience: 'a' }, cipher);
    const before = await ring.sign('acct-1');
    await rotateKeys(db, cipher);
    const fresh = new KeyRing(db, { issuer: 'i', audience: 'a' }, cipher);
    expect(await fresh.verify(before.token)).toBe('acct-1');
    const after = await fresh.sign('acct-1');
    expect(JSON.parse(Buffer.from(after.token.split('.')[0], 'base64url').toString()).kid).not.toBe(JSON.parse(Buffer.from(before.token.split('.')[0], 'base64url').toString()).kid);
    expect((await listEvents(db, { kind: 'key_rotated' })).length).toBe(1);
    // 16 minutes later the old token has expired.
    await expect(fresh.verify(before.token, Date.now() + 16 * 60_000)).rejects.toMatchObject({ code: 'invalid_token' });
  }, 180_000);

  it('flags an hour of usage far above the account average (once)', async () => {
    const { db } = await open('anomaly');
    const a = await registerAccount(db, { email: 'g@example.com', name: 'G', password: 'gggggggg1' });
    await applyMove(db, { accountId: a.id, amount: 100_000, kind: 'adjustment' });
    const now = Date.now();
    // A quiet week: 20 tokens a day.
    for (let d = 1; d <= 7; d++) await applyMove(db, { accountId: a.id, amount: -20, kind: 'command', now: now - d * 86_400_000 });
    await applyMove(db, { accountId: a.id, amount: -100, kind: 'command', now: now - 60_000 });
    expect(await checkAnomaly(db, a.id, now)).toBe(false);
    await applyMove(db, { accountId: a.id, amount: -900, kind: 'command', now: now - 30_000 });
    expect(await checkAnomaly(db, a.id, now)).toBe(true);
    expect(await checkAnomaly(db, a.id, now + 1000)).toBe(true);
    expect((await listEvents(db, { accountId: a.id, kind: 'usage_anomaly' })).length).toBe(1);
  }, 180_000);
});
