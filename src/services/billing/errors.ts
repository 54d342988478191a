/** Billing failures with a stable code, a status for the API, and words a person can act on. */

export class BillingError extends Error {
  constructor(
    readonly code: 'unknown_plan' | 'invalid_amount' | 'card_declined' | 'payment_method_invalid' | 'no_subscription' | 'billing_not_configured' | 'payment_provider_error',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BillingError';
  }
}

const DECLINE_WORDS: Record<string, string> = {
  generic_decline: 'the bank declined the payment without giving a reason',
  insufficient_funds: 'the card has insufficient funds',
  lost_card: 'the card was reported lost',
  stolen_card: 'the card was reported stolen',
  expired_card: 'the card has expired',
  incorrect_cvc: 'the security code (CVC) is incorrect',
  processing_error: 'the bank had a processing error; try again',
  card_velocity_exceeded: 'the card has reached its spending limit',
  do_not_honor: 'the bank declined the payment (do not honor)',
  authentication_required: 'the bank requires authentication (3-D Secure) for this payment',
};

/** A Stripe decline code in words. */
export function declineInWords(code: string | undefined): string {
  return (code && DECLINE_WORDS[code]) ?? `the card was declined (${code ?? 'no reason given'})`;
}

/** Turns an error thrown by the Stripe SDK into a BillingError (never echoing keys or card data). */
export function fromStripeError(err: unknown): BillingError {
  const e = err as { type?: string; code?: string; decline_code?: string; param?: string; message?: string };
  if (e.type === 'StripeCardError') return new BillingError('card_declined', `card declined: ${declineInWords(e.decline_code ?? e.code)}`, 400);
  if (e.type === 'StripeInvalidRequestError' && e.code === 'resource_missing' && /payment_method/.test(e.param ?? '')) return new BillingError('payment_method_invalid', 'the payment method does not exist at Stripe (give a pm_... id from Stripe Elements or the dashboard)', 400);
  return new BillingError('payment_provider_error', `the payment provider failed: ${e.type ?? 'error'}${e.code ? ` (${e.code})` : ''}`, 502);
}
