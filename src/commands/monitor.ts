/**
 * `cloudya monitor`: the live dashboard on a terminal, one line (or one NDJSON object) per sample
 * otherwise; `monitor record` the headless recorder; `monitor report` the history as text, HTML,
 * JSON or CSV. Services are imported inside run() so `cloudya --help` stays fast.
 */
import { defineCommand, type CommandContext } from '../core/command.js';
import { CloudyaError, UsageError } from '../core/errors.js';
import { defineMessages } from '../core/i18n.js';
import type { CommandResult } from '../core/output.js';

const m = defineMessages({
  en: {
    serviceMissing: 'no service named "{name}" on this machine',
    serviceMissingSystemd: 'systemd knows no unit "{name}"',
    serviceHint: 'check the name with "systemctl list-units --type=service" (or "ps -e" where systemd is not running)',
    recordFailed: 'samples are not being recorded to {file}: {reason}',
    recordFailedHint: 'move the file away to start a new history, or check its permissions',
    warning: 'warning: {text}',
    unsaved: '{count} sample(s) could not be saved to {file} (still locked by another process)',
    recording: 'recording a sample every {interval}s to {file} (Ctrl+C to stop)',
    recorded: 'recorded {count} sample(s) to {file}',
    badFormat: 'cannot tell the report format from "{file}"',
    badFormatHint: 'name the file .html, .json or .csv, or add --format html|json|csv',
    fileAndOutput: '--file and --output FILE both name a report file',
    fileAndOutputHint: 'give only one of them',
    written: 'report written to {file} ({size}, {rows} samples, {from} to {to})',
    writtenOne: 'report written to {file} ({size}, {rows} sample, {from} to {to})',
    downsampled: 'downsampled {count} old row(s) (retention {days} days)',
  },
  fr: {
    serviceMissing: 'aucun service nommé « {name} » sur cette machine',
    serviceMissingSystemd: 'systemd ne connaît pas d’unité « {name} »',
    serviceHint: 'vérifiez le nom avec « systemctl list-units --type=service » (ou « ps -e » là où systemd ne tourne pas)',
    recordFailed: 'les mesures ne sont pas enregistrées dans {file} : {reason}',
    recordFailedHint: 'déplacez le fichier pour repartir d’un historique neuf, ou vérifiez ses droits',
    warning: 'avertissement : {text}',
    unsaved: "{count} mesure(s) n'ont pas pu être enregistrée(s) dans {file} (toujours verrouillé par un autre processus)",
    recording: 'une mesure toutes les {interval} s enregistrée dans {file} (Ctrl+C pour arrêter)',
    recorded: '{count} mesure(s) enregistrée(s) dans {file}',
    badFormat: 'impossible de déduire le format du rapport de « {file} »',
    badFormatHint: 'nommez le fichier .html, .json ou .csv, ou ajoutez --format html|json|csv',
    fileAndOutput: '--file et --output FICHIER désignent tous deux un fichier de rapport',
    fileAndOutputHint: "n'en donnez qu'un",
    written: 'rapport écrit dans {file} ({size}, {rows} mesures, du {from} au {to})',
    writtenOne: 'rapport écrit dans {file} ({size}, {rows} mesure, du {from} au {to})',
    downsampled: '{count} ancienne(s) ligne(s) agrégée(s) (rétention {days} jours)',
  },
});

