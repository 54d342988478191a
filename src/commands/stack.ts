import { defineCommand, type CommandContext } from '../core/command.js';
import { defineMessages, getLang } from '../core/i18n.js';
import type { CommandResult } from '../core/output.js';
import type { AppInfo } from '../services/apps/types.js';
import type { StackEvent } from '../services/stacks/run.js';
import type { StackRecord } from '../services/stacks/types.js';
import type { ParamValue, TemplateInfo } from '../services/terraform/types.js';

const m = defineMessages({
  en: {
    noStacks: 'No stacks found.',
    userLegend: '* your stack, from {dir}',
    colName: 'NAME',
    colInfra: 'INFRASTRUCTURE',
    colApp: 'APP',
    colDescription: 'DESCRIPTION',
    colId: 'ID',
    colStack: 'STACK',
    colStatus: 'STATUS',
    colUrl: 'URL',
    noRecords: 'No stacks deployed yet. Try: cloudya stack list',
    needsWhat: 'which stack? Give a name (cloudya stack deploy NAME), --template T --app A, or --resume ID',
    needsWhatHint: 'cloudya stack list shows the preconfigured stacks',
    nameAndTemplate: 'give a stack name or --template/--app, not both',
    needsBoth: '--template and --app go together',
    resumeAndMore: '--resume continues a recorded stack: give no name, --template or --app with it',
    needsYes: 'confirmation needed before creating infrastructure, but there is no terminal to ask on',
    needsYesHint: 'add --yes to go ahead without asking, or --plan-only to only see the plan',
    needsYesDestroy: 'confirmation needed before destroying, but there is no terminal to ask on',
    needsYesDestroyHint: 'add --yes to destroy without asking',
    noKey: 'SSH key not found: {file}',
    noKeyHint: 'give the private key file the host accepts',
    created: 'Stack {id}: {infra} + {app}',
    confirmApply: 'Apply this plan (deployment {id}), then install {app} on its host?',
    confirmDestroy: 'Destroy stack {id}: {parts}?',
    partUninstall: 'uninstall {app} ({inst}) from {target}',
    partKeepApp: 'app {app} ({inst}) goes with the host',
    partInfra: 'then destroy deployment {dep} ({count} resources)',
    phase: '▸ {phase}: {status}',
    phaseError: '▸ {phase}: {status} - {error}',
    sshWaiting: '  {target} does not answer SSH yet (attempt {attempt}, {waited}s): {error}; next try in {next}s',
    sshOk: '  {target} answers SSH (attempt {attempt}, {waited}s)',
    tfStart: '  {address}...',
    tfDone: '  ✓ {address} ({elapsed}s)',
    tfFailed: '  ✗ {address}',
    task: '  [{index}] {task}',
    hostFailed: '  ✗ {host}: {message}',
    healthOk: '  health {url}: up (HTTP {status})',
    healthBad: '  health {url}: DOWN ({error})',
    resultDeployed: 'Stack {id} deployed in {elapsed}s.',
    resultPlanned: 'Stack {id} planned; nothing was created. Deploy it with: cloudya stack deploy --resume {id}',
    resultDeclined: 'Not applied: nothing was created (stack {id}).',
    resultDestroyed: 'Stack {id} destroyed: {parts}.',
    failed: 'stack {id}: phase {phase} failed: {error}',
    interrupted: 'Stack {id} interrupted in phase {phase}.',
    next: 'see what exists: cloudya stack status {id}; continue: cloudya stack deploy --resume {id}; remove: cloudya stack destroy {id}',
    nextDestroy: 'see cloudya stack status {id}; run cloudya stack destroy {id} again to finish',
    destroyFailed: 'destroy of stack {id} failed: {error}',
    alreadyDestroyed: 'Stack {id} is already destroyed; nothing to do.',
    notDestroyed: 'Nothing destroyed.',
    busy: 'stack {id} is being worked on by process {pid}',
    busyHint: 'wait for it to end, or stop it (Ctrl+C) first',
    nothingToResume: 'stack {id} is {status}: nothing to resume',
    exists: 'What exists',
    existsInfra: 'deployment {dep}: {status}, {count} resources (they stay, and cost what they cost, until cloudya stack destroy {id})',
    existsApp: 'installation {inst}: {status} on {target}',
    existsNone: 'nothing was created',
    phases: 'Phases',
    outputs: 'Outputs',
    noLog: 'No operations logged yet.',
    logOf: '== {what} ==',
    apply: 'apply',
  },
  fr: {
    noStacks: 'Aucune pile trouvée.',
    userLegend: '* votre pile, dans {dir}',
    colName: 'NOM',
    colInfra: 'INFRASTRUCTURE',
    colApp: 'APPLICATION',
    colDescription: 'DESCRIPTION',
    colId: 'ID',
    colStack: 'PILE',
    colStatus: 'ÉTAT',
    colUrl: 'URL',
    noRecords: 'Aucune pile déployée. Essayez : cloudya stack list',
    needsWhat: 'quelle pile ? Donnez un nom (cloudya stack deploy NOM), --template T --app A, ou --resume ID',
    needsWhatHint: 'cloudya stack list montre les piles préconfigurées',
    nameAndTemplate: 'donnez un nom de pile ou --template/--app, pas les deux',
    needsBoth: '--template et --app vont ensemble',
    resumeAndMore: '--resume reprend une pile enregistrée : ne donnez ni nom, ni --template, ni --app avec',
    needsYes: "confirmation nécessaire avant de créer l'infrastructure, mais aucun terminal pour la demander",
    needsYesHint: 'ajoutez --yes pour continuer sans demander, ou --plan-only pour seulement voir le plan',
    needsYesDestroy: 'confirmation nécessaire avant de détruire, mais aucun terminal pour la demander',
    needsYesDestroyHint: 'ajoutez --yes pour détruire sans demander',
    noKey: 'clé SSH introuvable : {file}',
    noKeyHint: "donnez le fichier de clé privée que l'hôte accepte",
    created: 'Pile {id} : {infra} + {app}',
    confirmApply: 'Appliquer ce plan (déploiement {id}), puis installer {app} sur son hôte ?',
    confirmDestroy: 'Détruire la pile {id} : {parts} ?',
    partUninstall: 'désinstaller {app} ({inst}) de {target}',
    partKeepApp: "l'application {app} ({inst}) part avec l'hôte",
    partInfra: 'puis détruire le déploiement {dep} ({count} ressources)',
    phase: '▸ {phase} : {status}',
    phaseError: '▸ {phase} : {status} - {error}',
    sshWaiting: '  {target} ne répond pas encore en SSH (essai {attempt}, {waited} s) : {error} ; nouvel essai dans {next} s',
    sshOk: '  {target} répond en SSH (essai {attempt}, {waited} s)',
    tfStart: '  {address}...',
    tfDone: '  ✓ {address} ({elapsed} s)',
    tfFailed: '  ✗ {address}',
    task: '  [{index}] {task}',
    hostFailed: '  ✗ {host} : {message}',
    healthOk: '  santé {url} : en service (HTTP {status})',
    healthBad: '  santé {url} : HORS SERVICE ({error})',
    resultDeployed: 'Pile {id} déployée en {elapsed} s.',
    resultPlanned: "Pile {id} planifiée ; rien n'a été créé. Déployez-la avec : cloudya stack deploy --resume {id}",
    resultDeclined: "Non appliqué : rien n'a été créé (pile {id}).",
    resultDestroyed: 'Pile {id} détruite : {parts}.',
    failed: 'pile {id} : la phase {phase} a échoué : {error}',
    interrupted: 'Pile {id} interrompue pendant la phase {phase}.',
    next: 'voir ce qui existe : cloudya stack status {id} ; reprendre : cloudya stack deploy --resume {id} ; retirer : cloudya stack destroy {id}',
    nextDestroy: 'voir cloudya stack status {id} ; relancez cloudya stack destroy {id} pour terminer',
    destroyFailed: 'destruction de la pile {id} en échec : {error}',
    alreadyDestroyed: 'La pile {id} est déjà détruite ; rien à faire.',
    notDestroyed: "Rien n'a été détruit.",
    busy: 'la pile {id} est en cours de traitement par le processus {pid}',
    busyHint: "attendez qu'il se termine, ou arrêtez-le (Ctrl+C) d'abord",
    nothingToResume: 'la pile {id} est {status} : rien à reprendre',
    exists: 'Ce qui existe',
    existsInfra: "déploiement {dep} : {status}, {count} ressources (elles restent, et coûtent ce qu'elles coûtent, jusqu'à cloudya stack destroy {id})",
    existsApp: 'installation {inst} : {status} sur {target}',
    existsNone: "rien n'a été créé",
    phases: 'Phases',
    outputs: 'Sorties',
    noLog: 'Aucune opération journalisée.',
    logOf: '== {what} ==',
    apply: 'apply',
  },
});

