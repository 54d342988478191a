import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';
import type { Finding, Severity } from '../services/diagnose/types.js';

const m = defineMessages({
  en: {
    badService: 'malformed service name "{name}"',
    badServiceHint: 'A service name is a systemd unit or process name: letters, digits and @ . _ : + - (e.g. nginx, php8.2-fpm, getty@tty1).',
    badDeployment: 'malformed deployment id "{id}"',
    badDeploymentHint: 'Deployment ids are letters, digits and . _ - ; list them with: cloudya deploy list-deployments',
    badOnly: 'unknown check "{id}" for {kind}',
    didYouMean: 'did you mean "{suggestion}"? Checks for {kind}: {list}',
    listChecks: 'Checks for {kind}: {list}',
    badPorts: 'invalid port "{port}" in --ports (expected numbers 1-65535, comma-separated)',
    badPortsHint: 'e.g. --ports 80,443',
    noDeploymentChecks: 'no deployment check is installed in this version of Cloudya',
    noDeploymentChecksHint: 'Deployment diagnosis arrives with deployments; meanwhile: cloudya diagnose system',
    unknownDeployment: 'unknown deployment "{id}"',
    unknownDeploymentHint: 'List deployments with: cloudya deploy list-deployments',
    progress: '[{done}/{total}] {title}',
    soFar: '{count} problem(s) so far, latest:',
    partial: 'Interrupted after {done} of {total} checks: the findings above are partial.',
    kind_system: 'system',
    kind_service: 'service',
    kind_deployment: 'deployment',
  },
  fr: {
    badService: 'nom de service mal formé « {name} »',
    badServiceHint: "Un nom de service est un nom d'unité systemd ou de processus : lettres, chiffres et @ . _ : + - (ex. nginx, php8.2-fpm, getty@tty1).",
    badDeployment: 'identifiant de déploiement mal formé « {id} »',
    badDeploymentHint: 'Les identifiants sont faits de lettres, chiffres et . _ - ; listez-les avec : cloudya deploy list-deployments',
    badOnly: 'vérification inconnue « {id} » pour {kind}',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? Vérifications pour {kind} : {list}',
    listChecks: 'Vérifications pour {kind} : {list}',
    badPorts: 'port invalide « {port} » dans --ports (nombres 1-65535 séparés par des virgules)',
    badPortsHint: 'par ex. --ports 80,443',
    noDeploymentChecks: "aucune vérification de déploiement n'est installée dans cette version de Cloudya",
    noDeploymentChecksHint: 'Le diagnostic des déploiements arrive avec les déploiements ; en attendant : cloudya diagnose system',
    unknownDeployment: 'déploiement inconnu « {id} »',
    unknownDeploymentHint: 'Listez les déploiements avec : cloudya deploy list-deployments',
    progress: '[{done}/{total}] {title}',
    soFar: '{count} problème(s) jusqu’ici, dernier :',
    partial: 'Interrompu après {done} vérifications sur {total} : les constats ci-dessus sont partiels.',
    kind_system: 'le système',
    kind_service: 'un service',
    kind_deployment: 'un déploiement',
  },
});

