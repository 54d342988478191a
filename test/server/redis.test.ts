/** Rate limits in a real Redis: shared counters with an expiry, and /health saying when Redis is gone. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisStore, type RateStore } from '../../src/server/plugins/rate-limit.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { describeWithTool } from '../helpers/tools.js';
import { testApp } from './app.js';

describeWithTool('redis-server', 'rate limits in Redis', () => {
  let redis: RedisServer | undefined;
  const stores: RateStore[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  it('two stores (two instances) share one counter, which expires with its window', async () => {
    const a = await redisStore(redis!.url);
    const b = await redisStore(redis!.url);
    stores.push(a, b);
    const rule = { limit: 3, windowMs: 1500 };
    const hits = [await a.hit('k', rule), await b.hit('k', rule), await a.hit('k', rule), await b.hit('k', rule)];
    expect(hits.map((h) => h.allowed)).toEqual([true, true, true, false]);
    expect(hits[3].retryAfterMs).toBeGreaterThan(0);
    expect(hits[3].retryAfterMs).toBeLessThanOrEqual(1500);
    // After the window, counting starts over (polled: a loaded machine may be late).
    let fresh = false;
    for (const t0 = Date.now(); !fresh && Date.now() - t0 < 20_000; ) {
      fresh = (await b.hit('k', rule)).count === 1;
      if (!fresh) await new Promise((r) => setTimeout(r, 100));
    }
    expect(fresh).toBe(true);
  });

  it('/health says "unreachable" (503) when Redis goes away', async () => {
    const own = await startRedis();
    const t = await testApp({ name: 'sqlite', fresh: async () => { const { tempHome } = await import('../helpers/cli.js'); const home = tempHome(); return { home, sqliteFile: `${home}/server.db` }; } }, 'redis-health', { env: { REDIS_URL: own.url } });
    try {
      expect((await t.app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok', redis: 'ok' });
      await own.stop();
      const down = await t.app.inject({ url: '/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'degraded', database: 'ok', redis: 'unreachable' });
    } finally {
      await t.close();
    }
  });
});
