import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    plan: 'Plan',
    status: 'Status',
    renews: 'Period ends',
    none: 'none (Free plan)',
    cancelling: '{status}, cancelled at period end',
    notifications: 'Notifications',
    cancelled: 'Subscription {id} will end on {date}; the plan stays until then, then the account returns to Free.',
  },
  fr: {
    plan: 'Offre',
    status: 'État',
    renews: 'Fin de période',
    none: 'aucun (offre Free)',
    cancelling: '{status}, résilié en fin de période',
    notifications: 'Notifications',
    cancelled: "L'abonnement {id} prendra fin le {date} ; l'offre reste jusque-là, puis le compte repasse en Free.",
  },
});

export default defineCommand({
  summary: { en: 'Your subscription: show it, or cancel it at the end of the period', fr: 'Votre abonnement : le consulter ou le résilier en fin de période' },
  actions: {
    info: { summary: { en: 'Plan, status, period end, notifications', fr: 'Offre, état, fin de période, notifications' } },
    cancel: { summary: { en: 'Cancel at the end of the current period', fr: 'Résilier à la fin de la période en cours' } },
  },
  defaultAction: 'info',
  examples: ['cloudya subscription info', 'cloudya subscription cancel'],
  async run(ctx) {
    const { apiClient } = await import('./login.js');
    const client = await apiClient(ctx);
    if (ctx.action === 'cancel') {
      const r = await client.request<{ subscription_id: string; period_end: string | null }>('POST', '/api/billing/cancel', undefined, { signal: ctx.signal });
      return { data: r, text: m('cancelled', { id: r.subscription_id, date: r.period_end?.slice(0, 10) ?? '?' }) };
    }
    const s = await client.request<{ plan: string; status: string | null; cancel_at_period_end: boolean; period_end: string | null; notifications: Array<{ kind: string; message: string; created_at: string; data?: { percent?: number; used?: number; allowance?: number } }> }>('GET', '/api/billing/subscription', undefined, { signal: ctx.signal });
    const status = s.status ? (s.cancel_at_period_end ? m('cancelling', { status: s.status }) : s.status) : m('none');
    const rows: Array<[string, string]> = [[m('plan'), s.plan], [m('status'), status]];
    if (s.period_end) rows.push([m('renews'), s.period_end.slice(0, 10)]);
    const w = Math.max(...rows.map(([k]) => k.length)) + 2;
    const { visible } = await import('../core/printable.js');
    const { quotaAlertText } = await import('../services/billing/quota-words.js');
    // Quota alerts carry their figures: worded in the user's language (other notifications are the server's English).
    const words = (n: (typeof s.notifications)[number]) => (/^quota_\d+$/.test(n.kind) && n.data?.percent !== undefined ? quotaAlertText({ percent: n.data.percent, used: n.data.used ?? 0, allowance: n.data.allowance ?? 0 }) : visible(n.message));
    const lines = rows.map(([k, v]) => k.padEnd(w) + v);
    if (s.notifications.length) lines.push('', `${m('notifications')}:`, ...s.notifications.slice(0, 5).map((n) => `  ${n.created_at.slice(0, 10)}  ${words(n)}`));
    return { data: s, text: lines.join('\n') };
  },
});
