/** The text rendering of an assistant answer, shared by `cloudya ask` and the readline chat. */
import { Chalk } from 'chalk';
import { defineMessages, getLang, setLang } from '../core/i18n.js';
import type { Answer } from '../services/ai/types.js';
import { quotaAlertText, tokensLeftText } from '../services/billing/quota-words.js';
import type { CommandVerdict } from '../services/ai/verdicts.js';
import { highlightCommand } from './highlight.js';
import { renderMarkdown, wrapHanging } from './markdown.js';

const m = defineMessages({
  en: {
    commands: 'Commands',
    risks: 'Risks',
    sources: 'Sources',
    seeAlso: 'See also',
    colon: ':',
    allow: 'allowed',
    confirm: 'needs confirmation',
    deny: 'blocked',
    confidence: 'confidence {value}',
    tokens: '{total} tokens ({prompt} in, {completion} out)',
  },
  fr: {
    commands: 'Commandes',
    risks: 'Risques',
    sources: 'Sources',
    seeAlso: 'Voir aussi',
    colon: ' :',
    allow: 'autorisée',
    confirm: 'confirmation requise',
    deny: 'bloquée',
    confidence: 'confiance {value}',
    tokens: '{total} jetons ({prompt} en entrée, {completion} en sortie)',
  },
});

export interface AnswerTextOptions {
  width?: number;
  color?: boolean;
  /** One entry per command (undefined: no verdict available). */
  verdicts?: Array<CommandVerdict | undefined>;
  /** The explanation was already shown while streaming: print only what follows it. */
  skipExplanation?: boolean;
  engine?: string;
  timingMs?: number;
  /** Wrap long lines to `width` with a hanging indent (a terminal; pipes keep whole lines). */
  wrap?: boolean;
}

/** One verdict as a short coloured label with its first reason. */
export function verdictLabel(v: CommandVerdict, c: InstanceType<typeof Chalk>): string {
  const reason = v.reasons.find((r) => r.verdict === v.verdict)?.message ?? v.reasons[0]?.message;
  const label =
    v.verdict === 'allow' ? c.green(`✔ ${m('allow')}`) : v.verdict === 'confirm' ? c.yellow(`? ${m('confirm')}`) : c.red.bold(`✘ ${m('deny')}`);
  return reason && v.verdict !== 'allow' ? `${label}${m('colon')} ${reason}` : label;
}

/**
 * Formats an answer: markdown explanation, numbered highlighted commands with verdicts, risks, sources.
 * Its labels are in the answer's language (a French answer in an English terminal reads "Commandes").
 */
export function formatAnswer(answer: Answer, opts: AnswerTextOptions = {}): string {
  const previous = getLang();
  if (!answer.lang || answer.lang === previous) return formatIn(answer, opts);
  setLang(answer.lang);
  try {
    return formatIn(answer, opts);
  } finally {
    setLang(previous);
  }
}

function formatIn(answer: Answer, opts: AnswerTextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = opts.width ?? 80;
  const out: string[] = [];
  if (!opts.skipExplanation) out.push(renderMarkdown(answer.explanation, { width, color: opts.color }), '');
  if (answer.commands.length) {
    out.push(c.bold(`${m('commands')}${m('colon')}`));
    const pad = String(answer.commands.length).length;
    answer.commands.forEach((cmd, i) => {
      const n = `${String(i + 1).padStart(pad)}.`;
      out.push(`  ${c.bold(n)} ${highlightCommand(cmd.command, c)}`);
      const indent = ' '.repeat(pad + 4);
      if (cmd.description) out.push(`${indent}${c.dim(cmd.description)}`);
      const v = opts.verdicts?.[i];
      if (v) out.push(`${indent}${verdictLabel(v, c)}`);
    });
    out.push('');
  }
  if (answer.risks.length) {
    out.push(c.bold(`${m('risks')}${m('colon')}`), ...answer.risks.map((r) => `  ${c.yellow('!')} ${r}`), '');
  }
  if (answer.sources.length) {
    out.push(c.bold(`${m('sources')}${m('colon')}`), ...answer.sources.map((s) => `  ${c.blue.underline(s)}`), '');
  }
  if (!answer.unknown && answer.related?.length) {
    // Each related topic as the command that shows it.
    out.push(c.dim(`${m('seeAlso')}${m('colon')} ${answer.related.map((r) => `${r.title} (cloudya ask ${r.id})`).join(' · ')}`));
  }
  const footer: string[] = [];
  if (opts.engine) footer.push(answer.model ? `${opts.engine} (${answer.model})` : opts.engine);
  if (answer.confidence !== undefined) footer.push(m('confidence', { value: answer.confidence.toFixed(2) }));
  if (answer.usage) footer.push(m('tokens', { total: answer.usage.total_tokens, prompt: answer.usage.prompt_tokens, completion: answer.usage.completion_tokens }));
  if (answer.remaining_balance !== undefined) footer.push(tokensLeftText(answer.remaining_balance));
  if (opts.timingMs !== undefined) footer.push(`${Math.round(opts.timingMs)} ms`);
  if (footer.length) out.push(c.dim(footer.join(' · ')));
  // Only the answer whose debit reached the threshold carries the alert: one line, once per period.
  if (answer.quota_alert) out.push(c.yellow(`! ${quotaAlertText(answer.quota_alert)}`));
  const text = out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
  return opts.wrap ? wrapHanging(text, width).join('\n') : text;
}
