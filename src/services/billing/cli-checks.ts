/** Checks the CLI makes before calling the API (so a typo costs no request), in English and French. */
import { CloudyaError, UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { closest } from '../../core/suggest.js';
import { PLANS, RECHARGE_MAX_TOKENS, RECHARGE_MIN_TOKENS, TOKENS_PER_EURO } from './plans.js';

const m = defineMessages({
  en: {
    unknownPlan: 'unknown plan "{plan}" (--plan)',
    didYouMean: 'did you mean "{best}"? Paid plans: {list}; see cloudya plans',
    plansHint: 'paid plans: {list}; see cloudya plans',
    freePlan: '"free" is not a subscription (--plan)',
    freeHint: 'cloudya subscription cancel returns to Free at the end of the period',
    notMultiple: '{n} tokens is not a multiple of 1,000 (--amount)',
    multipleHint: 'recharges are whole euros: 1,000 tokens = 1 EUR (e.g. --amount 5000 for 5 EUR)',
    outOfBounds: '{n} tokens is outside {min}..{max} (--amount)',
    boundsHint: 'choose an amount from {min} to {max} tokens',
    badPm: '"{pm}" is not a payment method id (--payment-method)',
    pmHint: 'give the pm_... id of a card saved with Stripe (card numbers never go through Cloudya)',
    declined: 'payment refused: {reason}',
    declinedHint: 'try another card (--payment-method) or contact your bank',
  },
  fr: {
    unknownPlan: 'offre inconnue « {plan} » (--plan)',
    didYouMean: 'vouliez-vous dire « {best} » ? Offres payantes : {list} ; voir cloudya plans',
    plansHint: 'offres payantes : {list} ; voir cloudya plans',
    freePlan: "« free » n'est pas un abonnement (--plan)",
    freeHint: 'cloudya subscription cancel repasse en Free à la fin de la période',
    notMultiple: "{n} jetons n'est pas un multiple de 1 000 (--amount)",
    multipleHint: 'les recharges se font en euros entiers : 1 000 jetons = 1 EUR (par ex. --amount 5000 pour 5 EUR)',
    outOfBounds: '{n} jetons est hors de {min}..{max} (--amount)',
    boundsHint: 'choisissez un montant de {min} à {max} jetons',
    badPm: "« {pm} » n'est pas un identifiant de moyen de paiement (--payment-method)",
    pmHint: "donnez l'identifiant pm_... d'une carte enregistrée chez Stripe (les numéros de carte ne passent jamais par Cloudya)",
    declined: 'paiement refusé : {reason}',
    declinedHint: 'essayez une autre carte (--payment-method) ou contactez votre banque',
  },
});

const paid: string[] = PLANS.filter((p) => p.id !== 'free').map((p) => p.id);

/** The plan id for --plan, or a usage error with a did-you-mean. */
export function checkPlanFlag(input: string): string {
  const plan = input.trim().toLowerCase();
  if (plan === 'free') throw new UsageError(m('freePlan'), { hint: m('freeHint'), flag: '--plan', code: 'unknown_plan' });
  if (paid.includes(plan)) return plan;
  const best = closest(plan, paid);
  throw new UsageError(m('unknownPlan', { plan: input }), { hint: best ? m('didYouMean', { best, list: paid.join(', ') }) : m('plansHint', { list: paid.join(', ') }), flag: '--plan', code: 'unknown_plan' });
}

/** Checks --amount: whole thousands within bounds. */
export function checkAmountFlag(n: number): number {
  if (!Number.isInteger(n) || n % TOKENS_PER_EURO !== 0) throw new UsageError(m('notMultiple', { n }), { hint: m('multipleHint'), flag: '--amount', code: 'invalid_amount' });
  if (n < RECHARGE_MIN_TOKENS || n > RECHARGE_MAX_TOKENS) throw new UsageError(m('outOfBounds', { n, min: RECHARGE_MIN_TOKENS, max: RECHARGE_MAX_TOKENS }), { hint: m('boundsHint', { min: RECHARGE_MIN_TOKENS, max: RECHARGE_MAX_TOKENS }), flag: '--amount', code: 'invalid_amount' });
  return n;
}

/** Checks --payment-method looks like a Stripe id (no card number ever). */
export function checkPaymentMethodFlag(pm: string): string {
  if (!/^pm_[A-Za-z0-9_]+$/.test(pm)) throw new UsageError(m('badPm', { pm: pm.replace(/\d{6,}/g, '****') }), { hint: m('pmHint'), flag: '--payment-method', code: 'payment_method_invalid' });
  return pm;
}

/** Re-words an API refusal for a declined card (the reason comes from the server's decline text). */
export function explainPaymentError(err: unknown): unknown {
  if (err instanceof CloudyaError && err.code === 'card_declined') {
    const reason = err.message.replace(/^.*card declined: /, '');
    return new CloudyaError(m('declined', { reason }), { hint: m('declinedHint'), code: 'card_declined' });
  }
  return err;
}
