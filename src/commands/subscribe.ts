import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: { done: 'Subscribed to {plan} (subscription {id}, {status}). The monthly tokens arrive when Stripe confirms the first payment.' },
  fr: { done: 'Abonné à {plan} (abonnement {id}, {status}). Les jetons mensuels arrivent quand Stripe confirme le premier paiement.' },
});

export default defineCommand({
  summary: { en: 'Subscribe to a paid plan (Starter, Pro, Enterprise) with a Stripe payment method', fr: 'Souscrire une offre payante (Starter, Pro, Enterprise) avec un moyen de paiement Stripe' },
  options: {
    plan: { type: 'string', description: { en: 'starter, pro or enterprise', fr: 'starter, pro ou enterprise' }, valueName: 'PLAN' },
    'payment-method': { type: 'string', description: { en: 'Stripe payment method id (pm_...)', fr: 'identifiant de moyen de paiement Stripe (pm_...)' }, valueName: 'PM' },
  },
  examples: ['cloudya subscribe --plan pro --payment-method pm_xxx'],
  async run(ctx) {
    const { UsageError } = await import('../core/errors.js');
    const { checkPlanFlag, checkPaymentMethodFlag, explainPaymentError } = await import('../services/billing/cli-checks.js');
    if (!ctx.options.plan) throw new UsageError('--plan is required', { hint: 'cloudya plans lists them', flag: '--plan' });
    if (!ctx.options['payment-method']) throw new UsageError('--payment-method is required', { hint: 'a Stripe payment method id (pm_...)', flag: '--payment-method' });
    const plan = checkPlanFlag(String(ctx.options.plan));
    const pm = checkPaymentMethodFlag(String(ctx.options['payment-method']));
    const { apiClient } = await import('./login.js');
    const client = await apiClient(ctx);
    try {
      const r = await client.request<{ subscription_id: string; status: string; plan: string }>('POST', '/api/billing/subscribe', { plan, payment_method: pm }, { signal: ctx.signal });
      return { data: r, text: m('done', { plan, id: r.subscription_id, status: r.status }) };
    } catch (err) {
      throw explainPaymentError(err);
    }
  },
});
