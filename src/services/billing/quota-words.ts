/** Quota alerts and the remaining balance in words (English and French), for every front end. */
import { defineMessages } from '../../core/i18n.js';

const m = defineMessages({
  en: {
    left: '{n} tokens left',
    reached: 'Quota: {percent}% of this period\'s {allowance} plan tokens used ({used}); more tokens: cloudya tokens recharge, or a larger plan: cloudya plans',
    full: 'Quota: all {allowance} plan tokens of this period are used; answers now spend purchased tokens (cloudya tokens recharge) until the next period',
  },
  fr: {
    left: '{n} jetons restants',
    reached: "Quota : {percent} % des {allowance} jetons de l'offre utilisés sur cette période ({used}) ; plus de jetons : cloudya tokens recharge, ou une offre plus grande : cloudya plans",
    full: "Quota : les {allowance} jetons de l'offre de cette période sont utilisés ; les réponses consomment maintenant les jetons achetés (cloudya tokens recharge) jusqu'à la prochaine période",
  },
});

/** The allowance period as the API shows it (GET /api/account, /api/tokens/info, /api/billing/subscription). */
export interface QuotaView {
  period_start: string | null;
  allowance: number;
  used: number;
  percent: number;
  alert: { percent: number; used: number; allowance: number } | null;
}

/** "9650 tokens left". */
export function tokensLeftText(n: number): string {
  return m('left', { n });
}

/** One line for a quota alert. */
export function quotaAlertText(alert: { percent: number; used: number; allowance: number }): string {
  return alert.percent >= 100 ? m('full', { allowance: alert.allowance }) : m('reached', { percent: alert.percent, allowance: alert.allowance, used: alert.used });
}
