import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';
import type { QuotaView } from '../services/billing/quota-words.js';

const m = defineMessages({
  en: {
    account: 'Account',
    plan: 'Plan',
    balance: 'Balance',
    month: 'This month',
    api: 'API',
    auth: 'Auth',
    tokens: '{n} tokens',
    used: '{n} tokens used',
    allowance: '{n} tokens a month',
    period: 'This period',
    periodUsed: '{used} of {allowance} plan tokens used ({percent}%) since {date}',
    viaToken: 'CLOUDYA_API_TOKEN',
    viaSession: 'session ({file})',
    anomaly: 'Unusual usage was flagged on this account in the last hour; contact support if it was not you.',
  },
  fr: {
    account: 'Compte',
    plan: 'Offre',
    balance: 'Solde',
    month: 'Ce mois-ci',
    api: 'API',
    auth: 'Authentification',
    tokens: '{n} jetons',
    used: '{n} jetons utilisés',
    allowance: '{n} jetons par mois',
    period: 'Cette période',
    periodUsed: "{used} des {allowance} jetons de l'offre utilisés ({percent} %) depuis le {date}",
    viaToken: 'CLOUDYA_API_TOKEN',
    viaSession: 'session ({file})',
    anomaly: "Une consommation inhabituelle a été signalée sur ce compte dans la dernière heure ; contactez le support si ce n'était pas vous.",
  },
});

export default defineCommand({
  summary: { en: 'Show your Cloudya account: plan, token balance, this month\'s usage', fr: 'Afficher votre compte Cloudya : offre, solde de jetons, consommation du mois' },
  examples: ['cloudya info', 'cloudya info --output json'],
  async run(ctx) {
    const { apiClient } = await import('./login.js');
    const { sessionFile } = await import('../services/accounts/session-store.js');
    const client = await apiClient(ctx);
    const auth = client.authSource();
    const account = await client.request<{ id: string; email: string; name: string; plan: string; balance: number; created_at: string; used_this_month: number; anomaly_flag: boolean; quota?: QuotaView }>('GET', '/api/account', undefined, { signal: ctx.signal });
    const tokens = await client.request<{ monthly_allowance?: number }>('GET', '/api/tokens/info', undefined, { signal: ctx.signal });
    const rows: Array<[string, string]> = [
      [m('account'), `${account.name} <${account.email}>`],
      [m('plan'), `${account.plan}${tokens.monthly_allowance ? ` (${m('allowance', { n: tokens.monthly_allowance })})` : ''}`],
      [m('balance'), m('tokens', { n: account.balance })],
      [m('month'), m('used', { n: account.used_this_month })],
      // Servers before quota alerts send no quota: the row is left out.
      ...(account.quota?.period_start ? [[m('period'), m('periodUsed', { used: account.quota.used, allowance: account.quota.allowance, percent: account.quota.percent, date: account.quota.period_start.slice(0, 10) })] as [string, string]] : []),
      [m('api'), client.url],
      [m('auth'), auth === 'api_token' ? m('viaToken') : m('viaSession', { file: sessionFile(ctx.env) })],
    ];
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    const { visible } = await import('../core/printable.js');
    const { quotaAlertText } = await import('../services/billing/quota-words.js');
    const lines = rows.map(([k, v]) => `${k.padEnd(width)}${visible(v)}`);
    if (account.quota?.alert) lines.push('', `! ${quotaAlertText(account.quota.alert)}`);
    if (account.anomaly_flag) lines.push('', m('anomaly'));
    return {
      data: { api_url: client.url, auth, account: { ...account, monthly_allowance: tokens.monthly_allowance ?? null } },
      text: lines.join('\n'),
    };
  },
});