export default defineCommand({
  summary: { en: 'Watch this machine live, record its history, report on it', fr: "Surveiller cette machine en direct, enregistrer son historique, en faire un rapport" },
  actions: {
    record: { summary: { en: 'Record samples headless (for a server; default every 10 s)', fr: 'Enregistrer des mesures sans affichage (pour un serveur ; toutes les 10 s par défaut)' } },
    report: { summary: { en: 'Summarise the recorded history (text, or an HTML/JSON/CSV file)', fr: "Résumer l'historique enregistré (texte, ou fichier HTML/JSON/CSV)" } },
  },
  actionOptional: true,
  outputFileActions: ['report'],
  options: {
    interval: {
      type: 'number',
      min: 0,
      minExclusive: true,
      // Node's timers hold at most 2^31-1 ms (~24.8 days); a longer delay would fire after 1 ms.
      max: 86_400,
      valueName: 'SECONDS',
      actions: ['', 'record'],
      description: { en: 'Seconds between samples (default 2, or monitor.interval_seconds; record: 10)', fr: 'Secondes entre deux mesures (2 par défaut, ou monitor.interval_seconds ; record : 10)' },
    },
    count: { type: 'number', integer: true, min: 1, valueName: 'N', actions: ['', 'record'], description: { en: 'Stop after N samples', fr: 'Arrêter après N mesures' } },
    service: { type: 'string', valueName: 'NAME', actions: ['', 'record'], description: { en: 'Also watch this service: state, restarts, processes, listening ports', fr: 'Surveiller aussi ce service : état, redémarrages, processus, ports en écoute' } },
    'no-graphics': { type: 'boolean', actions: [''], description: { en: 'One line per sample instead of the dashboard (also implied by --count)', fr: 'Une ligne par mesure au lieu du tableau de bord (aussi avec --count)' } },
    'no-record': { type: 'boolean', actions: [''], description: { en: 'Do not record samples to the history', fr: "Ne pas enregistrer les mesures dans l'historique" } },
    days: { type: 'number', min: 0, minExclusive: true, default: 7, valueName: 'N', actions: ['report'], description: { en: 'report: days of history to cover', fr: "report : jours d'historique couverts" } },
    file: { type: 'string', valueName: 'FILE', actions: ['report'], description: { en: 'report: write to FILE (.html, .json, .csv); same as --output FILE', fr: 'report : écrire dans FICHIER (.html, .json, .csv) ; comme --output FICHIER' } },
    format: { type: 'string', choices: ['html', 'json', 'csv', 'text'], actions: ['report'], description: { en: 'report: force the file format', fr: 'report : imposer le format du fichier' } },
  },
  examples: [
    'cloudya monitor',
    'cloudya monitor --no-graphics --interval 1 --count 5',
    'cloudya monitor --output json --count 3 | jq .cpu.usage',
    'cloudya monitor --service nginx --no-graphics',
    'cloudya monitor record --interval 10',
    'cloudya monitor report --days 7',
    'cloudya monitor report --days 7 --output rapport.html',
  ],
  notes: {
    en: 'Samples are recorded in ~/.cloudya/monitor.db (SQLite). Rows older than monitor.retention_days (30) are averaged into 5-minute rows, not deleted. Thresholds: monitor.thresholds.<cpu|memory|swap|filesystem|load>.<careful|warning|critical>.',
    fr: "Les mesures sont enregistrées dans ~/.cloudya/monitor.db (SQLite). Les lignes plus vieilles que monitor.retention_days (30) sont moyennées par 5 minutes, pas supprimées. Seuils : monitor.thresholds.<cpu|memory|swap|filesystem|load>.<careful|warning|critical>.",
  },
  async run(ctx) {
    if (ctx.action === 'report') return report(ctx);
    if (ctx.action === 'record') return record(ctx);
    return live(ctx);
  },
});

async function makeSampler(ctx: CommandContext, intervalSeconds: number) {
  const { createSampler } = await import('../services/monitor/sampler.js');
  const { thresholdsFrom } = await import('../services/monitor/thresholds.js');
  const config = ctx.config();
  const service = ctx.options.service as string | undefined;
  return createSampler({ intervalMs: intervalSeconds * 1000, service, thresholds: thresholdsFrom((k) => config.get(k)) });
}

/** Fails with a clear message when --service names nothing. */
function checkService(sample: { service?: { found: boolean; name: string; source: string } }): void {
  const svc = sample.service;
  if (svc && !svc.found) {
    throw new CloudyaError(svc.source === 'systemd' ? m('serviceMissingSystemd', { name: svc.name }) : m('serviceMissing', { name: svc.name }), {
      hint: m('serviceHint'),
      code: 'service_not_found',
    });
  }
}

/**
 * Opens the history recorder. A lock held by another process is not fatal (samples wait in memory);
 * other failures (not a database...) throw when `required` (record), else are said once on stderr.
 */
async function openRecorder(ctx: CommandContext, required: boolean) {
  const { userPaths } = await import('../core/paths.js');
  const { SampleRecorder, describeRecorderEvent } = await import('../services/monitor/recorder.js');
  const file = userPaths(ctx.env).monitorDb;
  const retentionDays = ctx.config().get<number>('monitor.retention_days') || 30;
  try {
    return new SampleRecorder({
      file,
      retentionDays,
      onEvent: (e) => {
        if (e.kind === 'downsampled') ctx.progress(m('downsampled', { count: e.count, days: retentionDays }));
        else ctx.io.stderr.write(`cloudya: ${m('warning', { text: describeRecorderEvent(e) ?? '' })}\n`);
      },
    });
  } catch (err) {
    const reason = (err as Error).message;
    if (required) throw new CloudyaError(m('recordFailed', { file, reason }), { hint: m('recordFailedHint'), code: 'history_unwritable' });
    ctx.io.stderr.write(`cloudya: ${m('recordFailed', { file, reason })}\n`);
    return undefined;
  }
}

