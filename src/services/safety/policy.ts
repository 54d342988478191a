/**
 * User policy on top of the built-in rules: `safety.deny` patterns deny, `safety.allow` patterns
 * allow - but never over a built-in deny, unless every deny rule involved was named with
 * `--unsafe-allow RULE`. `--unsafe-allow` alone lowers the named built-in deny to confirm.
 */
import type { Config } from '../../core/config.js';
import { deny, reason } from './reason.js';
import type { Policy, Reason, Verdict } from './types.js';

/** The policy from configuration (safety.allow, safety.deny) plus --unsafe-allow grants. */
export function policyFromConfig(config: Config, unsafeAllow: string[] = []): Policy {
  const list = (key: string) => (config.get<string[] | undefined>(key) ?? []).map((s) => s.trim()).filter(Boolean);
  return { allow: list('safety.allow'), deny: list('safety.deny'), unsafeAllow: [...unsafeAllow] };
}

/** An empty policy (built-in rules only). */
export function emptyPolicy(): Policy {
  return { allow: [], deny: [], unsafeAllow: [] };
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'))
    .join('\\s+');
  return new RegExp(`^${body}(\\s.*)?$`, 's');
}

/** True when a user pattern ("kubectl delete pod *", "git push") matches the command's argv. */
export function patternMatches(pattern: string, argv: readonly string[]): boolean {
  if (!argv.length) return false;
  return globToRegExp(pattern).test(argv.join(' '));
}

/** Applies the user policy to one command's built-in reasons; returns the final reasons. */
export function applyPolicy(argv: readonly string[], builtIn: Reason[], policy: Policy): Reason[] {
  let reasons = builtIn.map((r) => {
    if (r.verdict === 'deny' && policy.unsafeAllow.includes(r.rule)) {
      return { ...r, verdict: 'confirm' as Verdict, message: `${r.message} (--unsafe-allow ${r.rule})` };
    }
    return r;
  });
  const denied = policy.deny.find((p) => patternMatches(p, argv));
  if (denied) reasons.push(deny(`user.deny`, { en: 'denied by your safety.deny rule "{part}"', fr: 'interdit par votre règle safety.deny « {part} »' }, denied));
  const allowed = policy.allow.find((p) => patternMatches(p, argv));
  if (allowed && !denied) {
    const stillDenied = reasons.filter((r) => r.verdict === 'deny');
    if (stillDenied.length) {
      reasons.push(
        reason('user.allow', 'deny', {
          en: 'your safety.allow rule "{part}" cannot lift the built-in rule {rules}; pass --unsafe-allow {rules} to do so',
          fr: 'votre règle safety.allow « {part} » ne peut pas lever la règle intégrée {rules} ; passez --unsafe-allow {rules} pour cela',
        }, allowed, { rules: [...new Set(stillDenied.map((r) => r.rule))].join(',') }),
      );
    } else {
      // The user's allow wins over confirm: keep the reasons for the record, lowered to allow.
      reasons = reasons.map((r) => (r.verdict === 'confirm' ? { ...r, verdict: 'allow' as Verdict } : r));
      reasons.push(reason('user.allow', 'allow', { en: 'allowed by your safety.allow rule "{part}"', fr: 'autorisé par votre règle safety.allow « {part} »' }, allowed));
    }
  }
  return reasons;
}
