/** GET /health (database and Redis reachable, version) and GET /openapi.json. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { pingDatabase } from '../db/index.js';
import { HEALTH } from '../schemas.js';

/** Registers the health route. */
export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/health', { schema: { summary: 'Service health: database and Redis reachable, version', tags: ['health'], response: { 200: HEALTH, 503: HEALTH } } }, async (_req, reply) => {
    const [database, redis] = await Promise.all([pingDatabase(ctx.db), ctx.rate.kind === 'redis' ? ctx.rate.ping() : Promise.resolve(undefined)]);
    const ok = database && redis !== false;
    reply.code(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      version: ctx.options.version,
      database: database ? 'ok' : 'unreachable',
      dialect: ctx.db.dialect,
      redis: redis === undefined ? 'not_configured' : redis ? 'ok' : 'unreachable',
    };
  });
}
