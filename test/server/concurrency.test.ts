/**
 * 500 concurrent /api/command requests against a balance covering exactly 300 of them: exactly 300
 * succeed, the other 200 get 402, and the balance equals the ledger. On SQLite with one server, and
 * on PostgreSQL + Redis with two `cloudya serve` processes sharing them.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { serverOptions } from '../../src/server/options.js';
import { applyMove, balanceOf, ledgerSum } from '../../src/services/ledger/index.js';
import type { Db } from '../../src/services/accounts/index.js';
import { tempHome } from '../helpers/cli.js';
import { postgresProblem, startPostgres, type PgServer } from '../helpers/postgres.js';
import { redisProblem, startRedis, type RedisServer } from '../helpers/redis.js';
import { TEST_SERVER_SECRET } from './app.js';
import { startServe, type ServeProcess } from './serve-process.js';

const QUESTION = { user_input: 'create a secure s3 bucket', execution_mode: 'dry_run' };
const strict = process.env.CLOUDYA_REQUIRE_TOOLS === '1';

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Registers, measures the cost of QUESTION, sets the balance to exactly 300 of them, fires 500 at `urls` in turn. */
async function race(urls: string[], db: Db) {
  const s = await post(`${urls[0]}/api/auth/register`, { email: `race-${Date.now()}@example.com`, name: 'Race', password: 'race password 1' });
  expect(s.status).toBe(201);
  const token = s.json.access_token as string;
  const accountId = (s.json.account as { id: string }).id;
  const probe = await post(`${urls[0]}/api/command`, QUESTION, token);
  expect(probe.status).toBe(200);
  const cost = (probe.json.token_usage as { total_tokens: number }).total_tokens;
  const balance = await balanceOf(db, accountId);
  await applyMove(db, { accountId, amount: 300 * cost - balance, kind: 'adjustment' });
  const results = await Promise.all(Array.from({ length: 500 }, (_, i) => post(`${urls[i % urls.length]}/api/command`, QUESTION, token)));
  const statuses = results.map((r) => r.status);
  return { statuses, accountId, cost, results };
}

describe('500 concurrent commands against a balance for 300 [sqlite, one server]', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });
  it('exactly 300 succeed, 200 get 402, balance == ledger == 0', async () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home, CLOUDYA_RATE_PER_MINUTE: '1000000' };
    const options = { ...serverOptions(env), port: 0, sqliteFile: path.join(home, 'server.db'), logLevel: 'warn' };
    server = await startServer(options, env, { write: () => true });
    const { statuses, accountId, results } = await race([server.url], server.ctx.db.db);
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    expect(statuses.filter((s) => s === 402)).toHaveLength(200);
    expect(results.find((r) => r.status === 402)!.json.error).toMatchObject({ code: 'insufficient_tokens' });
    expect(await balanceOf(server.ctx.db.db, accountId)).toBe(0);
    expect(await ledgerSum(server.ctx.db.db, accountId)).toBe(0);
    const debits = await server.ctx.db.db.selectFrom('ledger').select('id').where('account_id', '=', accountId).where('kind', '=', 'command').execute();
    expect(debits).toHaveLength(301);
  }, 300_000);
});

const problem = postgresProblem() ?? redisProblem();
const describeShared = problem && !strict ? describe.skip : describe;
describeShared(`500 concurrent commands against a balance for 300 [two cloudya serve processes, one PostgreSQL, one Redis]${problem ? ` (${problem})` : ''}`, () => {
  let pg: PgServer | undefined;
  let redis: RedisServer | undefined;
  const servers: ServeProcess[] = [];
  beforeAll(async () => {
    if (problem) throw new Error(problem);
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  it('exactly 300 succeed across both instances, 200 get 402, balance == ledger; rate limits are shared', async () => {
    const databaseUrl = await pg!.createDatabase('shared');
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis!.url, CLOUDYA_SERVER_LOG_LEVEL: 'warn', CLOUDYA_SERVER_SECRET: TEST_SERVER_SECRET };
    // Started together: the migration lock makes one of them migrate, the other wait.
    servers.push(...(await Promise.all([startServe({ ...env, CLOUDYA_HOME: tempHome() }), startServe({ ...env, CLOUDYA_HOME: tempHome() })])));
    for (const s of servers) expect(s.stderr()).toMatch(/postgres: postgres:\/\/postgres@127\.0\.0\.1.*rate limits: redis/);
    const handle = await openDatabase({ databaseUrl, migrate: false });
    try {
      const { statuses, accountId } = await race(servers.map((s) => s.url), handle.db);
      expect(statuses.filter((s) => s === 200)).toHaveLength(300);
      expect(statuses.filter((s) => s === 402)).toHaveLength(200);
      expect(await balanceOf(handle.db, accountId)).toBe(0);
      expect(await ledgerSum(handle.db, accountId)).toBe(0);

      // Login attempts against both instances count in one place (Redis): the 11th is refused wherever it lands.
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) codes.push((await post(`${servers[i % 2].url}/api/auth/login`, { email: 'shared-victim@example.com', password: `guess ${i} guess` })).status);
      expect(codes).toEqual([...Array(10).fill(401), 429, 429]);
      const health = await (await fetch(`${servers[1].url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok', redis: 'ok', dialect: 'postgres' });
    } finally {
      await handle.close();
    }
  }, 600_000);
});
