/** One line of text per audit entry for `cloudya audit`. */
import { defineMessages } from '../../core/i18n.js';
import { visible } from '../../core/printable.js';
import { style } from '../../core/style.js';
import type { AuditEntry } from './types.js';

const m = defineMessages({
  en: { ev_validation: 'validation', ev_confirmation: 'confirmation', ev_execution: 'execution', ev_connection: 'connection', v_allow: 'allow', v_confirm: 'confirm', v_deny: 'deny', yes: 'yes', no: 'no', exit: 'exit', killed: 'killed', notRun: 'not run' },
  fr: { ev_validation: 'validation', ev_confirmation: 'confirmation', ev_execution: 'exécution', ev_connection: 'connexion', v_allow: 'autorisé', v_confirm: 'à confirmer', v_deny: 'refusé', yes: 'oui', no: 'non', exit: 'code', killed: 'arrêté', notRun: 'non exécuté' },
});

/** An enum value in the user's language; unknown values (newer log lines) are shown as written. */
function word(key: string): string | undefined {
  return (m as (k: string) => string | undefined)(key);
}

/**
 * One entry as text; the log is plain JSON anyone can append to, so every string from it is shown with
 * its control characters escaped (an ESC or CR in a command cannot make it display as another one).
 * "2026-01-31 08:00:01 exec  execution  confirm  bubblewrap exit 0 1.2s  kubectl delete pod x". */
export function renderAuditEntry(e: AuditEntry): string {
  const s = style();
  const time = e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  // Padded before colouring: escape codes would count in the width.
  const width = Math.max(7, ...['allow', 'confirm', 'deny'].map((v) => (word(`v_${v}`) ?? v).length));
  const said = (e.verdict ? (word(`v_${e.verdict}`) ?? e.verdict) : '-').padEnd(width);
  const verdict = e.verdict === 'deny' ? s.red(said) : e.verdict === 'confirm' ? s.yellow(said) : e.verdict ? s.green(said) : said;
  const details: string[] = [];
  if (e.event === 'confirmation') details.push(e.answer ? m('yes') : m('no'));
  if (e.event === 'connection' && e.error) details.push(visible(e.error));
  if (e.event === 'execution') {
    if (e.executed) details.push(`${e.backend ?? '?'} ${m('exit')} ${e.exitCode ?? '?'} ${((e.durationMs ?? 0) / 1000).toFixed(1)}s${e.killedBy ? ` ${m('killed')}:${e.killedBy}` : ''}`);
    else details.push(`${m('notRun')}${e.error ? ` (${visible(e.error)})` : ''}`);
  }
  const event = word(`ev_${e.event}`) ?? e.event;
  return `${time}  ${visible(e.user)}  ${visible(e.source).padEnd(8)} ${visible(event).padEnd(12)} ${verdict} ${details.join(' ').padEnd(10)} ${visible(e.command)}`;
}