function label(text: string): string {
  return `${text}${getLang() === 'fr' ? ' :' : ':'}`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

async function services() {
  const [manifest, store, run, tfCatalog, tfParams, tfSettings, appCatalog, appParams, appStore, appStatus, given, dStore, dStatus, dFormat, inventory, binary, paths, errors, platforms, start] = await Promise.all([
    import('../services/stacks/manifest.js'),
    import('../services/stacks/store.js'),
    import('../services/stacks/run.js'),
    import('../services/terraform/catalog.js'),
    import('../services/terraform/params.js'),
    import('../services/terraform/settings.js'),
    import('../services/apps/catalog.js'),
    import('../services/apps/params.js'),
    import('../services/apps/store.js'),
    import('../services/apps/status.js'),
    import('../services/terraform/given.js'),
    import('../services/deployments/store.js'),
    import('../services/deployments/status.js'),
    import('../services/deployments/format.js'),
    import('../services/ansible/inventory.js'),
    import('../services/ansible/binary.js'),
    import('../core/paths.js'),
    import('../core/errors.js'),
    import('../services/apps/platforms.js'),
    import('../services/stacks/start.js'),
  ]);
  return { manifest, store, run, tfCatalog, tfParams, tfSettings, appCatalog, appParams, appStore, appStatus, given, dStore, dStatus, dFormat, inventory, binary, paths, errors, platforms, start };
}
type Services = Awaited<ReturnType<typeof services>>;

interface Roots {
  stacks: string;
  deployments: string;
  apps: string;
  templates: ReturnType<Services['tfCatalog']['defaultRoots']>;
  appRoots: ReturnType<Services['appCatalog']['appRoots']>;
  stackRoots: ReturnType<Services['manifest']['stackRoots']>;
}

/** The JSON shape of a stack record. */
function stackDoc(r: StackRecord) {
  const { dir, connection: _c, ...rest } = r;
  return { ...rest, dir };
}

/** Values from --params-file (a mapping with "infra:" and "app:" sections), then --infra-params / --app-params. */
async function givenParams(ctx: CommandContext, s: Services): Promise<{ infra: Record<string, unknown>; app: Record<string, unknown> }> {
  const fileData = await s.given.givenParams(ctx.options['params-file'] as string | undefined, undefined);
  const section = (k: 'infra' | 'app') => {
    const v = fileData[k];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw new s.errors.UsageError(`--params-file: "${k}" must be a mapping of parameter names to values`, { flag: 'params-file', code: 'bad_params_file' });
    return v as Record<string, unknown>;
  };
  const infra = { ...section('infra'), ...(await s.given.givenParams(undefined, ctx.options['infra-params'])) };
  const app = { ...section('app'), ...(await s.given.givenParams(undefined, ctx.options['app-params'])) };
  return { infra, app };
}

async function requireAnswerable(ctx: CommandContext, s: Services, destroy = false): Promise<void> {
  if (ctx.global.yes || ctx.io.stdin.isTTY || (!destroy && ctx.options['plan-only'] === true)) return;
  throw new s.errors.CloudyaError(m(destroy ? 'needsYesDestroy' : 'needsYes'), { hint: m(destroy ? 'needsYesDestroyHint' : 'needsYesHint'), code: 'confirmation_required' });
}

async function ansibleSettings(ctx: CommandContext, s: Services) {
  const bin = await s.binary.findAnsible(ctx.config().get<string>('ansible_path'), ctx.env);
  return { path: bin.path, version: bin.version, env: ctx.env };
}

function busy(s: Services, r: StackRecord): void {
  const live = s.store.effectiveStack(r);
  if ((live.status === 'creating' || live.status === 'destroying') && r.pid && r.pid !== process.pid) {
    throw new s.errors.CloudyaError(m('busy', { id: r.id, pid: r.pid }), { hint: m('busyHint'), code: 'stack_busy' });
  }
}

/** Streams a stack's events: progress on stderr (text) or one NDJSON line each (json); returns the last. */
async function follow(ctx: CommandContext, s: Services, stream: AsyncGenerator<StackEvent, unknown>, clock: { waitedMs: number }) {
  const json = ctx.global.output === 'json';
  const err = (line: string) => {
    if (!json) ctx.io.stderr.write(`${line}\n`);
  };
  let done: Extract<StackEvent, { type: 'done' }> | undefined;
  let lastPhase = 'infra';
  let tasks = 0;
  const t0 = Date.now();
  for await (const ev of stream) {
    if (ev.type === 'done') {
      done = ev;
      continue;
    }
    if (ev.type === 'phase' && (ev.status === 'running' || ev.status === 'failed' || ev.status === 'interrupted')) lastPhase = ev.phase;
    if (json) {
      ctx.emit(ev);
      continue;
    }
    switch (ev.type) {
      case 'phase':
        err(ev.error ? m('phaseError', { phase: ev.phase, status: ev.status, error: ev.error }) : m('phase', { phase: ev.phase, status: ev.status }));
        break;
      case 'wait_ssh':
        err(ev.ok ? m('sshOk', { target: ev.target, attempt: ev.attempt, waited: ev.waited_seconds }) : m('sshWaiting', { target: ev.target, attempt: ev.attempt, waited: ev.waited_seconds, error: ev.error ?? '?', next: ev.next_in_seconds ?? 0 }));
        break;
      case 'infra': {
        const e = ev.event;
        if (e.type === 'plan') err(s.dFormat.planText(e.plan));
        else if (e.type === 'terraform') {
          const t = e.event;
          if (t.type === 'apply_start') err(m('tfStart', { address: t.address }));
          else if (t.type === 'apply_complete') err(m('tfDone', { address: t.address, elapsed: t.elapsed }));
          else if (t.type === 'apply_errored') err(m('tfFailed', { address: t.address }));
        }
        break;
      }
      case 'app': {
        const e = ev.event;
        if (e.type === 'ansible') {
          const a = e.event;
          if (a.type === 'task_start') err(m('task', { index: ++tasks, task: a.task }));
          else if (a.type === 'failed' && !a.ignored) err(m('hostFailed', { host: a.host, message: a.noLog ? '(no_log)' : (a.msg ?? a.stderr ?? `rc=${a.rc ?? '?'}`) }));
          else if (a.type === 'unreachable') err(m('hostFailed', { host: a.host, message: a.msg ?? '' }));
        } else if (e.type === 'health') {
          err(e.health.ok ? m('healthOk', { url: e.health.url, status: e.health.http_status ?? '?' }) : m('healthBad', { url: e.health.url, error: e.health.error ?? '?' }));
        }
        break;
      }
      default:
        break;
    }
  }
  return { done: done!, phase: lastPhase, elapsed: Math.round((Date.now() - t0 - clock.waitedMs) / 1000) };
}

/** Turns the end of a deploy or destroy into the command's result and exit code. */
async function finish(ctx: CommandContext, s: Services, outcome: Awaited<ReturnType<typeof follow>>, destroying = false): Promise<CommandResult> {
  const { done, phase, elapsed } = outcome;
  const r = done.record;
  const next = destroying ? m('nextDestroy', { id: r.id }) : m('next', { id: r.id });
  const code = done.result === 'failed' ? 1 : done.result === 'interrupted' ? 130 : 0;
  if (ctx.global.output === 'json') {
    ctx.emit({ type: 'result', result: done.result, errors: done.errors, elapsed_seconds: elapsed, ...(code ? { next_steps: next } : {}), stack: stackDoc(r) });
    return { exitCode: code };
  }
  if (done.result === 'interrupted') {
    ctx.io.stderr.write(`${m('interrupted', { id: r.id, phase })}\n${next}\n`);
    return { exitCode: 130 };
  }
  if (done.result === 'failed') {
    throw new s.errors.CloudyaError(destroying ? m('destroyFailed', { id: r.id, error: done.errors[0] ?? '?' }) : m('failed', { id: r.id, phase, error: done.errors[0] ?? '?' }), { hint: next, code: destroying ? 'stack_destroy_failed' : 'stack_failed' });
  }
  const lines: string[] = [];
  if (done.result === 'deployed') {
    lines.push(m('resultDeployed', { id: r.id, elapsed }), label(m('outputs')));
    for (const k of ['url', 'host', 'deployment_id', 'installation_id']) if (r.outputs[k] !== undefined) lines.push(`  ${k} = ${String(r.outputs[k])}`);
  }
  if (done.result === 'planned') lines.push(m('resultPlanned', { id: r.id }));
  if (done.result === 'declined') lines.push(m('resultDeclined', { id: r.id }));
  if (done.result === 'destroyed') lines.push(m('resultDestroyed', { id: r.id, parts: `app ${r.destroy?.app ?? '-'}, infra ${r.destroy?.infra ?? '-'}` }));
  return { data: stackDoc(r), text: lines.join('\n'), exitCode: code };
}

async function deploy(ctx: CommandContext, s: Services, roots: Roots): Promise<CommandResult> {
  const o = ctx.options;
  const name = ctx.args[0];
  const resume = o.resume as string | undefined;
  if (resume && (name || o.template || o.app)) throw new s.errors.UsageError(m('resumeAndMore'), { flag: 'resume', code: 'bad_args' });
  if (name && (o.template || o.app)) throw new s.errors.UsageError(m('nameAndTemplate'), { flag: 'template', code: 'bad_args' });
  if (!resume && !name && !o.template && !o.app) throw new s.errors.UsageError(m('needsWhat'), { hint: m('needsWhatHint'), code: 'stack_required' });
  if (!resume && !name && (!o.template || !o.app)) throw new s.errors.UsageError(m('needsBoth'), { flag: o.template ? 'app' : 'template', code: 'bad_args' });
  const key = o['ssh-key'] as string | undefined;
  if (key) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(key)) throw new s.errors.UsageError(m('noKey', { file: key }), { flag: 'ssh-key', hint: m('noKeyHint'), code: 'bad_ssh_key' });
  }
  const given = await givenParams(ctx, s);
  const planOnly = o['plan-only'] === true;
  const clock = { waitedMs: 0 };
  const confirm = (appId: string) => async (plan: { add: number; change: number; destroy: number; import: number }, d: { id: string }) => {
    if (plan.add + plan.change + plan.destroy + plan.import === 0 && ctx.global.yes) return true;
    const t = Date.now();
    try {
      return await ctx.confirm({ message: m('confirmApply', { id: d.id, app: appId }), defaultAnswer: false });
    } finally {
      clock.waitedMs += Date.now() - t;
    }
  };
  const terraform = async () => s.tfSettings.terraformSettings(ctx.config(), ctx.env);
  const sshWait = o['ssh-wait'] as number | undefined;

  let rec: StackRecord;
  let template: TemplateInfo;
  let app: AppInfo;
  let values: { infra: Record<string, ParamValue>; app: Record<string, ParamValue> };
  if (resume) {
    rec = s.store.effectiveStack(await s.store.loadStack(roots.stacks, resume));
    busy(s, rec);
    if (rec.status === 'deployed' || rec.status === 'destroyed' || rec.status === 'destroying') throw new s.errors.CloudyaError(m('nothingToResume', { id: rec.id, status: rec.status }), { hint: m('next', { id: rec.id }), code: 'nothing_to_resume' });
    const d = rec.deployment_id ? await s.dStore.loadDeployment(roots.deployments, rec.deployment_id) : undefined;
    template = d ? await s.tfCatalog.loadTemplate(d.template, s.dStore.deploymentFiles(roots.deployments, d.id).workdir, d.template_source) : await s.tfCatalog.findTemplate(roots.templates, rec.infra_template);
    const inst = rec.installation_id ? await s.appStore.loadInstallation(roots.apps, rec.installation_id) : undefined;
    app = inst ? await s.appCatalog.loadApp(inst.app, s.appStore.installationFiles(roots.apps, inst.id).app, inst.app_source) : await s.appCatalog.findApp(roots.appRoots, rec.app);
    // Secrets are never stored: those given at creation are asked again, from the command line or TF_VAR_.
    const infraSecrets: Record<string, ParamValue> = {};
    for (const p of template.parameters.filter((x) => x.sensitive)) {
      const v = given.infra[p.name] ?? ctx.env[`TF_VAR_${p.name}`];
      if (v !== undefined && v !== null) infraSecrets[p.name] = s.tfParams.coerceParam(p, v, template.id);
      else if (d?.sensitive.includes(p.name) && rec.phases.infra.status !== 'done') throw new s.errors.UsageError(`sensitive parameter "${p.name}" is needed again (it is never stored)`, { flag: 'infra-params', hint: `give it with --infra-params ${p.name}=VALUE or TF_VAR_${p.name}`, code: 'secret_missing' });
    }
    const plainApp = Object.fromEntries(Object.entries(rec.app_params).filter(([k]) => !rec.app_sensitive.includes(k))) as Record<string, ParamValue>;
    const appSecrets = rec.phases.app.status === 'done' ? {} : s.appParams.secretsAgain(app, rec.app_sensitive, given.app);
    values = { infra: { ...(d ? {} : (rec.infra_params as Record<string, ParamValue>)), ...infraSecrets }, app: { ...plainApp, ...appSecrets } };
    if (key) rec.ssh_key = key;
    await requireAnswerable(ctx, s);
  } else {
    const named = name ? await s.manifest.findStack(roots.stackRoots, name) : undefined;
    template = await s.tfCatalog.findTemplate(roots.templates, named?.infra ?? String(o.template));
    const manifest = named ?? (await s.manifest.pairManifest(roots.stackRoots, template.id, String(o.app), template.connection));
    app = await s.appCatalog.findApp(roots.appRoots, manifest.app);
    values = s.start.resolveStackParams(template, app, { ...manifest.infra_params, ...given.infra }, { ...manifest.app_params, ...given.app });
    s.platforms.platformFor(manifest.platform, app);
    await requireAnswerable(ctx, s);
    const ansible = planOnly ? undefined : await ansibleSettings(ctx, s);
    const tf = await terraform();
    rec = await s.start.createStackRecord(roots.stacks, manifest, template, app, values, key);
    ctx.progress(m('created', { id: rec.id, infra: template.id, app: app.id }));
    const stream = s.run.runStack(rec, { template, app, infraValues: values.infra, appValues: values.app, planOnly }, { env: ctx.env, deploymentsRoot: roots.deployments, appsRoot: roots.apps, stacksRoot: roots.stacks, terraform: tf, ansible, signal: ctx.signal, confirm: confirm(app.id), sshWaitSeconds: sshWait });
    return finish(ctx, s, await follow(ctx, s, stream, clock));
  }
  const ansible = planOnly ? undefined : await ansibleSettings(ctx, s);
  const stream = s.run.runStack(rec, { template, app, infraValues: values.infra, appValues: values.app, planOnly }, { env: ctx.env, deploymentsRoot: roots.deployments, appsRoot: roots.apps, stacksRoot: roots.stacks, terraform: await terraform(), ansible, signal: ctx.signal, confirm: confirm(app.id), sshWaitSeconds: sshWait });
  return finish(ctx, s, await follow(ctx, s, stream, clock));
}

