/** Server settings, from the environment only (secrets never come from flags or files). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cloudyaHome, packageRoot } from '../core/paths.js';
import { PLANS } from '../services/billing/plans.js';
import { defaultSqliteFile } from './db/index.js';

export interface Limit {
  limit: number;
  windowMs: number;
}

export interface ServerOptions {
  host: string;
  port: number;
  home: string;
  databaseUrl?: string;
  sqliteFile: string;
  redisUrl?: string;
  issuer: string;
  audience: string;
  /** Largest request body accepted (bytes). */
  bodyLimit: number;
  /** Time to receive a whole request (ms). */
  requestTimeoutMs: number;
  /** Longest an answer may take (ms) before the request fails with 504. */
  answerTimeoutMs: number;
  logLevel: string;
  trustProxy: boolean;
  limits: {
    loginPerIp: Limit;
    loginPerAccount: Limit;
    registerPerIp: Limit;
    /** Requests per minute for each plan ("API priority"). */
    perMinuteByPlan: Record<string, number>;
  };
  version: string;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
}

/** The package version (for /health and the OpenAPI document). */
export function packageVersion(): string {
  try {
    return String(JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version);
  } catch {
    return '0.0.0';
  }
}

/** Options from the environment, with flags (host, port) on top. */
export function serverOptions(env: NodeJS.ProcessEnv, flags: { host?: string; port?: number } = {}): ServerOptions {
  const home = cloudyaHome(env);
  const freePerMinute = num(env, 'CLOUDYA_RATE_PER_MINUTE', 60);
  return {
    host: flags.host ?? env.CLOUDYA_SERVER_HOST ?? '127.0.0.1',
    port: flags.port ?? num(env, 'PORT', 8000),
    home,
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteFile: env.CLOUDYA_SERVER_DB || defaultSqliteFile(home),
    redisUrl: env.REDIS_URL || undefined,
    issuer: env.CLOUDYA_JWT_ISSUER || 'cloudya',
    audience: env.CLOUDYA_JWT_AUDIENCE || 'cloudya-api',
    bodyLimit: num(env, 'CLOUDYA_BODY_LIMIT', 64 * 1024),
    requestTimeoutMs: num(env, 'CLOUDYA_REQUEST_TIMEOUT_MS', 30_000),
    answerTimeoutMs: num(env, 'CLOUDYA_ANSWER_TIMEOUT_MS', 120_000),
    logLevel: env.CLOUDYA_SERVER_LOG_LEVEL || 'info',
    trustProxy: env.CLOUDYA_TRUST_PROXY === '1' || env.CLOUDYA_TRUST_PROXY === 'true',
    limits: {
      loginPerIp: { limit: num(env, 'CLOUDYA_LOGIN_LIMIT_PER_IP', 30), windowMs: 15 * 60_000 },
      loginPerAccount: { limit: num(env, 'CLOUDYA_LOGIN_LIMIT_PER_ACCOUNT', 10), windowMs: 15 * 60_000 },
      registerPerIp: { limit: num(env, 'CLOUDYA_REGISTER_LIMIT_PER_IP', 10), windowMs: 60 * 60_000 },
      perMinuteByPlan: Object.fromEntries(PLANS.map((p) => [p.id, freePerMinute * p.rateMultiplier])),
    },
    version: packageVersion(),
  };
}
