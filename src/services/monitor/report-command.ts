/** `monitor report`: reads the history, computes the report, renders it to a file or to text. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../core/files.js';
import { fsReason } from '../../core/fs-errors.js';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import { chartSeries, computeReport, type Report } from './report.js';
import { HistoryStore } from './store.js';
import type { Thresholds } from './types.js';

const m = defineMessages({
  en: {
    empty: 'no monitoring history in the last {days} day(s) ({file})',
    emptyHint: 'record some with "cloudya monitor record" (headless, every 10 s) or leave "cloudya monitor" running, then ask again',
    unreadable: 'cannot read the monitoring history: {reason}',
    notDb: 'not an SQLite database',
    corrupt: 'the database is damaged',
    unreadableHint: 'the file was left unchanged; move it away to start a new history',
    noFolder: 'folder {dir} does not exist',
    noFolderHint: 'check the path, or create the folder first (nothing was written)',
    notFolder: '{dir} is not a folder',
    isFolder: '{file} is a folder, not a file',
    isFolderHint: 'give a file name inside it, e.g. {example}',
    writeFailed: 'cannot write the report to {file}: {reason}',
  },
  fr: {
    empty: "aucun historique de supervision sur les {days} dernier(s) jour(s) ({file})",
    emptyHint: 'enregistrez-en avec « cloudya monitor record » (sans affichage, toutes les 10 s) ou laissez « cloudya monitor » tourner, puis redemandez',
    unreadable: "impossible de lire l'historique de supervision : {reason}",
    notDb: "ce n'est pas une base SQLite",
    corrupt: 'la base est endommagée',
    unreadableHint: "le fichier n'a pas été modifié ; déplacez-le pour repartir d'un historique neuf",
    noFolder: "le dossier {dir} n'existe pas",
    noFolderHint: "vérifiez le chemin, ou créez d'abord le dossier (rien n'a été écrit)",
    notFolder: "{dir} n'est pas un dossier",
    isFolder: '{file} est un dossier, pas un fichier',
    isFolderHint: 'donnez un nom de fichier dedans, par exemple {example}',
    writeFailed: "impossible d'écrire le rapport dans {file} : {reason}",
  },
});

export type ReportFormat = 'html' | 'json' | 'csv' | 'text';

export interface ReportRequest {
  dbFile: string;
  days: number;
  thresholds: Thresholds;
  file?: string;
  format?: ReportFormat;
  now?: number;
}

/** Renders a report in a format. */
export function renderReport(report: Report, format: ReportFormat, series: () => ReturnType<typeof chartSeries>): string {
  if (format === 'html') return renderHtml(report, series());
  if (format === 'csv') return renderCsv(report);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return renderText(report);
}

/**
 * Refuses a report file that cannot be written as named: its folder must exist (a typo must not
 * become a folder tree) and the name must not be a folder. Checked before the history is read.
 */
export function checkReportTarget(file: string): void {
  const dir = path.dirname(file);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new CloudyaError(m('noFolder', { dir }), { hint: m('noFolderHint'), code: 'no_such_folder' });
  }
  if (!dirStat.isDirectory()) throw new CloudyaError(m('notFolder', { dir }), { hint: m('noFolderHint'), code: 'no_such_folder' });
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new CloudyaError(m('isFolder', { file }), { hint: m('isFolderHint', { example: path.join(file, 'report.html') }), code: 'output_is_folder' });
  }
}

/** Builds the report; writes it when a file is given; throws a clear error when there is no history. */
export async function runReport(req: ReportRequest): Promise<{ report: Report; text: string; bytes: number }> {
  if (req.file) checkReportTarget(req.file);
  const to = req.now ?? Date.now();
  const from = to - req.days * 86_400_000;
  const noHistory = () => new CloudyaError(m('empty', { days: req.days, file: req.dbFile }), { hint: m('emptyHint'), code: 'no_history' });
  if (!existsSync(req.dbFile) || statSync(req.dbFile).size === 0) throw noHistory();
  let rows;
  let store: HistoryStore | undefined;
  try {
    store = new HistoryStore(req.dbFile, { readonly: true });
    rows = store.columns(from, to + 1);
  } catch (err) {
    // A database without our table (created by hand, or by a recorder that never wrote) holds no history.
    if (/no such table/.test((err as Error).message)) throw noHistory();
    // Not SQLite, or damaged: name the file, and say it was not touched.
    const code = String((err as { code?: string }).code);
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
      throw new CloudyaError(m('unreadable', { reason: m(code.startsWith('SQLITE_NOTADB') ? 'notDb' : 'corrupt') }), { where: { file: req.dbFile }, hint: m('unreadableHint'), code: 'history_unreadable' });
    }
    throw err;
  } finally {
    store?.close();
  }
  if (!rows.length) throw noHistory();
  // Charts start at the first sample, not at the requested start, so a short history fills the width.
  const chartFrom = Math.max(from, rows.ts[0]);
  const report = computeReport(rows, req.thresholds, { from: chartFrom, to, days: req.days });
  const series = () => chartSeries(rows, chartFrom, to);
  const format = req.format ?? 'text';
  const text = renderReport(report, format, series);
  if (req.file) {
    try {
      await writeFileAtomically(req.file, text);
    } catch (err) {
      // The reason alone: the wrapped error already names the file, and this message does too.
      const reason = fsReason(err) ?? (err as Error).message;
      throw new CloudyaError(m('writeFailed', { file: req.file, reason }), { code: 'report_unwritable', hint: err instanceof CloudyaError ? err.hint : undefined });
    }
    return { report, text, bytes: Buffer.byteLength(text) };
  }
  return { report, text, bytes: Buffer.byteLength(text) };
}
