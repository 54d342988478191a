import { defineCommand } from '../core/command.js';
import { UsageError } from '../core/errors.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: { badSince: 'cannot understand --since "{value}"', sinceHint: 'Use a duration (90s, 15m, 1h, 2d, 1w) or a date (2026-01-31 or 2026-01-31T08:00:00Z).', empty: 'No audit entries{since} in {file}.', bad: '{count} unreadable line(s) in {file} (left untouched): {lines}' },
  fr: { badSince: 'impossible de comprendre --since « {value} »', sinceHint: 'Donnez une durée (90s, 15m, 1h, 2d, 1w) ou une date (2026-01-31 ou 2026-01-31T08:00:00Z).', empty: "Aucune entrée d'audit{since} dans {file}.", bad: '{count} ligne(s) illisible(s) dans {file} (laissées telles quelles) : {lines}' },
});

export default defineCommand({
  summary: { en: 'Show the audit log of validated, confirmed and executed commands', fr: "Afficher le journal d'audit des commandes validées, confirmées et exécutées" },
  maxArgs: 0,
  options: {
    since: { type: 'string', valueName: 'WHEN', description: { en: 'Only entries since a duration ago (1h, 2d) or a date', fr: 'Seulement les entrées depuis une durée (1h, 2d) ou une date' } },
    limit: { type: 'number', integer: true, min: 1, valueName: 'N', description: { en: 'Show only the last N entries', fr: 'Afficher seulement les N dernières entrées' } },
  },
  examples: ['cloudya audit --since 1h', 'cloudya audit --since 2026-01-31 --output json', 'cloudya audit --limit 20'],
  async run(ctx) {
    const { readAudit, parseSince } = await import('../services/audit/index.js');
    const { renderAuditEntry } = await import('../services/audit/render.js');
    const sinceRaw = ctx.options.since as string | undefined;
    let since: Date | undefined;
    if (sinceRaw !== undefined) {
      since = parseSince(sinceRaw);
      if (!since) throw new UsageError(m('badSince', { value: sinceRaw }), { flag: '--since', hint: m('sinceHint'), code: 'bad_value' });
    }
    const { entries, badLines, file } = readAudit(ctx.env, { since, limit: ctx.options.limit as number | undefined });
    if (badLines.length) ctx.progress(m('bad', { count: badLines.length, file, lines: badLines.slice(0, 10).join(', ') }));
    const text = entries.length ? entries.map(renderAuditEntry).join('\n') : m('empty', { since: sinceRaw ? ` (--since ${sinceRaw})` : '', file });
    return { data: { file, entries, ...(badLines.length ? { badLines } : {}) }, text };
  },
});
