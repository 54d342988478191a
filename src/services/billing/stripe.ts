/**
 * The Stripe client, configured from the environment only: STRIPE_SECRET_KEY, and for a local
 * stand-in STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL. The webhook secret is
 * STRIPE_WEBHOOK_SECRET. Nothing of these is ever logged.
 */
import Stripe from 'stripe';

/** A Stripe client, or undefined when STRIPE_SECRET_KEY is not set (billing routes then answer 503). */
export function stripeFromEnv(env: NodeJS.ProcessEnv): Stripe | undefined {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) return undefined;
  const port = env.STRIPE_API_PORT ? Number(env.STRIPE_API_PORT) : undefined;
  const protocol = env.STRIPE_API_PROTOCOL === 'http' ? 'http' : env.STRIPE_API_PROTOCOL === 'https' ? 'https' : undefined;
  return new Stripe(key, {
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(port ? { port } : {}),
    ...(protocol ? { protocol } : {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'cloudya' },
  });
}

/** Verifies a webhook signature on the raw body and returns the event (throws on a bad signature). */
export function verifyWebhook(rawBody: Buffer, signature: string | undefined, secret: string): Stripe.Event {
  // constructEvent is a pure HMAC check; the key given to this instance is not used by it.
  const verifier = new Stripe('sk_webhook_verification_only');
  return verifier.webhooks.constructEvent(rawBody, signature ?? '', secret);
}
