/** Building reasons: a rule id, its verdict and a bilingual message naming the part concerned. */
import { interpolate, tr, type Params, type Text } from '../../core/i18n.js';
import type { Reason, Verdict } from './types.js';

/** Makes a reason; `{part}` and other placeholders in the message are filled in. */
export function reason(rule: string, verdict: Verdict, text: Text, part?: string, params?: Params): Reason {
  const message = interpolate(tr(text), { part, ...params });
  return part === undefined ? { rule, verdict, message } : { rule, verdict, message, part };
}

export const allow = (rule: string, text: Text, part?: string, params?: Params) => reason(rule, 'allow', text, part, params);
export const confirm = (rule: string, text: Text, part?: string, params?: Params) => reason(rule, 'confirm', text, part, params);
export const deny = (rule: string, text: Text, part?: string, params?: Params) => reason(rule, 'deny', text, part, params);
