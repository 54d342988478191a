/**
 * POST /api/webhooks/stripe: the signature is checked on the raw bytes (this route alone keeps the
 * body unparsed), then the event is applied once by the billing service.
 */
import type { FastifyInstance } from 'fastify';
import { verifyWebhook } from '../../services/billing/stripe.js';
import { processStripeEvent } from '../../services/billing/webhooks.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errors } from '../schemas.js';

/** Registers the Stripe webhook route in its own scope (its raw-body parser does not leak to other routes). */
export function webhookRoutes(app: FastifyInstance, ctx: ServerContext, env: NodeJS.ProcessEnv): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/webhooks/stripe',
      { schema: { summary: 'Stripe webhook events (signed)', tags: ['billing'], response: { 200: { type: 'object', properties: { received: { type: 'boolean' }, outcome: { type: 'string' } }, required: ['received'] }, ...errors(400, 503) } } },
      async (req) => {
        const secret = env.STRIPE_WEBHOOK_SECRET;
        if (!secret) throw new ApiError(503, 'billing_not_configured', 'STRIPE_WEBHOOK_SECRET is not set on the server');
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
        const sig = req.headers['stripe-signature'];
        let event;
        try {
          event = verifyWebhook(raw, Array.isArray(sig) ? sig[0] : sig, secret);
        } catch {
          throw new ApiError(400, 'bad_signature', 'the Stripe-Signature header does not match the body');
        }
        const result = await processStripeEvent(ctx.db.db, event, env);
        req.log.info({ event: event.id, type: event.type, outcome: result.outcome }, 'stripe event');
        return { received: true, outcome: result.outcome };
      },
    );
  });
}
