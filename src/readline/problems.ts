/** Knowledge base problems (malformed files or entries) as warning lines for stderr. */
import { defineMessages } from '../core/i18n.js';
import type { KnowledgeProblem } from '../services/knowledge/types.js';

const m = defineMessages({
  en: { warning: 'cloudya: warning: {where}{message} (skipped; the rest of the knowledge base is loaded)' },
  fr: { warning: 'cloudya : avertissement : {where}{message} (ignoré ; le reste de la base de connaissances est chargé)' },
});

/** One line per problem, "file:line: message". */
export function problemLines(problems: KnowledgeProblem[]): string[] {
  return problems.map((p) => m('warning', { where: `${p.file}${p.line ? `:${p.line}` : ''}: `, message: p.message }));
}