/** What a stack left behind: its deployment and installation as their own records say. */
async function parts(s: Services, roots: Roots, r: StackRecord) {
  const d = r.deployment_id ? await s.dStore.loadDeployment(roots.deployments, r.deployment_id).catch(() => undefined) : undefined;
  const dStatus = d ? await s.dStatus.effectiveStatus(d) : undefined;
  const inst = r.installation_id ? await s.appStore.loadInstallation(roots.apps, r.installation_id).catch(() => undefined) : undefined;
  const iStatus = inst ? await s.appStatus.effectiveInstallStatus(inst) : undefined;
  return {
    deployment: d ? { id: d.id, template: d.template, status: dStatus!, resources: s.dStatus.resourceCount(d, dStatus), outputs: d.outputs } : null,
    installation: inst ? { id: inst.id, app: inst.app, status: iStatus!, target: inst.target, url: inst.outputs.url ?? null, health: inst.health ?? null } : null,
  };
}

async function status(ctx: CommandContext, s: Services, roots: Roots): Promise<CommandResult> {
  const id = ctx.args[0];
  if (!id) {
    const { stacks, problems } = await s.store.listStackRecords(roots.stacks);
    for (const p of problems) ctx.io.stderr.write(`${p}\n`);
    const docs = stacks.map((r) => stackDoc(s.store.effectiveStack(r)));
    const text = docs.length ? table([[m('colId'), m('colStack'), m('colInfra'), m('colApp'), m('colStatus'), m('colUrl')], ...docs.map((d) => [d.id, d.stack, d.infra_template, d.app, d.status, String(d.outputs.url ?? '-')])]) : m('noRecords');
    return { data: docs, text, exitCode: problems.length ? 1 : 0 };
  }
  const r = s.store.effectiveStack(await s.store.loadStack(roots.stacks, id));
  const p = await parts(s, roots, r);
  const lines = [`${r.id}  (${r.stack}: ${r.infra_template} + ${r.app})`, `  ${label(m('colStatus'))} ${r.status}`, `  ${label(m('phases'))}`];
  for (const [phase, st] of Object.entries(r.phases)) lines.push(`    ${phase.padEnd(9)} ${st.status}${st.error ? ` - ${st.error}` : ''}`);
  if (r.destroy) lines.push(`    destroy   app ${r.destroy.app}, infra ${r.destroy.infra}${r.destroy.error ? ` - ${r.destroy.error}` : ''}`);
  lines.push(`  ${label(m('exists'))}`);
  if (p.deployment && p.deployment.status !== 'destroyed') lines.push(`    ${m('existsInfra', { dep: p.deployment.id, status: p.deployment.status, count: p.deployment.resources, id: r.id })}`);
  if (p.installation && p.installation.status !== 'uninstalled') lines.push(`    ${m('existsApp', { inst: p.installation.id, status: p.installation.status, target: p.installation.target })}`);
  if (lines[lines.length - 1] === `  ${label(m('exists'))}`) lines.push(`    ${m('existsNone')}`);
  if (Object.keys(r.outputs).length) lines.push(`  ${label(m('outputs'))}`, ...Object.entries(r.outputs).filter(([k]) => k !== 'health').map(([k, v]) => `    ${k} = ${String(v)}`));
  if (r.status === 'failed' || r.status === 'interrupted') lines.push('', m('next', { id: r.id }));
  return { data: { ...stackDoc(r), deployment: p.deployment, installation: p.installation }, text: lines.join('\n') };
}

