/**
 * Fastify's per-request log lines, made cheap: by default Fastify writes two lines per request
 * ("incoming request" with the whole request serialised, then "request completed"), which cost more
 * CPU than answering /api/tokens/info. Here a request is one info line when answered (method, URL,
 * status, time); "incoming request" is logged only at debug level.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

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
    reply.log.info({ req: { method: request.method, url: request.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
  }
}
