/** Rendering a diagnosis report: filtering by severity, the summary line, text and JSON documents. */
import os from 'node:os';
import { defineMessages } from '../../core/i18n.js';
import { style } from '../../core/style.js';
import type { DiagnosisReport } from './events.js';
import { severityRank } from './finding.js';
import type { Finding, Severity } from './types.js';

const m = defineMessages({
  en: {
    critical: '{n} critical',
    warning: '{n} warning',
    warnings: '{n} warnings',
    info: '{n} info',
    ok: '{n} ok',
    skipped: '{n} skipped',
    headCritical: 'CRITICAL',
    headWarning: 'WARNING',
    headInfo: 'INFO',
    headOk: 'OK',
    headSkipped: 'SKIPPED (could not run here)',
    evidence: 'evidence:',
    fix: 'fix:',
    docs: 'docs:',
    title: 'Diagnosis of {target}',
    title_system: 'Diagnosis of system',
    title_service: 'Diagnosis of service {target}',
    title_deployment: 'Diagnosis of deployment {target}',
    filtered: 'showing {severity} and above ({hidden} hidden)',
    nothing: 'No check applies to this target.',
    took: 'in {seconds} s',
    colon: ':',
    sev_ok: 'ok',
    sev_info: 'info',
    sev_warning: 'warning',
    sev_critical: 'critical',
    sev_skipped: 'skipped',
  },
  fr: {
    critical: '{n} critique(s)',
    warning: '{n} avertissement',
    warnings: '{n} avertissements',
    info: '{n} info',
    ok: '{n} ok',
    skipped: '{n} ignorée(s)',
    headCritical: 'CRITIQUE',
    headWarning: 'AVERTISSEMENT',
    headInfo: 'INFO',
    headOk: 'OK',
    headSkipped: 'IGNORÉES (impossible ici)',
    evidence: 'constat :',
    fix: 'correctif :',
    docs: 'doc :',
    title: 'Diagnostic de {target}',
    title_system: 'Diagnostic du système',
    title_service: 'Diagnostic du service {target}',
    title_deployment: 'Diagnostic du déploiement {target}',
    filtered: 'constats de gravité {severity} ou plus affichés ({hidden} masqué(s))',
    nothing: "Aucune vérification ne s'applique à cette cible.",
    took: 'en {seconds} s',
    colon: ' :',
    sev_ok: 'ok',
    sev_info: 'info',
    sev_warning: 'avertissement',
    sev_critical: 'critique',
    sev_skipped: 'ignorée',
  },
});

export const SEVERITY_FILTERS = ['ok', 'info', 'warning', 'critical'] as const;

/** Findings at or above a minimum severity ("skipped" only shows when no minimum is given). */
export function filterBySeverity(findings: readonly Finding[], min?: Severity): Finding[] {
  if (!min || min === 'skipped' || min === 'ok') return [...findings];
  return findings.filter((f) => f.severity !== 'skipped' && severityRank(f.severity) <= severityRank(min));
}

/** "3 critical, 2 warnings, 14 ok, 2 skipped" (info only when present). */
export function summaryLine(counts: DiagnosisReport['counts']): string {
  const parts = [m('critical', { n: counts.critical }), m(counts.warning === 1 ? 'warning' : 'warnings', { n: counts.warning })];
  if (counts.info) parts.push(m('info', { n: counts.info }));
  parts.push(m('ok', { n: counts.ok }), m('skipped', { n: counts.skipped }));
  return parts.join(', ');
}

/** How a target is named in titles: "system", "service nginx", "deployment web-1". */
export function targetLabel(report: Pick<DiagnosisReport, 'kind' | 'target'>): string {
  return report.target ? `${report.kind} ${report.target}` : report.kind;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l, i) => (i === 0 ? l : `${prefix}${l}`))
    .join('\n');
}

/**
 * A finding's headline as the report prints it ("  ✗ Title [check]", "  ✓ Title - evidence"), on one
 * line: what a terminal shows while the other checks still run.
 */
export function findingLine(f: Finding): string {
  const s = style();
  if (f.severity === 'ok') return `  ${s.green('✓')} ${f.title}${f.evidence ? s.dim(` - ${f.evidence.split('\n')[0]}`) : ''}`;
  if (f.severity === 'skipped') return `  ${s.dim(`- ${f.title}${m('colon')} ${f.evidence.split('\n')[0]}`)}`;
  const mark = f.severity === 'critical' ? s.red('✗') : f.severity === 'warning' ? s.yellow('!') : s.cyan('i');
  return `  ${mark} ${s.bold(f.title)} ${s.dim(`[${f.check}]`)}`;
}

/** The human report: problems first with evidence and fix, then ok and skipped one line each, then the summary. */
export function renderText(report: DiagnosisReport, min?: Severity): string {
  const s = style();
  const shown = filterBySeverity(report.findings, min);
  // The kind is a word of the sentence (French: "du système", "du déploiement"), not an identifier.
  const title = ['system', 'service', 'deployment'].includes(report.kind) ? m(`title_${report.kind as 'system' | 'service' | 'deployment'}`, { target: report.target ?? '' }) : m('title', { target: targetLabel(report) });
  const lines: string[] = [s.bold(title), ''];
  const groups: [Severity, string, (x: string) => string][] = [
    ['critical', m('headCritical'), s.red.bold],
    ['warning', m('headWarning'), s.yellow.bold],
    ['info', m('headInfo'), s.cyan.bold],
    ['ok', m('headOk'), s.green.bold],
    ['skipped', m('headSkipped'), s.dim],
  ];
  for (const [severity, head, paint] of groups) {
    const list = shown.filter((f) => f.severity === severity);
    if (!list.length) continue;
    lines.push(paint(`${head} (${list.length})`));
    for (const f of list) {
      if (severity === 'ok') {
        lines.push(findingLine(f));
      } else if (severity === 'skipped') {
        lines.push(`  ${s.dim(`- ${f.title}${m('colon')} ${f.evidence}`)}`);
      } else {
        lines.push(findingLine(f));
        lines.push(`      ${s.dim(m('evidence'))} ${indent(f.evidence, '        ')}`);
        if (f.fix) lines.push(`      ${s.dim(m('fix'))} ${indent(f.fix, '        ')}`);
        if (f.docs) lines.push(`      ${s.dim(m('docs'))} ${f.docs}`);
      }
    }
    lines.push('');
  }
  if (!report.findings.length) lines.push(m('nothing'), '');
  const hidden = report.findings.length - shown.length;
  const summary = `${summaryLine(report.counts)}  ${s.dim(m('took', { seconds: (report.durationMs / 1000).toFixed(1) }))}`;
  const paint = report.status === 'critical' ? s.red.bold : report.status === 'warning' ? s.yellow.bold : s.green.bold;
  lines.push(paint(summary));
  if (hidden > 0 && min) lines.push(s.dim(m('filtered', { severity: m(`sev_${min}`), hidden })));
  return lines.join('\n');
}

/** The --output json document: { target, status, problems, summary, findings }. */
export function toDocument(report: DiagnosisReport, min?: Severity) {
  const findings = filterBySeverity(report.findings, min);
  return {
    // The system is this host: name it, so reports gathered from several machines say which is which.
    target: { kind: report.kind, name: report.target ?? (report.kind === 'system' ? os.hostname() : undefined) },
    status: report.status,
    problems: report.counts.critical + report.counts.warning,
    summary: report.counts,
    duration_ms: report.durationMs,
    findings: findings.map((f) => ({ check: f.check, severity: f.severity, title: f.title, evidence: f.evidence, fix: f.fix, ...(f.docs ? { docs: f.docs } : {}) })),
  };
}