async function logs(ctx: CommandContext, s: Services, roots: Roots): Promise<CommandResult> {
  const r = await s.store.loadStack(roots.stacks, ctx.args[0]);
  const { readOperationLog } = await import('../services/deployments/oplog.js');
  const sections: Array<{ what: string; lines: string[] }> = [{ what: `stack ${r.id}`, lines: await readOperationLog(s.store.stackFiles(roots.stacks, r.id).log) }];
  if (r.deployment_id) sections.push({ what: `deployment ${r.deployment_id}`, lines: await readOperationLog(s.dStore.deploymentFiles(roots.deployments, r.deployment_id).log).catch(() => []) });
  if (r.installation_id) sections.push({ what: `installation ${r.installation_id}`, lines: await readOperationLog(s.appStore.installationFiles(roots.apps, r.installation_id).log).catch(() => []) });
  const tail = ctx.options.tail as number | undefined;
  for (const sec of sections) if (tail) sec.lines = sec.lines.slice(-tail);
  const text = sections.every((x) => !x.lines.length) ? m('noLog') : sections.filter((x) => x.lines.length).map((x) => [m('logOf', { what: x.what }), ...x.lines].join('\n')).join('\n');
  return { data: { id: r.id, sections }, text };
}

async function destroy(ctx: CommandContext, s: Services, roots: Roots): Promise<CommandResult> {
  const r = s.store.effectiveStack(await s.store.loadStack(roots.stacks, ctx.args[0]));
  busy(s, r);
  if (r.status === 'destroyed') return { data: stackDoc(r), text: m('alreadyDestroyed', { id: r.id }) };
  const p = await parts(s, roots, r);
  const inst = r.installation_id && p.installation?.status !== 'uninstalled' ? await s.appStore.loadInstallation(roots.apps, r.installation_id).catch(() => undefined) : undefined;
  const app = inst ? await s.appCatalog.loadApp(inst.app, s.appStore.installationFiles(roots.apps, inst.id).app, inst.app_source).catch(() => undefined) : undefined;
  const what: string[] = [];
  if (inst) what.push(r.uninstall_on_destroy && app?.hasUninstall ? m('partUninstall', { app: inst.app, inst: inst.id, target: inst.target }) : m('partKeepApp', { app: inst.app, inst: inst.id }));
  if (p.deployment && p.deployment.status !== 'destroyed') what.push(m('partInfra', { dep: p.deployment.id, count: p.deployment.resources }));
  await requireAnswerable(ctx, s, true);
  if (!(await ctx.confirm({ message: m('confirmDestroy', { id: r.id, parts: what.join(', ') || m('existsNone') }), defaultAnswer: false }))) {
    return { data: stackDoc(r), text: m('notDestroyed'), exitCode: 1 };
  }
  const ansible = inst && r.uninstall_on_destroy && app?.hasUninstall ? await ansibleSettings(ctx, s) : undefined;
  const { createDeployFacade } = await import('../services/deployments/facade.js');
  const facade = createDeployFacade(ctx.env);
  const stream = s.run.destroyStack(r, {
    appsRoot: roots.apps,
    stacksRoot: roots.stacks,
    ansible,
    app,
    signal: ctx.signal,
    destroyInfra: (id, signal) => facade.destroy(id, async () => true, signal),
  });
  return finish(ctx, s, await follow(ctx, s, stream, { waitedMs: 0 }), true);
}

