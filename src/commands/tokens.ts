import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';
import type { QuotaView } from '../services/billing/quota-words.js';

const m = defineMessages({
  en: {
    recharged: 'Bought {tokens} tokens ({euros} EUR, payment {pi}). Balance: {balance} tokens ({purchased} purchased, never expiring).',
    pending: 'Payment {pi} is {status}; the tokens are credited once Stripe confirms it.',
    balance: 'Balance',
    allowance: 'Plan tokens',
    purchased: 'Purchased',
    plan: 'Plan',
    tokens: '{n} tokens',
    order: 'Plan tokens are spent first, then purchased tokens (which never expire).',
    period: 'This period',
    periodUsed: '{used} of {allowance} plan tokens used ({percent}%) since {date}',
  },
  fr: {
    recharged: 'Achat de {tokens} jetons ({euros} EUR, paiement {pi}). Solde : {balance} jetons ({purchased} achetés, sans expiration).',
    pending: 'Le paiement {pi} est {status} ; les jetons seront crédités quand Stripe le confirmera.',
    balance: 'Solde',
    allowance: "Jetons de l'offre",
    purchased: 'Achetés',
    plan: 'Offre',
    tokens: '{n} jetons',
    order: "Les jetons de l'offre sont consommés d'abord, puis les jetons achetés (qui n'expirent jamais).",
    period: 'Cette période',
    periodUsed: "{used} des {allowance} jetons de l'offre utilisés ({percent} %) depuis le {date}",
  },
});

export default defineCommand({
  summary: { en: 'Token balance, and recharges (1,000 tokens = 1 EUR)', fr: 'Solde de jetons et recharges (1 000 jetons = 1 EUR)' },
  actions: {
    info: { summary: { en: 'Balance split into plan tokens and purchased tokens', fr: "Solde réparti entre jetons de l'offre et jetons achetés" } },
    recharge: { summary: { en: 'Buy tokens with a Stripe payment method', fr: 'Acheter des jetons avec un moyen de paiement Stripe' } },
  },
  defaultAction: 'info',
  options: {
    amount: { type: 'number', description: { en: 'tokens to buy (a multiple of 1,000)', fr: 'jetons à acheter (multiple de 1 000)' }, valueName: 'TOKENS', actions: ['recharge'] },
    'payment-method': { type: 'string', description: { en: 'Stripe payment method id (pm_...)', fr: 'identifiant de moyen de paiement Stripe (pm_...)' }, valueName: 'PM', actions: ['recharge'] },
  },
  examples: ['cloudya tokens info', 'cloudya tokens recharge --amount 5000 --payment-method pm_xxx'],
  async run(ctx) {
    const { apiClient } = await import('./login.js');
    if (ctx.action === 'recharge') {
      const { UsageError } = await import('../core/errors.js');
      const { checkAmountFlag, checkPaymentMethodFlag, explainPaymentError } = await import('../services/billing/cli-checks.js');
      if (ctx.options.amount === undefined) throw new UsageError('--amount is required', { hint: 'e.g. --amount 5000 (5 EUR)', flag: '--amount' });
      if (!ctx.options['payment-method']) throw new UsageError('--payment-method is required', { hint: 'a Stripe payment method id (pm_...)', flag: '--payment-method' });
      const tokens = checkAmountFlag(Number(ctx.options.amount));
      const pm = checkPaymentMethodFlag(String(ctx.options['payment-method']));
      const client = await apiClient(ctx);
      try {
        const r = await client.request<{ payment_intent: string; status: string; tokens: number; buckets: { balance: number; purchased: number } }>('POST', '/api/billing/recharge', { tokens, payment_method: pm }, { signal: ctx.signal });
        const text = r.status === 'succeeded' ? m('recharged', { tokens, euros: tokens / 1000, pi: r.payment_intent, balance: r.buckets.balance, purchased: r.buckets.purchased }) : m('pending', { pi: r.payment_intent, status: r.status });
        return { data: r, text };
      } catch (err) {
        throw explainPaymentError(err);
      }
    }
    const client = await apiClient(ctx);
    const s = await client.request<{ plan: string; balance: number; allowance_tokens: number; purchased_tokens: number; monthly_tokens: number; quota?: QuotaView }>('GET', '/api/billing/subscription', undefined, { signal: ctx.signal });
    const { quotaAlertText } = await import('../services/billing/quota-words.js');
    const rows: Array<[string, string]> = [
      [m('plan'), s.plan],
      [m('balance'), m('tokens', { n: s.balance })],
      [m('allowance'), m('tokens', { n: s.allowance_tokens })],
      [m('purchased'), m('tokens', { n: s.purchased_tokens })],
    ];
    if (s.quota?.period_start) rows.push([m('period'), m('periodUsed', { used: s.quota.used, allowance: s.quota.allowance, percent: s.quota.percent, date: s.quota.period_start.slice(0, 10) })]);
    const w = Math.max(...rows.map(([k]) => k.length)) + 2;
    const alert = s.quota?.alert ? ['', `! ${quotaAlertText(s.quota.alert)}`] : [];
    return {
      data: { plan: s.plan, balance: s.balance, allowance_tokens: s.allowance_tokens, purchased_tokens: s.purchased_tokens, monthly_tokens: s.monthly_tokens, ...(s.quota ? { quota: s.quota } : {}) },
      text: [...rows.map(([k, v]) => k.padEnd(w) + v), ...alert, '', m('order')].join('\n'),
    };
  },
});
