/** How stored rows are shown in API answers (times as ISO 8601). */
import type { Account } from '../../services/accounts/accounts.js';

/** An account as the API shows it. */
export function accountView(a: Account, extra: { used_this_month?: number } = {}) {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    plan: a.plan,
    balance: a.balance,
    created_at: new Date(a.created_at).toISOString(),
    anomaly_flag: a.anomaly_at !== null,
    ...extra,
  };
}
