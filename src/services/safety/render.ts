/** Human rendering of a validation: the verdict, its reasons, then each command found. */
import { defineMessages } from '../../core/i18n.js';
import { visible } from '../../core/printable.js';
import { style } from '../../core/style.js';
import type { ValidationResult, Verdict } from './types.js';

const m = defineMessages({
  en: { allow: 'ALLOW', confirm: 'CONFIRM', deny: 'DENY', commands: 'commands checked:', each_allow: 'allow', each_confirm: 'confirm', each_deny: 'deny', noArgv: '(assignment/redirection)' },
  fr: { allow: 'AUTORISÉ', confirm: 'À CONFIRMER', deny: 'REFUSÉ', commands: 'commandes vérifiées :', each_allow: 'autorisée', each_confirm: 'à confirmer', each_deny: 'refusée', noArgv: '(affectation/redirection)' },
});

/** The verdict word, coloured (green allow, yellow confirm, red deny). */
export function verdictLabel(v: Verdict): string {
  const s = style();
  return v === 'allow' ? s.green(m('allow')) : v === 'confirm' ? s.yellow(m('confirm')) : s.red.bold(m('deny'));
}

/**
 * Multi-line text for `cloudya validate` and for front ends showing a proposed command. The command,
 * its words and the reasons quoting it are user text: control characters are shown escaped (`\e`,
 * `\r`), so an escape sequence cannot rewrite the line on screen.
 */
export function renderValidation(r: ValidationResult): string {
  const lines = [`${verdictLabel(r.verdict)}  ${visible(r.command)}`];
  for (const reason of r.reasons) lines.push(`  - ${visible(reason.message)}  [${reason.rule}]`);
  if (r.commands.length > 1) {
    lines.push(`  ${m('commands')}`);
    const words = r.commands.map((c) => m(`each_${c.verdict}`));
    const width = Math.max(7, ...words.map((w) => w.length));
    r.commands.forEach((c, i) => lines.push(`    ${words[i].padEnd(width)} ${visible(c.argv.join(' ')) || m('noArgv')}`));
  }
  return lines.join('\n');
}
