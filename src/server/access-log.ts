/**
 * Fastify's per-request log lines, made cheap: by default Fastify writes two info lines per request
 * ("incoming request" with the whole request serialised, then "request completed"), which cost more
 * CPU than answering /api/tokens/info. Here a request is one line when answered (method, URL, status,
 * time): at info when it was refused, failed or slow (>= 1 s), at debug otherwise; "incoming request"
 * is logged only at debug level.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const SLOW_MS = 1000;

/** The log controller of the API (pass an instance as Fastify's `logController`). */
export class AccessLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    // Fastify's logger type omits pino's level check; the level field is pino's (numeric 20 = debug).
    if ((request.log as { levelVal?: number }).levelVal! <= 20) request.log.debug({ req: { method: request.method, url: request.url, remoteAddress: request.ip } }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    const ms = reply.elapsedTime;
    // Refusals, failures and slow answers at info; the routine success of each request only at debug.
    const notable = reply.statusCode >= 400 || ms >= SLOW_MS;
    if (!notable && (request.log as { levelVal?: number }).levelVal! > 20) return;
    const line = { req: { method: request.method, url: request.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(ms * 10) / 10 };
    if (notable) reply.log.info(line, 'request completed');
    else reply.log.debug(line, 'request completed');
  }
}