export default defineCommand({
  summary: { en: 'Stacks: infrastructure and an application in one command (Terraform, then Ansible on the host it created)', fr: "Piles : infrastructure et application en une commande (Terraform, puis Ansible sur l'hôte créé)" },
  actions: {
    list: { summary: { en: 'List the preconfigured stacks (built-in and ~/.cloudya/templates/stacks)', fr: 'Lister les piles préconfigurées (intégrées et ~/.cloudya/templates/stacks)' } },
    deploy: { summary: { en: 'Plan, confirm, apply, wait for SSH, install the app, check its health (or --resume ID)', fr: "Planifier, confirmer, appliquer, attendre SSH, installer l'application, vérifier sa santé (ou --resume ID)" }, args: '[NAME]', minArgs: 0, maxArgs: 1 },
    status: { summary: { en: 'Every deployed stack (or one): per-phase status and what exists', fr: 'Toutes les piles déployées (ou une) : état par phase et ce qui existe' }, args: '[ID]', minArgs: 0, maxArgs: 1 },
    logs: { summary: { en: "A stack's log, with its deployment's and installation's", fr: "Le journal d'une pile, avec ceux de son déploiement et de son installation" }, args: 'ID', minArgs: 1, maxArgs: 1 },
    destroy: { summary: { en: 'Uninstall the app where it means something, then destroy the infrastructure (one confirmation)', fr: "Désinstaller l'application quand cela a un sens, puis détruire l'infrastructure (une confirmation)" }, args: 'ID', minArgs: 1, maxArgs: 1 },
  },
  defaultAction: 'list',
  options: {
    template: { type: 'string', valueName: 'PROVIDER/NAME', description: { en: 'Infrastructure template (with --app), instead of a stack name', fr: "Template d'infrastructure (avec --app), au lieu d'un nom de pile" }, actions: ['deploy'] },
    app: { type: 'string', valueName: 'NAME', description: { en: 'App to install on the host (with --template)', fr: "Application à installer sur l'hôte (avec --template)" }, actions: ['deploy'] },
    'infra-params': { type: 'string', multiple: true, valueName: 'K=V,K2=V2', description: { en: 'Infrastructure parameters (sensitive ones go as TF_VAR_, never stored)', fr: "Paramètres de l'infrastructure (les sensibles passent par TF_VAR_, jamais enregistrés)" }, actions: ['deploy'] },
    'app-params': { type: 'string', multiple: true, valueName: 'K=V,K2=V2', description: { en: 'App parameters (sensitive ones go through a private 0600 file, never stored)', fr: "Paramètres de l'application (les sensibles passent par un fichier privé 0600, jamais enregistrés)" }, actions: ['deploy'] },
    'params-file': { type: 'string', valueName: 'FILE', description: { en: 'YAML or JSON file with "infra:" and "app:" mappings (the -params options win)', fr: 'Fichier YAML ou JSON avec les sections « infra: » et « app: » (les options -params priment)' }, actions: ['deploy'] },
    'plan-only': { type: 'boolean', description: { en: 'Stop after the infrastructure plan: nothing is created', fr: "S'arrêter après le plan de l'infrastructure : rien n'est créé" }, actions: ['deploy'] },
    resume: { type: 'string', valueName: 'ID', description: { en: 'Continue a failed or interrupted stack from its first phase not done', fr: "Reprendre une pile en échec ou interrompue à sa première phase non faite" }, actions: ['deploy'] },
    'ssh-key': { type: 'string', valueName: 'FILE', description: { en: 'Private key for the host (else the stack manifest\'s, else your SSH defaults)', fr: "Clé privée pour l'hôte (sinon celle du manifeste de pile, sinon vos réglages SSH)" }, actions: ['deploy'] },
    'ssh-wait': { type: 'number', integer: true, min: 1, max: 3600, valueName: 'SECONDS', description: { en: 'How long the host may take to answer SSH (default 300)', fr: "Temps laissé à l'hôte pour répondre en SSH (300 par défaut)" }, actions: ['deploy'] },
    tail: { type: 'number', integer: true, min: 1, valueName: 'N', description: { en: 'Only the last N lines of each log', fr: 'Seulement les N dernières lignes de chaque journal' }, actions: ['logs'] },
  },
  examples: [
    'cloudya stack list',
    'cloudya stack deploy aws-ec2-wordpress --infra-params region=eu-west-3,key_name=me --app-params domain=monsite.com,admin_password=secret',
    'cloudya stack deploy --template aws/ec2 --app lamp --infra-params key_name=me --plan-only',
    'cloudya stack deploy local-host-static --infra-params ssh_port=2222,ssh_user=me --app-params port=8081 --ssh-key ~/.ssh/id_ed25519 --yes',
    'cloudya stack status stack-1a2b3c',
    'cloudya stack deploy --resume stack-1a2b3c',
    'cloudya stack destroy stack-1a2b3c --yes',
  ],
  notes: {
    en: 'Every parameter of both parts is checked before anything is created. With --output json each event of both phases is one NDJSON line and the last is {"type":"result",...}. If the app phase fails the infrastructure is kept: stack status says what exists, stack deploy --resume ID continues without re-creating it. Ctrl+C leaves the record saying which phase was interrupted.',
    fr: "Tous les paramètres des deux parties sont vérifiés avant toute création. Avec --output json chaque événement des deux phases est une ligne NDJSON et la dernière est {\"type\":\"result\",...}. Si la phase application échoue, l'infrastructure est gardée : stack status dit ce qui existe, stack deploy --resume ID reprend sans la recréer. Ctrl+C laisse la fiche dire quelle phase a été interrompue.",
  },
  async run(ctx) {
    const s = await services();
    const config = ctx.config();
    const templatesDir = config.get<string>('templates_dir');
    const roots: Roots = {
      stacks: s.store.stacksRoot(ctx.env),
      deployments: s.paths.userPaths(ctx.env).deployments,
      apps: s.appStore.appsRoot(ctx.env),
      templates: s.tfCatalog.defaultRoots(templatesDir, ctx.env),
      appRoots: s.appCatalog.appRoots(templatesDir),
      stackRoots: s.manifest.stackRoots(templatesDir),
    };
    switch (ctx.action) {
      case 'list': {
        const stacks = await s.manifest.listStacks(roots.stackRoots, (p) => ctx.io.stderr.write(`${p}\n`));
        const data = stacks.map((x) => ({ name: x.id, title: x.name, description: x.description, infra: x.infra, app: x.app, platform: x.platform, connection: x.connection, uninstall_on_destroy: x.uninstall_on_destroy, infra_params: x.infra_params, app_params: x.app_params, source: x.source, file: x.file, overrides: x.overrides ?? null }));
        const text = stacks.length
          ? table([[m('colName'), m('colInfra'), m('colApp'), m('colDescription')], ...stacks.map((x) => [x.id + (x.source === 'user' ? '*' : ''), x.infra, x.app, x.description])]) + (stacks.some((x) => x.source === 'user') ? `\n${m('userLegend', { dir: roots.stackRoots.user ?? '' })}` : '')
          : m('noStacks');
        return { data, text };
      }
      case 'deploy':
        return deploy(ctx, s, roots);
      case 'status':
        return status(ctx, s, roots);
      case 'logs':
        return logs(ctx, s, roots);
      case 'destroy':
        return destroy(ctx, s, roots);
      default:
        return undefined;
    }
  },
});
