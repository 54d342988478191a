import { defineCommand, type CommandContext } from '../core/command.js';
import { defineMessages, getLang } from '../core/i18n.js';
import type { CommandResult } from '../core/output.js';
import type { TargetRequest } from '../services/apps/target.js';
import type { AppEvent } from '../services/apps/operations.js';
import type { AppInfo, Installation, InstallationStatus } from '../services/apps/types.js';
import type { TemplateParam } from '../services/terraform/types.js';

const m = defineMessages({
  en: {
    noApps: 'No apps found.',
    userLegend: '* your app, from {dir}',
    colName: 'NAME',
    colTitle: 'TITLE',
    colPlatforms: 'PLATFORMS',
    colDescription: 'DESCRIPTION',
    colId: 'ID',
    colApp: 'APP',
    colTarget: 'TARGET',
    colStatus: 'STATUS',
    colUrl: 'URL',
    colHealth: 'HEALTH',
    source: 'Source',
    platforms: 'Platforms',
    services: 'Services',
    installs: 'Installs',
    parameters: 'Parameters',
    outputs: 'Outputs',
    health: 'Health check',
    required: 'required',
    sensitive: 'sensitive',
    defaultIs: 'default {value}',
    oneOf: 'one of {choices}',
    builtin: 'built-in',
    user: 'user',
    overrides: 'user app, hides the built-in {dir}',
    noInstallations: 'No installations yet. Try: cloudya app install static-site --target local --params port=8080',
    unreadable: 'installation record left out, it cannot be read: {record}',
    probing: 'Checking that {target} answers over SSH...',
    created: 'Installation {id} ({app}) on {target}, in {dir}',
    checking: 'Check mode: nothing will change and nothing is recorded.',
    play: '▸ {play}',
    task: '  [{index}/{total}] {task}',
    taskNoTotal: '  [{index}] {task}',
    hostFailed: '  ✗ {host}: {message}',
    hostUnreachable: '  ✗ {host} unreachable: {message}',
    retry: '  ... {task}: retry {attempt}/{retries}',
    healthOk: 'Health check {url}: up (HTTP {status})',
    healthBad: 'Health check {url}: DOWN ({error})',
    resultInstalled: '{app} installed as {id} on {target} in {elapsed}s ({stats}).',
    resultUninstalled: '{app} ({id}) uninstalled from {target} in {elapsed}s ({stats}).',
    resultChecked: 'Check run of {app} on {target} finished in {elapsed}s: {stats}; nothing was changed.',
    resultDeclined: 'Nothing installed, nothing recorded.',
    rerunDeclined: 'Not run again: installation {id} stays as it was.',
    stats: '{ok} ok, {changed} changed, {failed} failed, {skipped} skipped',
    url: 'URL: {url}',
    failed: '{op} of {app} ({id}) failed at task "{task}" on {host}: {message}',
    failedNoTask: '{op} of {app} ({id}) failed: {message}',
    checkFailed: 'check run of {app} failed at task "{task}" on {host}: {message}',
    unhealthy: '{app} ({id}) was installed but does not answer: {error}',
    unhealthyHint: 'see cloudya app logs {id}; check again with cloudya app status {id}',
    interrupted: 'Installation {id} interrupted.',
    confirmInstall: 'Install {app} on {target}?',
    confirmUninstall: 'Uninstall {app} ({id}) from {target}?',
    notUninstalled: 'Nothing removed.',
    alreadyUninstalled: 'Installation {id} is already uninstalled; nothing to do.',
    noUninstall: 'app {app} has no uninstall.yml: Cloudya cannot remove it',
    noUninstallHint: 'remove it by hand on {target}',
    needsYes: 'confirmation needed before installing, but there is no terminal to ask on',
    needsYesHint: 'add --yes to go ahead without asking, or --check to see what would change',
    needsName: 'which app? Give its name (cloudya app install NAME) or an installation to run again (--id ID)',
    needsNameHint: 'cloudya app list shows the apps',
    nameAndId: 'give an app name or --id, not both',
    needsId: 'which installation? Give --id ID (cloudya app status lists them)',
    healthNone: 'no health check',
    healthUp: 'up',
    healthDown: 'down',
    status: 'Status',
    app: 'App',
    target: 'Target',
    platform: 'Platform',
    params: 'Parameters',
    createdAt: 'Created',
    updatedAt: 'Updated',
    lastOp: 'Last operation',
    failedTask: 'Failed task',
    errors: 'Errors',
    noLog: 'No operations logged yet.',
    st_installing: 'installing',
    st_installed: 'installed',
    st_failed: 'failed',
    st_uninstalling: 'uninstalling',
    st_uninstalled: 'uninstalled',
    st_interrupted: 'interrupted',
    op_install: 'install',
    op_uninstall: 'uninstall',
    diagnoseHint: 'check one with: cloudya diagnose service {name} (live: cloudya monitor --service {name})',
  },
  fr: {
    noApps: 'Aucune application trouvée.',
    userLegend: '* votre application, dans {dir}',
    colName: 'NOM',
    colTitle: 'TITRE',
    colPlatforms: 'PLATEFORMES',
    colDescription: 'DESCRIPTION',
    colId: 'ID',
    colApp: 'APPLICATION',
    colTarget: 'CIBLE',
    colStatus: 'ÉTAT',
    colUrl: 'URL',
    colHealth: 'SANTÉ',
    source: 'Source',
    platforms: 'Plateformes',
    services: 'Services',
    installs: 'Installe',
    parameters: 'Paramètres',
    outputs: 'Sorties',
    health: 'Vérification de santé',
    required: 'requis',
    sensitive: 'sensible',
    defaultIs: 'défaut {value}',
    oneOf: 'parmi {choices}',
    builtin: 'intégrée',
    user: 'utilisateur',
    overrides: "application utilisateur, masque l'application intégrée {dir}",
    noInstallations: 'Aucune installation. Essayez : cloudya app install static-site --target local --params port=8080',
    unreadable: "fiche d'installation illisible, laissée de côté : {record}",
    probing: 'Vérification que {target} répond en SSH...',
    created: 'Installation {id} ({app}) sur {target}, dans {dir}',
    checking: "Mode vérification : rien ne sera modifié ni enregistré.",
    play: '▸ {play}',
    task: '  [{index}/{total}] {task}',
    taskNoTotal: '  [{index}] {task}',
    hostFailed: '  ✗ {host} : {message}',
    hostUnreachable: '  ✗ {host} injoignable : {message}',
    retry: '  ... {task} : nouvel essai {attempt}/{retries}',
    healthOk: 'Vérification de santé {url} : en service (HTTP {status})',
    healthBad: 'Vérification de santé {url} : HORS SERVICE ({error})',
    resultInstalled: '{app} installée ({id}) sur {target} en {elapsed} s ({stats}).',
    resultUninstalled: '{app} ({id}) désinstallée de {target} en {elapsed} s ({stats}).',
    resultChecked: 'Vérification de {app} sur {target} terminée en {elapsed} s : {stats} ; rien n’a été modifié.',
    resultDeclined: 'Rien installé, rien enregistré.',
    rerunDeclined: "Pas relancée : l'installation {id} reste telle quelle.",
    stats: '{ok} ok, {changed} modifiées, {failed} en échec, {skipped} ignorées',
    url: 'URL : {url}',
    failed: '{op} de {app} ({id}) en échec à la tâche « {task} » sur {host} : {message}',
    failedNoTask: '{op} de {app} ({id}) en échec : {message}',
    checkFailed: 'vérification de {app} en échec à la tâche « {task} » sur {host} : {message}',
    unhealthy: '{app} ({id}) est installée mais ne répond pas : {error}',
    unhealthyHint: 'voir cloudya app logs {id} ; revérifiez avec cloudya app status {id}',
    interrupted: 'Installation {id} interrompue.',
    confirmInstall: 'Installer {app} sur {target} ?',
    confirmUninstall: 'Désinstaller {app} ({id}) de {target} ?',
    notUninstalled: 'Rien n’a été retiré.',
    alreadyUninstalled: "L'installation {id} est déjà désinstallée ; rien à faire.",
    noUninstall: "l'application {app} n'a pas de uninstall.yml : Cloudya ne peut pas la retirer",
    noUninstallHint: 'retirez-la à la main sur {target}',
    needsYes: "confirmation nécessaire avant d'installer, mais aucun terminal pour la demander",
    needsYesHint: 'ajoutez --yes pour continuer sans demander, ou --check pour voir ce qui changerait',
    needsName: 'quelle application ? Donnez son nom (cloudya app install NOM) ou une installation à relancer (--id ID)',
    needsNameHint: 'cloudya app list montre les applications',
    nameAndId: 'donnez un nom d’application ou --id, pas les deux',
    needsId: 'quelle installation ? Donnez --id ID (cloudya app status les liste)',
    healthNone: 'pas de vérification',
    healthUp: 'en service',
    healthDown: 'hors service',
    status: 'État',
    app: 'Application',
    target: 'Cible',
    platform: 'Plateforme',
    params: 'Paramètres',
    createdAt: 'Créée',
    updatedAt: 'Modifiée',
    lastOp: 'Dernière opération',
    failedTask: 'Tâche en échec',
    errors: 'Erreurs',
    noLog: 'Aucune opération journalisée.',
    st_installing: 'installation',
    st_installed: 'installée',
    st_failed: 'en échec',
    st_uninstalling: 'désinstallation',
    st_uninstalled: 'désinstallée',
    st_interrupted: 'interrompue',
    op_install: 'installation',
    op_uninstall: 'désinstallation',
    diagnoseHint: 'vérifiez-en un avec : cloudya diagnose service {name} (en direct : cloudya monitor --service {name})',
  },
});

