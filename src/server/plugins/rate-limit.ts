/**
 * Fixed-window rate limits: in memory for one instance, in Redis (REDIS_URL) so every instance
 * counts the same attempts. A refusal says how long to wait (Retry-After).
 */
import type { Limit } from '../options.js';

export interface HitResult {
  allowed: boolean;
  count: number;
  /** Milliseconds until the window ends. */
  retryAfterMs: number;
}

export interface RateStore {
  hit(key: string, limit: Limit): Promise<HitResult>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}

/** Counters in this process. */
export function memoryStore(): RateStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
  }, 60_000);
  sweep.unref();
  return {
    kind: 'memory',
    async hit(key, limit) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + limit.windowMs };
        windows.set(key, w);
      }
      w.count++;
      return { allowed: w.count <= limit.limit, count: w.count, retryAfterMs: w.resetAt - now };
    },
    async ping() {
      return true;
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

// INCR and set the expiry on the first hit, atomically; returns [count, ms left].
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

/** Counters shared by every instance through Redis. */
export async function redisStore(url: string): Promise<RateStore> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  // Errors surface on commands (and in /health); an 'error' event without a listener would crash the server.
  redis.on('error', () => undefined);
  await redis.connect();
  return {
    kind: 'redis',
    async hit(key, limit) {
      const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, `cloudya:rl:${key}`, String(limit.windowMs))) as [number, number];
      return { allowed: count <= limit.limit, count, retryAfterMs: ttl };
    },
    async ping() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