export default defineCommand({
  summary: { en: 'Find what is wrong on this host, a service or a deployment, with evidence and fixes', fr: 'Trouver ce qui ne va pas sur cet hôte, un service ou un déploiement, avec constats et correctifs' },
  actions: {
    system: { summary: { en: 'Check this host: disks, memory, swap, OOM, load, processes, limits, network, clock, DNS...', fr: 'Vérifier cet hôte : disques, mémoire, swap, OOM, charge, processus, limites, réseau, horloge, DNS...' } },
    service: { summary: { en: 'Check one service: unit, processes, ports, errors, config test, resources', fr: 'Vérifier un service : unité, processus, ports, erreurs, test de configuration, ressources' }, args: 'NAME', minArgs: 1, maxArgs: 1 },
    deployment: { summary: { en: 'Check one deployment: state, last run errors, drift, reachability', fr: 'Vérifier un déploiement : état, erreurs du dernier passage, dérive, joignabilité' }, args: 'ID', minArgs: 1, maxArgs: 1 },
  },
  defaultAction: 'system',
  options: {
    only: { type: 'string', valueName: 'ID,...', description: { en: 'Run only these checks (comma-separated ids)', fr: 'Ne lancer que ces vérifications (identifiants séparés par des virgules)' } },
    severity: { type: 'string', choices: ['ok', 'info', 'warning', 'critical'], description: { en: 'Show only findings at or above this severity', fr: "N'afficher que les constats de cette gravité ou plus" } },
    timeout: { type: 'number', min: 1, valueName: 'SECONDS', description: { en: 'Per-check time limit (default: diagnose.timeout_seconds)', fr: 'Durée maximale par vérification (défaut : diagnose.timeout_seconds)' } },
    'service-config': { type: 'string', valueName: 'FILE', actions: ['service'], description: { en: "Test this configuration file instead of the service's default one", fr: 'Tester ce fichier de configuration au lieu de celui du service' } },
    ports: { type: 'string', valueName: 'PORT,...', actions: ['service'], description: { en: 'TCP ports the service must listen on (default: from its configuration)', fr: 'Ports TCP sur lesquels le service doit écouter (défaut : selon sa configuration)' } },
  },
  examples: [
    'cloudya diagnose system',
    'cloudya diagnose system --severity warning',
    'cloudya diagnose system --only disk-space,disk-inodes --output json',
    'cloudya diagnose service nginx',
    'cloudya diagnose service nginx --service-config /etc/nginx/nginx.conf --ports 80,443',
    'cloudya diagnose deployment web-1',
  ],
  notes: {
    en: 'Exit status: 3 when a critical finding exists (for cron and CI), 0 otherwise, 2 for a malformed name. Checks that cannot run on this host (no systemd, no permission, container) are reported as skipped with the reason.',
    fr: "Code de sortie : 3 si un constat critique existe (pour cron et la CI), 0 sinon, 2 pour un nom mal formé. Les vérifications impossibles sur cet hôte (pas de systemd, pas de droit, conteneur) sont signalées comme ignorées, avec la raison.",
  },
  async run(ctx) {
    const { UsageError, CloudyaError, ExitCode } = await import('../core/errors.js');
    const { closest } = await import('../core/suggest.js');
    const { diagnose, checkIds, summarize } = await import('../services/diagnose/engine.js');
    const { renderText, toDocument, findingLine, filterBySeverity } = await import('../services/diagnose/report.js');
    const { isServiceName, isDeploymentId, parsePorts } = await import('../services/diagnose/target.js');
    const kind = (ctx.action ?? 'system') as 'system' | 'service' | 'deployment';
    const target = ctx.args[0];
    if (kind === 'service' && !isServiceName(target)) throw new UsageError(m('badService', { name: target }), { hint: m('badServiceHint'), code: 'bad_service_name' });
    if (kind === 'deployment' && !isDeploymentId(target)) throw new UsageError(m('badDeployment', { id: target }), { hint: m('badDeploymentHint'), code: 'bad_deployment_id' });

    let ports: number[] | undefined;
    if (typeof ctx.options.ports === 'string') {
      try {
        ports = parsePorts(ctx.options.ports);
      } catch (err) {
        throw new UsageError(m('badPorts', { port: (err as Error).message }), { flag: '--ports', hint: m('badPortsHint'), code: 'bad_value' });
      }
    }
    const ids = await checkIds(kind);
    let resolved = target;
    if (kind === 'deployment') {
      if (!ids.length) throw new CloudyaError(m('noDeploymentChecks'), { hint: m('noDeploymentChecksHint'), code: 'no_deployment_checks' });
      const { resolveDeploymentId } = await import('../services/diagnose/deployment-target.js');
      resolved = await resolveDeploymentId(target, ctx.env, m('unknownDeployment', { id: target }), m('unknownDeploymentHint'));
    }
    let only: string[] | undefined;
    if (typeof ctx.options.only === 'string') {
      only = ctx.options.only.split(',').map((s) => s.trim()).filter(Boolean);
      for (const id of only) {
        if (ids.includes(id)) continue;
        const suggestion = closest(id, ids);
        const kindText = m(`kind_${kind}`);
        throw new UsageError(m('badOnly', { id, kind: kindText }), {
          flag: '--only',
          hint: suggestion ? m('didYouMean', { suggestion, kind: kindText, list: ids.join(', ') }) : m('listChecks', { kind: kindText, list: ids.join(', ') }),
          code: 'unknown_check',
        });
      }
    }
    const config = ctx.config(ctx.options.timeout !== undefined ? { 'diagnose.timeout_seconds': ctx.options.timeout } : {});
    const live = ctx.global.output === 'text' && !!ctx.io.stderr.isTTY;
    const { style } = await import('../core/style.js');
    const columns = Math.max(20, (ctx.io.stderr as { columns?: number }).columns ?? 80);
    // Findings are listed as their checks end, each on one row above the progress line, and erased
    // before the full report: never more rows than the screen holds, or the erase could not reach them.
    const maxStreamed = Math.max(0, ((ctx.io.stderr as { rows?: number }).rows ?? 24) - 2);
    let streamed = 0;
    // One terminal line, rewritten in place: longer, it would wrap and leave its start behind.
    const fitLine = (text: string, width: number) => {
      const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
      return plain.length > width ? `${plain.slice(0, Math.max(0, width - 1))}…` : text;
    };
    let problems = 0;
    let latest = '';
    const clearLive = () => {
      ctx.io.stderr.write(`\r\x1b[2K${streamed ? `\x1b[${streamed}A\x1b[J` : ''}`);
      streamed = 0;
    };
    const severity = ctx.options.severity as Severity | undefined;
    let done = 0;
    let total = 0;
    const started = Date.now();
    const found: Finding[] = [];
    const run = diagnose(
      {
        kind,
        target: resolved,
        config,
        env: ctx.env,
        signal: ctx.signal,
        only,
        options: { serviceConfig: typeof ctx.options['service-config'] === 'string' ? ctx.options['service-config'] : undefined, ports },
      },
      (e) => {
        if (e.type === 'start') total = e.checks.length;
        if (e.type === 'check-done') {
          found.push(...e.findings);
          done++;
        }
        if (!live) return;
        if (e.type === 'check-done') {
          // Findings show as soon as their check ends (the slowest checks sample for a second or more),
          // above one progress line naming the latest problem; the full report replaces them all.
          for (const f of filterBySeverity(e.findings, severity)) {
            if (streamed >= maxStreamed) break;
            ctx.io.stderr.write(`\r\x1b[2K${fitLine(findingLine(f), columns - 1)}\n`);
            streamed++;
          }
          for (const f of e.findings) {
            if (f.severity !== 'critical' && f.severity !== 'warning') continue;
            problems++;
            latest = `${f.severity === 'critical' ? style().red('✗') : style().yellow('!')} ${f.title}`;
          }
          const head = m('progress', { done, total, title: e.check.title });
          const tail = latest ? ` · ${m('soFar', { count: problems })} ${latest}` : '';
          ctx.io.stderr.write(`\r\x1b[2K${fitLine(head + tail, columns - 1)}`);
        }
        if (e.type === 'done') clearLive();
      },
    );
    let report: Awaited<typeof run>;
    try {
      report = await run;
    } catch (err) {
      // Ctrl+C: what was already found is still worth reading (text mode; JSON keeps its one error document).
      if (live) clearLive();
      if (ctx.signal.aborted && found.length && ctx.global.output === 'text') {
        ctx.io.stdout.write(`${renderText(summarize({ kind, target: resolved }, found, Date.now() - started), severity)}\n${m('partial', { done, total })}\n`);
      }
      throw err;
    }
    return {
      data: toDocument(report, severity),
      text: renderText(report, severity),
      exitCode: report.counts.critical > 0 ? ExitCode.PROBLEMS : ExitCode.OK,
    };
  },
});
