import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    month: '/month',
    tokens: '{n} tokens/month',
    free: 'free',
    recharge: 'Recharges: 1,000 tokens = 1 EUR (purchased tokens never expire). Unused monthly tokens carry over up to 20% of the plan\'s allowance; the allowance is spent before purchased tokens.',
    subscribe: 'Subscribe: cloudya subscribe --plan pro --payment-method pm_...',
    basic_commands: 'basic commands',
    simple_chat: 'simple chat',
    all_commands: 'all commands',
    tui_chat: 'TUI chat',
    email_support: 'email support',
    execution_mode: 'execution mode',
    api_priority: 'API priority',
    integrations: 'integrations',
    support_24_7: '24/7 support',
    sla: 'SLA',
    on_premise: 'on-premise',
  },
  fr: {
    month: '/mois',
    tokens: '{n} jetons/mois',
    free: 'gratuit',
    recharge: "Recharges : 1 000 jetons = 1 EUR (les jetons achetés n'expirent jamais). Les jetons mensuels non utilisés sont reportés jusqu'à 20 % du quota de l'offre ; le quota est consommé avant les jetons achetés.",
    subscribe: "S'abonner : cloudya subscribe --plan pro --payment-method pm_...",
    basic_commands: 'commandes de base',
    simple_chat: 'chat simple',
    all_commands: 'toutes les commandes',
    tui_chat: 'chat TUI',
    email_support: 'support par e-mail',
    execution_mode: "mode d'exécution",
    api_priority: 'priorité API',
    integrations: 'intégrations',
    support_24_7: 'support 24/7',
    sla: 'SLA',
    on_premise: 'sur site',
  },
});

type FeatureKey = Parameters<typeof m>[0];

export default defineCommand({
  summary: { en: 'List the plans: price, monthly tokens, features', fr: 'Lister les offres : prix, jetons mensuels, fonctionnalités' },
  examples: ['cloudya plans', 'cloudya plans --output json'],
  async run() {
    const { PLANS, TOKENS_PER_EURO, ROLLOVER_SHARE } = await import('../services/billing/plans.js');
    const { getLang } = await import('../core/i18n.js');
    const locale = getLang() === 'fr' ? 'fr-FR' : 'en-US';
    const money = (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
    const count = (n: number) => new Intl.NumberFormat(locale).format(n);
    const rows = PLANS.map((p) => [p.name, p.priceCents === 0 ? m('free') : `${money(p.priceCents)}${m('month')}`, m('tokens', { n: count(p.monthlyTokens) }), p.features.map((f) => m(f as FeatureKey)).join(', ')]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)) + 2);
    const lines = rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join(''));
    return {
      data: {
        plans: PLANS.map((p) => ({ id: p.id, name: p.name, price_cents: p.priceCents, currency: 'EUR', monthly_tokens: p.monthlyTokens, features: [...p.features], rate_multiplier: p.rateMultiplier })),
        tokens_per_euro: TOKENS_PER_EURO,
        rollover_share: ROLLOVER_SHARE,
      },
      text: [...lines, '', m('recharge'), m('subscribe')].join('\n'),
    };
  },
});
