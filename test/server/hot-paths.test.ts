/**
 * What the hot-path shortcuts must not change: a revoked API token is refused (at once where it was
 * revoked, within the cache's TTL elsewhere), and debits grouped into one SQLite transaction still never
 * overdraw, keep balance == ledger, and wait for a transaction that holds the connection.
 */
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type ServerDb } from '../../src/server/db/index.js';
import { API_TOKEN_CACHE_MS } from '../../src/server/plugins/token-cache.js';
import { registerAccount } from '../../src/services/accounts/index.js';
import { debitUsage } from '../../src/services/ledger/debit-batch.js';
import { applyMove, balanceOf, ledgerSum } from '../../src/services/ledger/index.js';
import { describeBackends } from './backends.js';
import { register, testApp, type TestApp } from './app.js';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describeBackends('hot paths', (backend) => {
  const apps: TestApp[] = [];
  let handle: ServerDb | undefined;
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await handle?.close();
    handle = undefined;
  }, 180_000);

  it(`a revoked API token is refused at once by the instance that revoked it, and by another within ${API_TOKEN_CACHE_MS / 1000} s`, async () => {
    const a = await testApp(backend, 'revoke');
    apps.push(a);
    const b = await testApp(backend, 'revoke', { databaseUrl: a.ctx.options.databaseUrl, tweak: (o) => (o.sqliteFile = a.ctx.options.sqliteFile) });
    apps.push(b);
    const s = await register(a, 'revoke@example.com');
    const created = await a.app.inject({ method: 'POST', url: '/api/tokens/api', headers: bearer(s.access_token), payload: { name: 'ci' } });
    const { token, id } = created.json() as { token: string; id: string };
    // Both instances have seen the token live (and may keep it in their caches).
    for (const app of [a, b]) expect((await app.app.inject({ url: '/api/tokens/info', headers: bearer(token) })).statusCode).toBe(200);
    expect((await a.app.inject({ method: 'DELETE', url: `/api/tokens/api/${id}`, headers: bearer(s.access_token) })).statusCode).toBe(204);
    const refusedByA = await a.app.inject({ url: '/api/tokens/info', headers: bearer(token) });
    expect(refusedByA.statusCode).toBe(401);
    expect(refusedByA.json().error.code).toBe('invalid_token');
    // The other instance learns it from the database once its cache entry is older than the TTL.
    const t0 = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - t0 < 120_000) {
      status = (await b.app.inject({ url: '/api/tokens/info', headers: bearer(token) })).statusCode;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    // And it stays refused.
    expect((await b.app.inject({ url: '/api/account', headers: bearer(token) })).statusCode).toBe(401);
  }, 180_000);

  it('debits arriving together: exactly those the balance covers succeed, a failing one spoils none, balance == ledger', async () => {
    handle = await openDatabase(await backend.fresh('batch'));
    const { db } = handle;
    const acct = await registerAccount(db, { email: 'batch@example.com', name: 'Batch', password: 'batch password 1' });
    await applyMove(db, { accountId: acct.id, amount: 7 * 150 - 1000, kind: 'adjustment' });
    const debit = (accountId: string) => debitUsage(db, { accountId, amount: -150, kind: 'command', promptTokens: 50, completionTokens: 100, use: true });
    // 20 debits of 150 against 1,050 tokens, with a debit of an account that does not exist in the middle.
    const results = await Promise.all([...Array.from({ length: 10 }, () => debit(acct.id)), debit('no-such-account'), ...Array.from({ length: 10 }, () => debit(acct.id))]);
    expect(results.filter((r) => r.moved.ok)).toHaveLength(7);
    expect(results[10].moved).toEqual({ ok: false, balance: 0 });
    expect(results.filter((r) => !r.moved.ok && r !== results[10]).every((r) => r.moved.balance === 0)).toBe(true);
    expect(await balanceOf(db, acct.id)).toBe(0);
    expect(await ledgerSum(db, acct.id)).toBe(0);
    // The Free period crossed 80 % and 100 % of its allowance: each alert raised by exactly one debit.
    const alerts = results.flatMap((r) => (r.quotaAlert ? [r.quotaAlert.percent] : []));
    expect(alerts.sort((x, y) => x - y)).toEqual([80, 100]);
  }, 180_000);

  it('debits wait for a transaction holding the connection, then apply', async () => {
    handle = await openDatabase(await backend.fresh('wait'));
    const { db } = handle;
    const acct = await registerAccount(db, { email: 'wait@example.com', name: 'Wait', password: 'wait password 1' });
    let debits: Promise<unknown>[] = [];
    await db.transaction().execute(async (trx) => {
      await applyMove(trx, { accountId: acct.id, amount: 500, kind: 'adjustment' });
      debits = Array.from({ length: 5 }, () => debitUsage(db, { accountId: acct.id, amount: -100, kind: 'command', use: true }));
      // Give the debits a chance to run (they must not join this transaction, nor fail).
      await new Promise((r) => setImmediate(r));
      await trx.selectFrom('accounts').select('balance').where('id', '=', acct.id).execute();
    });
    await Promise.all(debits);
    expect(await balanceOf(db, acct.id)).toBe(1000);
    expect(await ledgerSum(db, acct.id)).toBe(1000);
  }, 180_000);
});
