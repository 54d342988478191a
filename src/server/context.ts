/** What every route reaches: options, database, signing keys, rate-limit store, the assistant engine. */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../core/config.js';
import type { KeyRing } from '../services/accounts/keys.js';
import type { Engine } from '../services/ai/types.js';
import type { ServerDb } from './db/index.js';
import type { ServerOptions } from './options.js';
import type { RateStore } from './plugins/rate-limit.js';
import type { ApiTokenCache } from './plugins/token-cache.js';

export interface ServerContext {
  options: ServerOptions;
  db: ServerDb;
  keys: KeyRing;
  rate: RateStore;
  /** Personal API tokens recently found live (revocation elsewhere is seen within its TTL). */
  apiTokens: ApiTokenCache;
  /** The assistant engine answering /api/command (offline or OpenAI-compatible, never "server"). */
  engine: Engine;
  /** The server's own configuration (safety policy, AI settings). */
  config: Config;
}

declare module 'fastify' {
  /** OpenAPI annotations carried by route schemas (read by src/server/openapi.ts). */
  interface FastifySchema {
    summary?: string;
    tags?: string[];
    security?: Array<Record<string, string[]>>;
    hide?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth pre-handler. */
    accountId: string;
  }
}

/** The authenticated account of a request (after the auth pre-handler). */
export function accountOf(req: FastifyRequest): string {
  return req.accountId;
}
