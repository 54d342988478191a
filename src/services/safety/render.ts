/** Human rendering of a validation: the verdict, its reasons, then each command found. */
import { defineMessages } from '../../core/i18n.js';
import { style } from '../../core/style.js';
import type { ValidationResult, Verdict } from './types.js';

const m = defineMessages({
  en: { allow: 'ALLOW', confirm: 'CONFIRM', deny: 'DENY', commands: 'commands checked:' },
  fr: { allow: 'AUTORISÉ', confirm: 'À CONFIRMER', deny: 'REFUSÉ', commands: 'commandes vérifiées :' },
});

/** The verdict word, coloured (green allow, yellow confirm, red deny). */
export function verdictLabel(v: Verdict): string {
  const s = style();
  return v === 'allow' ? s.green(m('allow')) : v === 'confirm' ? s.yellow(m('confirm')) : s.red.bold(m('deny'));
}

/** Multi-line text for `cloudya validate` and for front ends showing a proposed command. */
export function renderValidation(r: ValidationResult): string {
  const lines = [`${verdictLabel(r.verdict)}  ${r.command.replace(/\n/g, '\\n')}`];
  for (const reason of r.reasons) lines.push(`  - ${reason.message}  [${reason.rule}]`);
  if (r.commands.length > 1) {
    lines.push(`  ${m('commands')}`);
    for (const c of r.commands) lines.push(`    ${c.verdict.padEnd(7)} ${c.argv.join(' ').replace(/\n/g, '\\n') || '(assignment/redirection)'}`);
  }
  return lines.join('\n');
}
