/** The token ledger service (public API). */
export { applyMove, balanceOf, ledgerSum, usageByDay, spentSince, tokensOf, monthStart, FREE_PLAN_TOKENS, type Move, type MoveResult, type UsageDay } from './ledger.js';
export { usageOf, minimumEstimate, wordCount, type Usage } from './usage.js';
export { checkAnomaly, isAnomalous, DEFAULT_ANOMALY_RULE, type AnomalyRule } from './anomaly.js';