/** Closes the recorder; says how many samples could not be saved when the store stayed locked to the end. */
function closeRecorder(ctx: CommandContext, recorder: { close(): void; buffered: number; file: string } | undefined): void {
  if (!recorder) return;
  recorder.close();
  if (recorder.buffered) ctx.io.stderr.write(`cloudya: ${m('warning', { text: m('unsaved', { count: recorder.buffered, file: recorder.file }) })}\n`);
}

async function live(ctx: CommandContext): Promise<CommandResult> {
  const config = ctx.config();
  const interval = (ctx.options.interval as number | undefined) ?? (config.get<number>('monitor.interval_seconds') || 2);
  // --count asks for a finite run, which is a stream of lines, not a dashboard.
  const graphics = !ctx.options['no-graphics'] && ctx.options.count === undefined && ctx.global.output === 'text' && !!ctx.io.stdin.isTTY && !!ctx.io.stdout.isTTY;
  if (graphics) {
    const { startShell } = await import('../../screens/shell.js');
    const exitCode = await startShell({
      initialScreen: 'monitor',
      env: ctx.env,
      services: { monitor: { intervalSeconds: interval, service: ctx.options.service as string | undefined, record: !ctx.options['no-record'] } },
    });
    return { exitCode };
  }
  const { sampleLine } = await import('../services/monitor/line.js');
  const sampler = await makeSampler(ctx, interval);
  const recorder = ctx.options['no-record'] ? undefined : await openRecorder(ctx, false);
  let first = true;
  try {
    for await (const sample of sampler.stream({ signal: ctx.signal, count: ctx.options.count as number | undefined })) {
      if (first) checkService(sample);
      first = false;
      // Shown first: the line must not wait on the store, which may be locked by another process.
      ctx.emit(sample, sampleLine(sample));
      recorder?.record(sample);
    }
  } finally {
    sampler.close();
    closeRecorder(ctx, recorder);
  }
  return {};
}

async function record(ctx: CommandContext): Promise<CommandResult> {
  const interval = (ctx.options.interval as number | undefined) ?? 10;
  // Meant to run for months: a lock held by another process delays writes (samples wait in memory), never ends the run.
  const { userPaths } = await import('../core/paths.js');
  const file = userPaths(ctx.env).monitorDb;
  // Said first, so that a warning about a locked store reads as news about this recording.
  ctx.progress(m('recording', { interval, file }));
  const recorder = (await openRecorder(ctx, true))!;
  const sampler = await makeSampler(ctx, interval);
  let count = 0;
  try {
    for await (const sample of sampler.stream({ signal: ctx.signal, count: ctx.options.count as number | undefined })) {
      if (count === 0) checkService(sample);
      recorder.record(sample);
      count++;
    }
  } finally {
    sampler.close();
    closeRecorder(ctx, recorder);
  }
  return { data: { recorded: count, file, interval_seconds: interval }, text: m('recorded', { count, file }) };
}

async function report(ctx: CommandContext): Promise<CommandResult> {
  const fileOpt = ctx.options.file as string | undefined;
  const outputFile = ctx.options.outputFile as string | undefined;
  if (fileOpt && outputFile) throw new UsageError(m('fileAndOutput'), { flag: '--file', hint: m('fileAndOutputHint'), code: 'bad_value' });
  const file = fileOpt ?? outputFile;
  const { runReport } = await import('../services/monitor/report-command.js');
  const { userPaths } = await import('../core/paths.js');
  const { thresholdsFrom } = await import('../services/monitor/thresholds.js');
  const config = ctx.config();
  let format = ctx.options.format as 'html' | 'json' | 'csv' | 'text' | undefined;
  if (file && !format) {
    const ext = /\.(html?|json|csv|txt)$/i.exec(file)?.[1]?.toLowerCase();
    format = ext === 'htm' || ext === 'html' ? 'html' : ext === 'txt' ? 'text' : (ext as 'json' | 'csv' | undefined);
    if (!format) throw new UsageError(m('badFormat', { file }), { flag: '--output', hint: m('badFormatHint'), code: 'bad_value' });
  }
  const result = await runReport({
    dbFile: userPaths(ctx.env).monitorDb,
    days: ctx.options.days as number,
    thresholds: thresholdsFrom((k) => config.get(k)),
    file,
    format,
  });
  if (file) {
    return {
      data: { file, format, bytes: result.bytes, samples: result.report.samples },
      text: m(result.report.samples === 1 ? 'writtenOne' : 'written', { file, size: `${(result.bytes / 1024).toFixed(0)} KiB`, rows: result.report.samples, from: result.report.from, to: result.report.to }),
    };
  }
  return { data: result.report, text: result.text };
}