/** A label followed by a colon, with the space French typography puts before it. */
function label(key: Parameters<typeof m>[0]): string {
  return `${m(key)}${getLang() === 'fr' ? ' :' : ':'}`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

const statusLabel = (s: InstallationStatus) => m(`st_${s}`);

async function services() {
  const [catalog, params, store, ops, status, prepare, paths, given, errors] = await Promise.all([
    import('../services/apps/catalog.js'),
    import('../services/apps/params.js'),
    import('../services/apps/store.js'),
    import('../services/apps/operations.js'),
    import('../services/apps/status.js'),
    import('../services/apps/prepare.js'),
    import('../core/paths.js'),
    import('../services/terraform/given.js'),
    import('../core/errors.js'),
  ]);
  return { catalog, params, store, ops, status, prepare, paths, given, errors };
}
type Services = Awaited<ReturnType<typeof services>>;

function paramDoc(p: TemplateParam) {
  return {
    name: p.name,
    description: p.description,
    type: p.type,
    default: p.sensitive && p.default !== undefined && p.default !== '' ? '****' : (p.default ?? null),
    required: p.required,
    sensitive: p.sensitive,
    ...(p.choices ? { choices: p.choices } : {}),
  };
}

/** The JSON shape of an installation (what status, install and uninstall print). */
function installationDoc(i: Installation, status: InstallationStatus = i.status) {
  const last = i.operations[i.operations.length - 1];
  return {
    id: i.id,
    app: i.app,
    platform: i.platform,
    target: i.target,
    status,
    url: i.outputs.url ?? null,
    outputs: i.outputs,
    params: i.params,
    health: i.health ?? null,
    services: i.services,
    created: i.created,
    updated: i.updated,
    last_operation: last ?? null,
    dir: i.dir,
  };
}

/** Where to install, as the options say it: --inventory, --deployment, --target (none: this machine), --ssh-key, --platform. */
function targetRequest(ctx: CommandContext): TargetRequest {
  const text = (k: string) => (ctx.options[k] === undefined ? undefined : String(ctx.options[k]));
  return { target: text('target'), inventory: text('inventory'), deployment: text('deployment'), sshKey: text('ssh-key'), platform: text('platform') };
}

/** Fails before anything runs when a confirmation could never be answered. */
function requireAnswerable(ctx: CommandContext, s: Services): void {
  if (ctx.global.yes || ctx.options.check === true || ctx.io.stdin.isTTY) return;
  throw new s.errors.CloudyaError(m('needsYes'), { hint: m('needsYesHint'), code: 'confirmation_required' });
}

async function ansibleSettings(ctx: CommandContext, s: Services) {
  return s.prepare.ansibleSettings(ctx.config().get<string>('ansible_path'), ctx.env);
}

interface Outcome {
  done: Extract<AppEvent, { type: 'done' }>;
  elapsed: number;
}

/** Streams an operation: live progress on stderr (text) or NDJSON events (json); returns the final event. */
async function follow(ctx: CommandContext, stream: AsyncGenerator<AppEvent, unknown>, clock: { waitedMs: number }): Promise<Outcome> {
  const json = ctx.global.output === 'json';
  const { RunProgress } = await import('../services/apps/progress.js');
  const progress = new RunProgress();
  const err = (line: string) => {
    if (!json) ctx.io.stderr.write(`${line}\n`);
  };
  let done: Outcome['done'] | undefined;
  const t0 = Date.now();
  for await (const ev of stream) {
    if (ev.type === 'done') {
      done = ev;
      continue;
    }
    if (ev.type === 'ansible') progress.update(ev.event);
    if (json) {
      if (ev.type === 'ansible') ctx.emit({ ...ev.event, ...(ev.id ? { installation: ev.id } : {}) });
      else {
        const { id, ...rest } = ev as AppEvent & { id?: string };
        ctx.emit({ ...rest, ...(id ? { installation: id } : {}) });
      }
      continue;
    }
    switch (ev.type) {
      case 'created':
        ctx.progress(m('created', { id: ev.id, app: ev.app, target: ev.target, dir: ev.dir }));
        break;
      case 'health':
        err(ev.health.ok ? m('healthOk', { url: ev.health.url, status: ev.health.http_status ?? '?' }) : m('healthBad', { url: ev.health.url, error: ev.health.error ?? '?' }));
        break;
      case 'ansible': {
        const e = ev.event;
        const v = progress.view;
        if (e.type === 'play_start') err(m('play', { play: e.play }));
        else if (e.type === 'task_start') err(v.total && v.index <= v.total ? m('task', { index: v.index, total: v.total, task: e.task }) : m('taskNoTotal', { index: v.index, task: e.task }));
        else if (e.type === 'failed' && !e.ignored) err(m('hostFailed', { host: e.host, message: e.noLog ? '(no_log)' : (e.msg ?? e.stderr ?? `rc=${e.rc ?? '?'}`) }));
        else if (e.type === 'unreachable') err(m('hostUnreachable', { host: e.host, message: e.msg ?? '' }));
        else if (e.type === 'retry') err(m('retry', { task: e.task, attempt: e.attempt ?? '?', retries: e.retries ?? '?' }));
        break;
      }
      default:
        break;
    }
  }
  return { done: done!, elapsed: Math.round((Date.now() - t0 - clock.waitedMs) / 1000) };
}

function statsText(st?: { ok: number; changed: number; failed: number; skipped: number; unreachable?: number }): string {
  if (!st) return '-';
  return m('stats', { ok: st.ok, changed: st.changed, failed: st.failed + (st.unreachable ?? 0), skipped: st.skipped });
}

/** Turns the end of an operation into the command's result and exit code. */
async function finish(ctx: CommandContext, s: Services, app: AppInfo, target: string, outcome: Outcome): Promise<CommandResult> {
  const { done, elapsed } = outcome;
  const inst = done.installation;
  const status = inst ? await s.status.effectiveInstallStatus(inst) : undefined;
  const next = inst && status ? s.status.installNextSteps(inst, status) : undefined;
  const unhealthy = done.result === 'installed' && inst?.health && !inst.health.ok;
  const code = done.result === 'failed' || unhealthy ? 1 : done.result === 'interrupted' ? 130 : 0;
  if (ctx.global.output === 'json') {
    ctx.emit({
      type: 'result',
      result: done.result,
      errors: done.errors,
      failed_task: done.failed_task ?? null,
      stats: done.stats ?? null,
      elapsed_seconds: elapsed,
      ...(next ? { next_steps: next } : {}),
      installation: inst ? installationDoc(inst, status) : null,
    });
    return { exitCode: code };
  }
  const op = m(inst?.operations[inst.operations.length - 1]?.op === 'uninstall' ? 'op_uninstall' : 'op_install');
  if (done.result === 'interrupted') {
    ctx.io.stderr.write(`${inst ? m('interrupted', { id: inst.id }) : ''}\n${next ?? ''}\n`);
    return { exitCode: 130 };
  }
  if (done.result === 'failed') {
    const f = done.failed_task;
    if (!inst) throw new s.errors.CloudyaError(f ? m('checkFailed', { app: app.id, task: f.task, host: f.host, message: f.message }) : m('failedNoTask', { op, app: app.id, id: '-', message: done.errors[0] ?? '?' }), { code: 'app_check_failed' });
    const message = f ? m('failed', { op: op[0].toUpperCase() + op.slice(1), app: inst.app, id: inst.id, task: f.task, host: f.host, message: f.message }) : m('failedNoTask', { op: op[0].toUpperCase() + op.slice(1), app: inst.app, id: inst.id, message: done.errors[0] ?? '?' });
    throw new s.errors.CloudyaError(message, { hint: next, code: 'app_failed' });
  }
  if (unhealthy) {
    throw new s.errors.CloudyaError(m('unhealthy', { app: inst!.app, id: inst!.id, error: `${inst!.health!.url}: ${inst!.health!.error ?? ''}` }), { hint: m('unhealthyHint', { id: inst!.id }), code: 'app_unhealthy' });
  }
  const lines: string[] = [];
  if (done.result === 'declined') lines.push(m('resultDeclined'));
  if (done.result === 'checked') lines.push(m('resultChecked', { app: app.id, target, elapsed, stats: statsText(done.stats) }));
  if (done.result === 'installed' && inst) {
    lines.push(m('resultInstalled', { app: inst.app, id: inst.id, target: inst.target, elapsed, stats: statsText(done.stats) }));
    if (inst.outputs.url) lines.push(m('url', { url: inst.outputs.url }));
  }
  if (done.result === 'uninstalled' && inst) lines.push(m('resultUninstalled', { app: inst.app, id: inst.id, target: inst.target, elapsed, stats: statsText(done.stats) }));
  return { data: inst ? installationDoc(inst, status) : null, text: lines.join('\n'), exitCode: code };
}

export default defineCommand({
  summary: { en: 'Install applications with Ansible (WordPress, LAMP, Nextcloud...), follow them, and remove them', fr: 'Installer des applications avec Ansible (WordPress, LAMP, Nextcloud...), les suivre et les retirer' },
  actions: {
    list: { summary: { en: 'List the apps (built-in and ~/.cloudya/templates/apps)', fr: 'Lister les applications (intégrées et ~/.cloudya/templates/apps)' } },
    show: { summary: { en: 'Show an app: parameters, platforms, what it installs, README', fr: 'Afficher une application : paramètres, plateformes, ce qu’elle installe, README' }, args: 'NAME', minArgs: 1, maxArgs: 1 },
    install: { summary: { en: 'Install an app on a target and follow it live (or run an installation again with --id)', fr: 'Installer une application sur une cible et suivre en direct (ou relancer une installation avec --id)' }, args: '[NAME]', minArgs: 0, maxArgs: 1 },
    status: { summary: { en: 'Every installation (or one) with its status, URL and a fresh health check', fr: 'Toutes les installations (ou une) avec état, URL et une vérification de santé à jour' }, args: '[ID]', minArgs: 0, maxArgs: 1 },
    logs: { summary: { en: "Print an installation's operation log", fr: "Afficher le journal des opérations d'une installation" }, args: 'ID', minArgs: 1, maxArgs: 1 },
    uninstall: { summary: { en: 'Remove an installed app (its uninstall playbook)', fr: 'Retirer une application installée (son playbook de désinstallation)' }, args: '[ID]', minArgs: 0, maxArgs: 1 },
  },
  defaultAction: 'list',
  options: {
    params: { type: 'string', multiple: true, valueName: 'K=V,K2=V2', description: { en: 'App parameters (repeatable; sensitive ones reach Ansible only through a private 0600 file and are never stored)', fr: 'Paramètres (répétable ; les sensibles ne passent à Ansible que par un fichier privé 0600 et ne sont jamais enregistrés)' }, actions: ['install'] },
    'params-file': { type: 'string', valueName: 'FILE', description: { en: 'YAML or JSON file of parameters (--params wins)', fr: 'Fichier YAML ou JSON de paramètres (--params prime)' }, actions: ['install'] },
    platform: { type: 'string', valueName: 'NAME', description: { en: 'local, aws, gcp, azure, openstack, proxmox, vmware, nutanix or ssh: the defaults for the target (SSH user...)', fr: 'local, aws, gcp, azure, openstack, proxmox, vmware, nutanix ou ssh : les réglages par défaut de la cible (utilisateur SSH...)' }, actions: ['install'] },
    target: { type: 'string', valueName: 'local|USER@HOST[:PORT]', description: { en: 'Where to install: this machine or a host over SSH', fr: 'Où installer : cette machine ou un hôte en SSH' }, actions: ['install'] },
    'ssh-key': { type: 'string', valueName: 'FILE', description: { en: 'Private key for --target/--deployment', fr: 'Clé privée pour --target/--deployment' }, actions: ['install'] },
    inventory: { type: 'string', valueName: 'FILE', description: { en: 'Install on the hosts of an Ansible inventory', fr: "Installer sur les hôtes d'un inventaire Ansible" }, actions: ['install'] },
    deployment: { type: 'string', valueName: 'ID', description: { en: "Install on a deployment's host (address and SSH user from its outputs)", fr: "Installer sur l'hôte d'un déploiement (adresse et utilisateur SSH d'après ses sorties)" }, actions: ['install'] },
    check: { type: 'boolean', description: { en: 'Run the playbook in check mode: show what would change, change and record nothing', fr: 'Lancer le playbook en mode vérification : montrer ce qui changerait, sans rien modifier ni enregistrer' }, actions: ['install'] },
    id: { type: 'string', valueName: 'ID', description: { en: 'The installation (app-1a2b3c)', fr: "L'installation (app-1a2b3c)" }, actions: ['install', 'uninstall'] },
    follow: { type: 'boolean', short: 'f', description: { en: 'Keep printing new log lines while an operation runs', fr: 'Continuer à afficher les nouvelles lignes tant qu’une opération tourne' }, actions: ['logs'] },
    tail: { type: 'number', integer: true, min: 1, valueName: 'N', description: { en: 'Only the last N log lines', fr: 'Seulement les N dernières lignes du journal' }, actions: ['logs'] },
  },
  examples: [
    'cloudya app list',
    'cloudya app show wordpress',
    'cloudya app install static-site --target local --params port=8080 --yes',
    'cloudya app install wordpress --platform aws --target ubuntu@203.0.113.10 --ssh-key ~/.ssh/id_ed25519 --params domain=monsite.com,admin_password=secret',
    'cloudya app install lamp --target local --params http_port=8081,db_name=shop --check',
    'cloudya app status',
    'cloudya app logs app-1a2b3c --follow',
    'cloudya app install --id app-1a2b3c --params admin_password=secret',
    'cloudya app uninstall --id app-1a2b3c --yes',
  ],
  notes: {
    en: 'Ansible runs with Cloudya\'s JSON-lines callback; with --output json every event is one NDJSON line and the last is {"type":"result",...}. Sensitive parameters (passwords) reach Ansible only through a 0600 vars file in a private folder, removed after the run; they are never stored, logged or put on a command line, so running an installation again asks for them. Ctrl+C stops Ansible and its whole process tree and marks the installation interrupted; "app status" says how to resume or uninstall. The ansible_path setting points at ansible-playbook.',
    fr: 'Ansible tourne avec le callback JSON-lines de Cloudya ; avec --output json chaque événement est une ligne NDJSON et la dernière est {"type":"result",...}. Les paramètres sensibles (mots de passe) ne passent à Ansible que par un fichier de variables 0600 dans un dossier privé, supprimé après l’exécution ; ils ne sont jamais enregistrés, journalisés ni mis sur une ligne de commande : relancer une installation les redemande. Ctrl+C arrête Ansible et tous ses processus et marque l’installation interrompue ; « app status » indique comment reprendre ou désinstaller. Le réglage ansible_path désigne ansible-playbook.',
  },
  async run(ctx) {
    const s = await services();
    const config = ctx.config();
    const roots = s.catalog.appRoots(config.get<string>('templates_dir'));
    const root = s.store.appsRoot(ctx.env);
    const clock = { waitedMs: 0 };
    const ask = async (message: string) => {
      const t = Date.now();
      try {
        return await ctx.confirm({ message, defaultAnswer: false });
      } finally {
        clock.waitedMs += Date.now() - t;
      }
    };

    switch (ctx.action) {
      case 'list': {
        const apps = await s.catalog.listApps(roots, (problem) => ctx.io.stderr.write(`${problem}\n`));
        const data = apps.map((a) => ({ name: a.id, title: a.name, description: a.description, platforms: a.platforms, source: a.source, services: a.services, parameters: a.parameters.map(paramDoc) }));
        const text = apps.length
          ? table([[m('colName'), m('colTitle'), m('colPlatforms'), m('colDescription')], ...apps.map((a) => [a.id + (a.source === 'user' ? '*' : ''), a.name, a.platforms.join(','), a.description])]) + (apps.some((a) => a.source === 'user') ? `\n${m('userLegend', { dir: roots.user ?? '' })}` : '')
          : m('noApps');
        return { data, text };
      }
      case 'show': {
        const a = await s.catalog.findApp(roots, ctx.args[0]);
        const lines = [`${a.name} (${a.id})`, a.description, '', `${label('source')} ${m(a.source === 'user' ? 'user' : 'builtin')} ${a.dir}${a.overrides ? ` - ${m('overrides', { dir: a.overrides })}` : ''}`, `${label('platforms')} ${a.platforms.join(', ')}`];
        if (a.services.length) lines.push(`${label('services')} ${a.services.join(', ')}`);
        if (a.installs.length) lines.push(`${label('installs')}`, ...a.installs.map((x) => `  - ${x}`));
        lines.push('', label('parameters'));
        for (const p of a.parameters) {
          const tags = [p.type, p.required ? m('required') : p.default !== undefined ? m('defaultIs', { value: JSON.stringify(p.sensitive ? '****' : p.default) }) : '', p.sensitive ? m('sensitive') : '', p.choices ? m('oneOf', { choices: p.choices.join('|') }) : ''].filter(Boolean);
          lines.push(`  ${p.name}  [${tags.join(', ')}]`, `      ${p.description}`);
        }
        if (Object.keys(a.outputs).length) lines.push('', label('outputs'), ...Object.entries(a.outputs).map(([k, v]) => `  ${k} = ${v}`));
        if (a.health) lines.push(`${label('health')} GET ${a.health.url}${a.health.contains ? ` ("${a.health.contains}")` : ''}`);
        if (a.readme) lines.push('', a.readme.trimEnd());
        return {
          data: { name: a.id, title: a.name, description: a.description, platforms: a.platforms, services: a.services, installs: a.installs, source: a.source, dir: a.dir, overrides: a.overrides ?? null, parameters: a.parameters.map(paramDoc), outputs: a.outputs, health: a.health ?? null, has_uninstall: a.hasUninstall, readme: a.readme ?? null },
          text: lines.join('\n'),
        };
      }
      case 'install': {
        const id = ctx.options.id as string | undefined;
        const name = ctx.args[0];
        if (id && name) throw new s.errors.UsageError(m('nameAndId'), { flag: 'id', code: 'bad_args' });
        if (!id && !name) throw new s.errors.UsageError(m('needsName'), { hint: m('needsNameHint'), code: 'app_required' });
        const given = await s.given.givenParams(ctx.options['params-file'] as string | undefined, ctx.options.params);
        if (id) return rerun(ctx, s, root, id, given, clock, ask);
        const app = await s.catalog.findApp(roots, name);
        const { values, masked, secrets, target, targetLabel, platform } = await s.prepare.checkInstall(app, given, targetRequest(ctx), ctx.env);
        const check = ctx.options.check === true;
        requireAnswerable(ctx, s);
        const ansible = await ansibleSettings(ctx, s);
        if (target.kind === 'ssh') ctx.progress(m('probing', { target: targetLabel }));
        if (check) ctx.progress(m('checking'));
        const stream = s.ops.installApp(
          { app, platform, target, targetLabel, values, masked, check, confirm: async (r) => r.check || ask(m('confirmInstall', { app: app.id, target: r.target })) },
          { root, ansible, secrets, signal: ctx.signal },
        );
        return finish(ctx, s, app, targetLabel, await follow(ctx, stream, clock));
      }
      case 'uninstall': {
        const id = (ctx.options.id as string | undefined) ?? ctx.args[0];
        if (!id) throw new s.errors.UsageError(m('needsId'), { code: 'installation_required' });
        const inst = await s.store.loadInstallation(root, id);
        if (inst.status === 'uninstalled') return { data: installationDoc(inst), text: m('alreadyUninstalled', { id: inst.id }) };
        const app = await s.catalog.loadApp(inst.app, s.store.installationFiles(root, inst.id).app, inst.app_source);
        if (!app.hasUninstall) throw new s.errors.CloudyaError(m('noUninstall', { app: inst.app }), { hint: m('noUninstallHint', { target: inst.target }), code: 'no_uninstall' });
        requireAnswerable(ctx, s);
        const ansible = await ansibleSettings(ctx, s);
        const { probeTarget } = await import('../services/ansible/probe.js');
        await probeTarget(inst.target_spec, s.store.installationFiles(root, inst.id).knownHosts, ctx.env, 8, ctx.signal);
        if (!(await ask(m('confirmUninstall', { app: inst.app, id: inst.id, target: inst.target })))) return { data: installationDoc(inst), text: m('notUninstalled'), exitCode: 1 };
        const stream = s.ops.runOperation(inst, app, 'uninstall', { root, ansible, secrets: {}, signal: ctx.signal });
        return finish(ctx, s, app, inst.target, await follow(ctx, stream, clock));
      }
      case 'status': {
        if (ctx.args[0]) return statusOne(ctx, s, root, ctx.args[0]);
        const { installations, problems } = await s.store.listInstallations(root);
        for (const p of problems) ctx.io.stderr.write(`${m('unreadable', { record: `${p.file}${p.line ? `:${p.line}` : ''} (${p.reason})` })}\n`);
        const rows = await Promise.all(installations.map((i) => refreshed(s, root, i)));
        const docs = rows.map(({ inst, status }) => installationDoc(inst, status));
        const healthText = (d: (typeof docs)[number]) => (d.status !== 'installed' || !d.health ? '-' : d.health.ok ? m('healthUp') : m('healthDown'));
        const text = docs.length ? table([[m('colId'), m('colApp'), m('colTarget'), m('colStatus'), m('colHealth'), m('colUrl')], ...docs.map((d) => [d.id, d.app, d.target, statusLabel(d.status), healthText(d), d.url ?? '-'])]) : m('noInstallations');
        return { data: docs, text, exitCode: problems.length ? 1 : 0 };
      }
      case 'logs': {
        const inst = await s.store.loadInstallation(root, ctx.args[0]);
        const { readOperationLog } = await import('../services/deployments/oplog.js');
        const file = s.store.installationFiles(root, inst.id).log;
        const tail = ctx.options.tail as number | undefined;
        if (ctx.options.follow === true) {
          // The follow reads the log itself: what it prints first and where it follows from must come from one read.
          await followLog(ctx, file, inst.dir, tail);
          return { exitCode: 0 };
        }
        const all = await readOperationLog(file);
        const lines = tail ? all.slice(-tail) : all;
        return { data: { id: inst.id, operations: inst.operations, lines }, text: lines.length ? lines.join('\n') : m('noLog') };
      }
      default:
        return undefined;
    }
  },
});

/** The effective status, and for an installed app a fresh health check saved in the record. */
async function refreshed(s: Services, root: string, inst: Installation): Promise<{ inst: Installation; status: InstallationStatus }> {
  const status = await s.status.effectiveInstallStatus(inst);
  if (status !== 'installed') return { inst, status };
  const app = await s.catalog.loadApp(inst.app, s.store.installationFiles(root, inst.id).app, inst.app_source).catch(() => undefined);
  const health = await s.ops.checkHealth(inst, app, root);
  if (health) {
    inst.health = health;
    // Only when no operation holds it: status never races a running install.
    const { isInstallLocked } = await import('../services/apps/lock.js');
    if (!(await isInstallLocked(inst.dir))) await s.store.saveInstallation(root, inst).catch(() => {});
  }
  return { inst, status };
}

async function statusOne(ctx: CommandContext, s: Services, root: string, id: string): Promise<CommandResult> {
  const { inst, status } = await refreshed(s, root, await s.store.loadInstallation(root, id));
  const last = inst.operations[inst.operations.length - 1];
  const lines = [
    inst.id,
    `  ${label('app')} ${inst.app}`,
    `  ${label('target')} ${inst.target}   ${label('platform')} ${inst.platform}`,
    `  ${label('status')} ${statusLabel(status)}`,
    `  ${label('createdAt')} ${inst.created}   ${label('updatedAt')} ${inst.updated}`,
    `  ${label('params')} ${Object.entries(inst.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ') || '-'}`,
  ];
  if (inst.outputs.url) lines.push(`  URL: ${inst.outputs.url}`);
  if (status === 'installed' && inst.health) lines.push(`  ${label('health')} ${inst.health.ok ? m('healthUp') : m('healthDown')} - ${inst.health.url}${inst.health.http_status ? ` HTTP ${inst.health.http_status}` : ''}${inst.health.error ? ` (${inst.health.error})` : ''} @ ${inst.health.checked}`);
  if (inst.services.length) lines.push(`  ${label('services')} ${inst.services.join(', ')} - ${m('diagnoseHint', { name: inst.services[0] })}`);
  if (last) lines.push(`  ${label('lastOp')} ${m(`op_${last.op}`)} ${last.result === 'running' && status === 'interrupted' ? 'interrupted' : last.result} (${last.started}${last.finished ? ` -> ${last.finished}` : ''})${last.stats ? ` - ${statsText(last.stats)}` : ''}`);
  if (last?.failed_task) lines.push(`  ${label('failedTask')} ${last.failed_task.task} @ ${last.failed_task.host}: ${last.failed_task.message}`);
  else if (last?.errors?.length) lines.push(`  ${label('errors')}`, ...last.errors.map((e) => `    - ${e}`));
  const next = s.status.installNextSteps(inst, status);
  lines.push('', next);
  const unhealthy = status === 'installed' && inst.health && !inst.health.ok;
  return { data: { ...installationDoc(inst, status), operations: inst.operations, next_steps: next }, text: lines.join('\n'), exitCode: unhealthy ? 1 : 0 };
}

/** Runs the install playbook again on an existing installation (resume, re-apply, idempotence check). */
async function rerun(ctx: CommandContext, s: Services, root: string, id: string, given: Record<string, unknown>, clock: { waitedMs: number }, ask: (message: string) => Promise<boolean>): Promise<CommandResult> {
  const inst = await s.store.loadInstallation(root, id);
  const files = s.store.installationFiles(root, inst.id);
  const app = await s.catalog.loadApp(inst.app, files.app, inst.app_source);
  const secrets = s.params.secretsAgain(app, inst.sensitive, given);
  const plainGiven = Object.fromEntries(Object.entries(given).filter(([k]) => !(k in secrets)));
  requireAnswerable(ctx, s);
  const ansible = await ansibleSettings(ctx, s);
  if (Object.keys(plainGiven).length) {
    // New non-secret values: checked like at creation, then stored.
    const { readFile } = await import('node:fs/promises');
    const { writeFileAtomically } = await import('../core/files.js');
    const { maskParams } = await import('../services/terraform/params.js');
    const check = s.params.resolveAppParams(app, plainGiven, { partial: true });
    const merged = { ...(JSON.parse(await readFile(files.vars, 'utf8')) as Record<string, unknown>), ...check };
    await writeFileAtomically(files.vars, `${JSON.stringify(merged, null, 2)}\n`, 0o600);
    inst.params = { ...inst.params, ...maskParams(app.parameters, check) };
    inst.outputs = s.ops.renderOutputs(app, inst.target_spec, merged);
  }
  const { probeTarget } = await import('../services/ansible/probe.js');
  if (inst.target_spec.kind === 'ssh') ctx.progress(m('probing', { target: inst.target }));
  await probeTarget(inst.target_spec, files.knownHosts, ctx.env, 8, ctx.signal);
  if (!(await ask(m('confirmInstall', { app: inst.app, target: inst.target })))) return { data: installationDoc(inst), text: m('rerunDeclined', { id: inst.id }), exitCode: 0 };
  const stream = s.ops.runOperation(inst, app, 'install', { root, ansible, secrets, signal: ctx.signal });
  return finish(ctx, s, app, inst.target, await follow(ctx, stream, clock));
}

/** Prints the log, then new lines as they come, until no operation holds the installation (or Ctrl+C). */
async function followLog(ctx: CommandContext, file: string, dir: string, tail: number | undefined): Promise<void> {
  const { followGrowingFile } = await import('../core/tail.js');
  const { isInstallLocked } = await import('../services/apps/lock.js');
  await followGrowingFile(file, { tail, isRunning: () => isInstallLocked(dir), out: (line) => ctx.emit({ line }, line), signal: ctx.signal });
}
