/**
 * The Fastify application: schemas on every route, `{error:{code,message}}` errors, body limit,
 * request timeout, pino logs with secrets redacted. Routes are thin; the work is in src/services.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import { loadConfig, type Config } from '../core/config.js';
import { KeyRing } from '../services/accounts/keys.js';
import { createEngine } from '../services/ai/index.js';
import type { Engine } from '../services/ai/types.js';
import type { ServerContext } from './context.js';
import { openDatabase, type ServerDb } from './db/index.js';
import { AccessLog } from './access-log.js';
import { lazyChildLogger } from './lazy-logger.js';
import { toApiError } from './errors.js';
import { serverKeyCipher } from './secret.js';
import { OpenApiCollector } from './openapi.js';
import type { ServerOptions } from './options.js';
import { authPreHandler } from './plugins/auth.js';
import { memoryStore, redisStore, type RateStore } from './plugins/rate-limit.js';
import { ApiTokenCache } from './plugins/token-cache.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { billingRoutes } from './routes/billing.js';
import { commandRoutes } from './routes/command.js';
import { healthRoutes } from './routes/health.js';
import { webhookRoutes } from './routes/webhooks.js';

/** Paths pino masks wherever they appear in a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.refresh_token',
  '*.access_token',
  '*.token',
  'password',
  'refresh_token',
  'access_token',
  'token',
];

export interface BuildOptions {
  options: ServerOptions;
  env: NodeJS.ProcessEnv;
  /** Where logs go (stdout by default; tests capture them). */
  logStream?: DestinationStream;
  /** An engine to answer with (tests); otherwise the server configuration's ai.engine (never "server"). */
  engine?: Engine;
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: ServerContext;
}

function serverEngine(config: Config, env: NodeJS.ProcessEnv): Engine {
  const name = env.CLOUDYA_SERVER_ENGINE || String(config.get('ai.engine') ?? 'offline');
  // The server must not answer by asking a server.
  return createEngine(config, name === 'server' ? 'offline' : name);
}

/** Builds the app with its database, keys and rate-limit store (closed with the app). */
export async function buildApp(build: BuildOptions): Promise<BuiltApp> {
  const { options, env } = build;
  // stdout is written asynchronously in 4 KB batches (a write per log line cost more than the request
  // itself); a timer flushes within a second when traffic is low, and pino flushes on exit.
  const stdout = build.logStream ? undefined : pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino({ level: options.logLevel, redact: { paths: REDACT_PATHS, censor: '****' }, base: { service: 'cloudya-api' } }, build.logStream ?? stdout!);
  const flusher = stdout ? setInterval(() => logger.flush(), 1000).unref() : undefined;
  let db: ServerDb | undefined;
  let rate: RateStore | undefined;
  // The failing stage is named on the error so `cloudya serve` can say which service is unreachable
  // (a KeySecretError names its own stage: the server secret, not the database).
  const staged = (err: unknown, stage: string) => Object.assign(err as Error, { stage: (err as { stage?: string }).stage ?? stage });
  let cipher;
  try {
    cipher = await serverKeyCipher(env, options);
    db = await openDatabase({ databaseUrl: options.databaseUrl, sqliteFile: options.sqliteFile, cipher });
  } catch (err) {
    throw staged(err, 'database');
  }
  try {
    rate = options.redisUrl ? await redisStore(options.redisUrl) : memoryStore();
  } catch (err) {
    await db.close();
    throw Object.assign(err as Error, { stage: 'redis' });
  }
  const config = loadConfig({ env, create: false });
  const keys = new KeyRing(db.db, { issuer: options.issuer, audience: options.audience }, cipher);
  try {
    await keys.load();
  } catch (err) {
    await rate.close();
    await db.close();
    throw staged(err, 'database');
  }
  const ctx: ServerContext = { options, db, keys, rate, apiTokens: new ApiTokenCache(), config, engine: build.engine ?? serverEngine(config, env) };

  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    requestTimeout: options.requestTimeoutMs,
    // A socket may wait silently for a slow answer (queued behind others): only past the answer timeout is it dead.
    connectionTimeout: options.answerTimeoutMs + 10_000,
    trustProxy: options.trustProxy,
    return503OnClosing: true,
    logController: new AccessLog(),
    childLoggerFactory: lazyChildLogger,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  // Fastify's close waits for every open connection, and a keep-alive socket whose request was still
  // running when the close began stays open until its idle timeout (72 s): answers given while closing
  // say Connection: close, so each socket ends with its last answer and the server stops when they are done.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  const openapi = new OpenApiCollector(options.version);
  app.addHook('onRoute', openapi.onRoute);

  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err);
    if (api.statusCode >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: api.code, status: api.statusCode }, 'request refused');
    reply.code(api.statusCode).headers(api.headers).send({ error: { code: api.code, message: api.message } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });

  const auth = authPreHandler(ctx);
  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  accountRoutes(app, ctx, auth);
  commandRoutes(app, ctx, auth);
  billingRoutes(app, ctx, auth, env);
  webhookRoutes(app, ctx, env);
  adminRoutes(app, ctx, auth);
  app.get('/openapi.json', { schema: { hide: true } }, async () => openapi.document());

  app.addHook('onClose', async () => {
    if (flusher) clearInterval(flusher);
    logger.flush();
    await rate!.close();
    await db!.close();
  });
  return { app, ctx };
}
