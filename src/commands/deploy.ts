import { defineCommand, type CommandContext } from '../core/command.js';
import { defineMessages, getLang } from '../core/i18n.js';
import type { CommandResult } from '../core/output.js';
import type { DeployEvent } from '../services/deployments/operations.js';
import type { Deployment } from '../services/deployments/types.js';
import type { ParamValue, TemplateInfo } from '../services/terraform/types.js';

const m = defineMessages({
  en: {
    noTemplates: 'No templates found.',
    userLegend: '* your template, from {dir}',
    colId: 'ID',
    colProvider: 'PROVIDER',
    colName: 'NAME',
    colDescription: 'DESCRIPTION',
    colTemplate: 'TEMPLATE',
    colStatus: 'STATUS',
    colCreated: 'CREATED',
    colUpdated: 'UPDATED',
    overrides: 'user template, hides the built-in {dir}',
    source: 'Source',
    platforms: 'Platforms',
    parameters: 'Parameters',
    required: 'required',
    sensitive: 'sensitive',
    defaultIs: 'default {value}',
    oneOf: 'one of {choices}',
    cidr: 'CIDR',
    mismatches: 'manifest.yaml and variables.tf disagree:',
    noDeployments: 'No deployments yet. Start one with: cloudya deploy template local/demo',
    unreadableOne: '1 deployment record could not be read: {record}',
    unreadableWarn: 'deployment record left out, it cannot be read: {record}',
    unreadableMany: '{count} deployment records could not be read:',
    unreadableHint: 'they were left untouched; fix them by hand or move their folders away (cloudya deploy status ID shows the details)',
    created: 'Deployment {id} ({template}) in {dir}',
    phaseInit: 'terraform init...',
    phasePlan: 'terraform plan...',
    phaseApply: 'Applying the saved plan...',
    phaseDestroy: 'Destroying (saved destroy plan)...',
    phaseOutputs: 'Reading outputs and state...',
    confirmApply: 'Apply this plan to deployment {id}?',
    confirmDestroy: 'Destroy every resource of deployment {id}? This cannot be undone.',
    starting: '  {verb} {address}...',
    still: '  ... {address}: still {verb} ({elapsed}s)',
    completed: '  ✓ {address} {done} ({elapsed}s)',
    errored: '  ✗ {address} failed after {elapsed}s',
    resultApplied: 'Deployment {id} applied ({elapsed}s).',
    resultDestroyed: 'Deployment {id} destroyed ({elapsed}s).',
    resultPlanned: 'Deployment {id} planned; nothing was changed.',
    resultDeclined: 'Not applied: nothing was changed. Deployment {id} stays {status}.',
    failed: '{op} of deployment {id} failed: {error}',
    pluginDirHint: 'Terraform could not download the provider: without access to registry.terraform.io, point Cloudya at a provider mirror: cloudya configure set terraform.plugin_dir /path/to/mirror',
    interrupted: 'Deployment {id} interrupted.',
    outputs: 'Outputs',
    noOutputs: 'No outputs.',
    status: 'Status',
    template: 'Template',
    createdAt: 'Created',
    updatedAt: 'Updated',
    lastOp: 'Last operation',
    params: 'Parameters',
    resources: 'Resources',
    errors: 'Errors',
    noLog: 'No operations logged yet.',
    alreadyDestroyed: 'Deployment {id} is already destroyed; nothing to do.',
    confirmForget: 'Remove deployment {id} ({status}) from the history, with its log and template copy?',
    forgotten: 'Deployment {id} removed from the history.',
    notForgotten: 'Nothing removed.',
    secretMissing: 'sensitive parameter "{name}" is needed again (it is never stored)',
    secretMissingHint: 'give its value again with --params (key {name}) or in the environment as TF_VAR_{name}',
    planOnlyNext: 'Apply it with: cloudya deploy apply {id}',
    needsYes: 'confirmation needed before changing infrastructure, but there is no terminal to ask on',
    needsYesHint: 'add --yes to apply without asking, or --plan-only to only see the plan',
    needsYesHintDestroy: 'add --yes to destroy without asking (run it in a terminal to see the plan first)',
    verbCreate: 'creating',
    verbDelete: 'destroying',
    verbUpdate: 'updating',
    verbReplace: 'replacing',
    verbRead: 'reading',
    doneCreate: 'created',
    doneDelete: 'destroyed',
    doneUpdate: 'updated',
    doneReplace: 'replaced',
    doneRead: 'read',
    warning: 'warning: {text}',
  },
  fr: {
    noTemplates: 'Aucun template trouvé.',
    userLegend: '* votre template, dans {dir}',
    colId: 'ID',
    colProvider: 'FOURNISSEUR',
    colName: 'NOM',
    colDescription: 'DESCRIPTION',
    colTemplate: 'TEMPLATE',
    colStatus: 'ÉTAT',
    colCreated: 'CRÉÉ',
    colUpdated: 'MODIFIÉ',
    overrides: 'template utilisateur, masque le template intégré {dir}',
    source: 'Source',
    platforms: 'Plateformes',
    parameters: 'Paramètres',
    required: 'requis',
    sensitive: 'sensible',
    defaultIs: 'défaut {value}',
    oneOf: 'parmi {choices}',
    cidr: 'CIDR',
    mismatches: 'manifest.yaml et variables.tf ne concordent pas :',
    noDeployments: 'Aucun déploiement. Commencez par : cloudya deploy template local/demo',
    unreadableOne: '1 fiche de déploiement illisible : {record}',
    unreadableWarn: 'fiche de déploiement illisible, laissée de côté : {record}',
    unreadableMany: '{count} fiches de déploiement illisibles :',
    unreadableHint: 'elles n’ont pas été modifiées ; corrigez-les à la main ou déplacez leur dossier (cloudya deploy status ID donne le détail)',
    created: 'Déploiement {id} ({template}) dans {dir}',
    phaseInit: 'terraform init...',
    phasePlan: 'terraform plan...',
    phaseApply: 'Application du plan enregistré...',
    phaseDestroy: 'Destruction (plan de destruction enregistré)...',
    phaseOutputs: "Lecture des sorties et de l'état...",
    confirmApply: 'Appliquer ce plan au déploiement {id} ?',
    confirmDestroy: 'Détruire toutes les ressources du déploiement {id} ? Impossible à annuler.',
    starting: '  {verb} {address}...',
    still: '  ... {address} : toujours en cours ({verb}, {elapsed} s)',
    completed: '  ✓ {address} {done} ({elapsed} s)',
    errored: '  ✗ {address} en échec après {elapsed} s',
    resultApplied: 'Déploiement {id} appliqué ({elapsed} s).',
    resultDestroyed: 'Déploiement {id} détruit ({elapsed} s).',
    resultPlanned: 'Déploiement {id} planifié ; rien n’a été modifié.',
    resultDeclined: "Non appliqué : rien n'a été modifié. Le déploiement {id} reste {status}.",
    failed: '{op} du déploiement {id} en échec : {error}',
    pluginDirHint: "Terraform n'a pas pu télécharger le provider : sans accès à registry.terraform.io, indiquez à Cloudya un miroir de providers : cloudya configure set terraform.plugin_dir /chemin/du/miroir",
    interrupted: 'Déploiement {id} interrompu.',
    outputs: 'Sorties',
    noOutputs: 'Aucune sortie.',
    status: 'État',
    template: 'Template',
    createdAt: 'Créé',
    updatedAt: 'Modifié',
    lastOp: 'Dernière opération',
    params: 'Paramètres',
    resources: 'Ressources',
    errors: 'Erreurs',
    noLog: 'Aucune opération journalisée.',
    alreadyDestroyed: 'Le déploiement {id} est déjà détruit ; rien à faire.',
    confirmForget: 'Retirer le déploiement {id} ({status}) de l’historique, avec son journal et sa copie du template ?',
    forgotten: 'Déploiement {id} retiré de l’historique.',
    notForgotten: 'Rien n’a été supprimé.',
    secretMissing: 'le paramètre sensible « {name} » doit être redonné (il n’est jamais enregistré)',
    secretMissingHint: "redonnez sa valeur avec --params (clé {name}) ou dans l'environnement TF_VAR_{name}",
    planOnlyNext: 'Appliquez-le avec : cloudya deploy apply {id}',
    needsYes: "confirmation nécessaire avant de modifier l'infrastructure, mais aucun terminal pour la demander",
    needsYesHint: "ajoutez --yes pour appliquer sans demander, ou --plan-only pour seulement voir le plan",
    needsYesHintDestroy: 'ajoutez --yes pour détruire sans demander (lancez-la dans un terminal pour voir d’abord le plan)',
    verbCreate: 'création de',
    verbDelete: 'destruction de',
    verbUpdate: 'modification de',
    verbReplace: 'remplacement de',
    verbRead: 'lecture de',
    doneCreate: 'créé',
    doneDelete: 'détruit',
    doneUpdate: 'modifié',
    doneReplace: 'remplacé',
    doneRead: 'lu',
    warning: 'avertissement : {text}',
  },
});

/** A label followed by a colon, with the space French typography puts before it. */
function label(key: Parameters<typeof m>[0]): string {
  return `${m(key)}${getLang() === 'fr' ? ' :' : ':'}`;
}

type VerbKey = 'Create' | 'Delete' | 'Update' | 'Replace' | 'Read';
function verbOf(action: string): VerbKey {
  return ({ create: 'Create', delete: 'Delete', update: 'Update', replace: 'Replace', read: 'Read' } as Record<string, VerbKey>)[action] ?? 'Update';
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

type CatalogServices = { catalog: typeof import('../services/terraform/catalog.js'); labels: typeof import('../services/deployments/labels.js') };

/** `deploy list` and `deploy show ID`: the template catalog, nothing of Terraform or the deployment store. */
async function templateAction(ctx: CommandContext, action: 'list' | 'show', roots: ReturnType<CatalogServices['catalog']['defaultRoots']>, s: CatalogServices, id: string): Promise<CommandResult> {
  if (action === 'list') {
    const templates = await s.catalog.listTemplates(roots, (problem) => ctx.io.stderr.write(`${m('warning', { text: problem })}\n`));
    const data = templates.map((t) => ({ id: t.id, name: t.name, provider: t.provider, description: t.description, source: t.source, parameters: t.parameters.map(paramDoc) }));
    const text = templates.length
      ? table([[m('colId'), m('colProvider'), m('colName'), m('colDescription')], ...templates.map((t) => [t.id + (t.source === 'user' ? '*' : ''), t.provider, t.name, t.description])]) +
        (templates.some((t) => t.source === 'user') ? `\n${m('userLegend', { dir: roots.user ?? '~/.cloudya/templates/terraform' })}` : '')
      : m('noTemplates');
    return { data, text };
  }
  const t = await s.catalog.findTemplate(roots, id);
  const lines = [`${t.name} (${t.id})`, t.description, '', `${label('source')} ${s.labels.sourceLabel(t.source)} ${t.dir}${t.overrides ? ` - ${m('overrides', { dir: t.overrides })}` : ''}`, `${label('platforms')} ${t.platforms.join(', ')}`, '', `${label('parameters')}`];
  for (const p of t.parameters) {
    const tags = [p.typeExpr, p.required ? m('required') : p.default !== undefined ? m('defaultIs', { value: JSON.stringify(p.sensitive ? '****' : p.default) }) : '', p.sensitive ? m('sensitive') : '', p.choices ? m('oneOf', { choices: p.choices.join('|') }) : '', p.format === 'cidr' ? m('cidr') : ''].filter(Boolean);
    lines.push(`  ${p.name}  [${tags.join(', ')}]`, `      ${p.description}`);
  }
  if (t.mismatches.length) lines.push('', `⚠ ${m('mismatches')}`, ...t.mismatches.map((x) => `  - ${x}`));
  return { data: { id: t.id, name: t.name, provider: t.provider, description: t.description, platforms: t.platforms, source: t.source, dir: t.dir, overrides: t.overrides ?? null, parameters: t.parameters.map(paramDoc), mismatches: t.mismatches }, text: lines.join('\n') };
}

async function services() {
  const [catalog, params, store, ops, status, format, settings, paths, labels] = await Promise.all([
    import('../services/terraform/catalog.js'),
    import('../services/terraform/params.js'),
    import('../services/deployments/store.js'),
    import('../services/deployments/operations.js'),
    import('../services/deployments/status.js'),
    import('../services/deployments/format.js'),
    import('../services/terraform/settings.js'),
    import('../core/paths.js'),
    import('../services/deployments/labels.js'),
  ]);
  return { catalog, params, store, ops, status, format, settings, paths, labels };
}
type Services = Awaited<ReturnType<typeof services>>;

/** Values from --params-file (YAML/JSON mapping) then --params (later wins). */
async function givenParams(ctx: CommandContext): Promise<Record<string, unknown>> {
  const { givenParams: merge } = await import('../services/terraform/given.js');
  return merge(ctx.options['params-file'] as string | undefined, ctx.options.params, 'name: web');
}

/** Sensitive values not given but present as TF_VAR_<name> in the environment count as given. */
function withEnvSecrets(template: TemplateInfo, given: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = { ...given };
  for (const p of template.parameters) {
    const v = env[`TF_VAR_${p.name}`];
    if (p.sensitive && (out[p.name] === undefined || out[p.name] === null) && v !== undefined) out[p.name] = v;
  }
  return out;
}

/** Streams an operation: live progress on stderr (text) or NDJSON events (json); returns the final event. */
async function follow(ctx: CommandContext, s: Services, stream: AsyncGenerator<DeployEvent, Deployment>, clock: PromptClock) {
  const json = ctx.global.output === 'json';
  const err = (line: string) => {
    if (!json) ctx.io.stderr.write(`${line}\n`);
  };
  let done: Extract<DeployEvent, { type: 'done' }> | undefined;
  // The phase a failure happened in: "terraform init failed" says more than "apply failed".
  let phase: string | undefined;
  const t0 = Date.now();
  for await (const ev of stream) {
    if (ev.type === 'phase') phase = ev.phase;
    if (json) {
      if (ev.type === 'terraform') {
        const { type, ...rest } = ev.event;
        ctx.emit({ type, deployment: ev.id, ...rest });
      } else if (ev.type === 'done') {
        done = ev;
      } else {
        ctx.emit({ ...ev, deployment: ev.id });
      }
      continue;
    }
    switch (ev.type) {
      case 'phase':
        ctx.progress(m(`phase${ev.phase[0].toUpperCase()}${ev.phase.slice(1)}` as 'phaseInit'));
        break;
      case 'plan':
        err(s.format.planText(ev.plan));
        break;
      case 'terraform': {
        const e = ev.event;
        if (e.type === 'apply_start') err(m('starting', { verb: m(`verb${verbOf(e.action)}`), address: e.address }));
        else if (e.type === 'apply_progress') err(m('still', { verb: m(`verb${verbOf(e.action)}`), address: e.address, elapsed: e.elapsed }));
        else if (e.type === 'apply_complete') err(m('completed', { done: m(`done${verbOf(e.action)}`), address: e.address, elapsed: e.elapsed }));
        else if (e.type === 'apply_errored') err(m('errored', { address: e.address, elapsed: e.elapsed }));
        else if (e.type === 'diagnostic' && e.diagnostic.severity === 'warning') ctx.progress(m('warning', { text: e.diagnostic.summary }));
        break;
      }
      case 'done':
        done = ev;
        break;
      default:
        break;
    }
  }
  // The time the user took to answer the confirmation is not Terraform's.
  return { done: done!, phase, elapsed: Math.round((Date.now() - t0 - clock.waitedMs) / 1000) };
}

/** Turns the end of an operation into the command's result (and exit code). */
async function finishOperation(ctx: CommandContext, s: Services, op: string, outcome: Awaited<ReturnType<typeof follow>>): Promise<CommandResult> {
  const { done, elapsed } = outcome;
  const d = done.deployment;
  const doc = s.format.deploymentDocument(d);
  const next = s.status.nextSteps(d);
  if (ctx.global.output === 'json') {
    ctx.emit({ type: 'result', result: done.result, errors: done.errors, next_steps: next, deployment: doc });
    const code = done.result === 'failed' ? 1 : done.result === 'interrupted' ? 130 : 0;
    return { exitCode: code };
  }
  if (done.result === 'interrupted') {
    ctx.io.stderr.write(`${m('interrupted', { id: d.id })}\n${next}\n`);
    return { exitCode: 130 };
  }
  if (done.result === 'failed') {
    const { CloudyaError } = await import('../core/errors.js');
    const error = done.errors[0] ?? '?';
    const failedOp = outcome.phase === 'init' ? 'terraform init' : outcome.phase === 'plan' ? s.labels.operationLabel('plan') : s.labels.operationLabel(op);
    // No registry from here (offline, firewall): the mirror setting is the way out.
    const offline = outcome.phase === 'init' && /registry\.terraform\.io|Failed to query available provider packages|Failed to install provider/i.test(done.errors.join(' '));
    throw new CloudyaError(m('failed', { op: failedOp, id: d.id, error }), { hint: offline ? `${m('pluginDirHint')}\n${next}` : next, code: 'deploy_failed' });
  }
  const lines: string[] = [];
  if (done.result === 'applied') lines.push(m('resultApplied', { id: d.id, elapsed }));
  if (done.result === 'destroyed') lines.push(m('resultDestroyed', { id: d.id, elapsed }));
  if (done.result === 'planned') lines.push(m('resultPlanned', { id: d.id }), m('planOnlyNext', { id: d.id }));
  if (done.result === 'declined') lines.push(m('resultDeclined', { id: d.id, status: s.labels.statusLabel(d.status) }));
  if (done.result === 'applied' && Object.keys(d.outputs).length) {
    lines.push(`${label('outputs')}`, ...Object.entries(d.outputs).map(([k, v]) => `  ${k} = ${s.format.showValue(v)}`));
  }
  return { data: doc, text: lines.join('\n') };
}

/** Fails before creating anything or running Terraform when a confirmation could never be answered. */
async function requireAnswerable(ctx: CommandContext): Promise<void> {
  if (ctx.global.yes || ctx.options['plan-only'] === true || ctx.io.stdin.isTTY) return;
  const { CloudyaError } = await import('../core/errors.js');
  // --plan-only belongs to template/apply: never suggest it to destroy, which refuses it.
  throw new CloudyaError(m('needsYes'), { hint: m(ctx.action === 'destroy' ? 'needsYesHintDestroy' : 'needsYesHint'), code: 'confirmation_required' });
}

/** Time spent waiting for the user's answer, left out of the reported duration. */
interface PromptClock {
  waitedMs: number;
}

function confirmer(ctx: CommandContext, s: Services, kind: 'apply' | 'destroy', clock: PromptClock) {
  return async (plan: Parameters<Services['format']['planText']>[0], d: Deployment) => {
    const nothing = plan.add + plan.change + plan.destroy + plan.import === 0;
    if (nothing) return true; // applying an empty plan only records outputs
    const asked = Date.now();
    try {
      return await ctx.confirm({ message: m(kind === 'destroy' ? 'confirmDestroy' : 'confirmApply', { id: d.id }), defaultAnswer: false });
    } finally {
      clock.waitedMs += Date.now() - asked;
    }
  };
}

async function secretsFor(template: TemplateInfo, d: Deployment | undefined, given: Record<string, unknown>, s: Services) {
  const { CloudyaError } = await import('../core/errors.js');
  const secrets: Record<string, ParamValue> = {};
  for (const p of template.parameters.filter((x) => x.sensitive)) {
    // null (from a params file) means not given, as for every parameter.
    if (given[p.name] !== undefined && given[p.name] !== null) secrets[p.name] = s.params.coerceParam(p, given[p.name], template.id);
    else if (d?.sensitive.includes(p.name) || p.required) {
      throw new CloudyaError(m('secretMissing', { name: p.name }), { hint: m('secretMissingHint', { name: p.name }), code: 'secret_missing', exitCode: 2 });
    }
  }
  return secrets;
}

export default defineCommand({
  summary: { en: 'Deploy infrastructure from Terraform templates, follow it, and manage deployments', fr: "Déployer une infrastructure depuis des templates Terraform, la suivre et gérer les déploiements" },
  actions: {
    list: { summary: { en: 'List templates (built-in and ~/.cloudya/templates/terraform)', fr: 'Lister les templates (intégrés et ~/.cloudya/templates/terraform)' } },
    show: { summary: { en: 'Show a template: description, parameters, manifest/variables mismatches', fr: 'Afficher un template : description, paramètres, écarts manifeste/variables' }, args: 'TEMPLATE', minArgs: 1, maxArgs: 1 },
    template: { summary: { en: 'Deploy a template: plan, confirm, apply, follow live', fr: 'Déployer un template : plan, confirmation, apply, suivi en direct' }, args: 'TEMPLATE', minArgs: 1, maxArgs: 1 },
    apply: { summary: { en: 'Plan and apply an existing deployment again (resume after a failure or interruption)', fr: 'Replanifier et appliquer un déploiement existant (reprise après échec ou interruption)' }, args: 'ID', minArgs: 1, maxArgs: 1 },
    'list-deployments': {
      summary: {
        en: 'List deployments with their status (unreadable records are named with why, the rest still listed; exit 1 if any)',
        fr: 'Lister les déploiements et leur état (fiches illisibles signalées avec la raison, les autres listées ; sortie 1 s’il y en a)',
      },
    },
    status: { summary: { en: 'Status, last operation, errors and what to do next', fr: 'État, dernière opération, erreurs et suite à donner' }, args: 'ID', minArgs: 1, maxArgs: 1 },
    outputs: { summary: { en: "Print a deployment's Terraform outputs", fr: "Afficher les sorties Terraform d'un déploiement" }, args: 'ID', minArgs: 1, maxArgs: 1 },
    logs: { summary: { en: "Print a deployment's operation log", fr: "Afficher le journal des opérations d'un déploiement" }, args: 'ID', minArgs: 1, maxArgs: 1 },
    destroy: { summary: { en: 'Plan the destruction, confirm, destroy', fr: 'Planifier la destruction, confirmer, détruire' }, args: 'ID', minArgs: 1, maxArgs: 1 },
    forget: { summary: { en: 'Remove a destroyed or never-applied deployment from the history (refused while Terraform still manages resources)', fr: "Retirer de l'historique un déploiement détruit ou jamais appliqué (refusé tant que Terraform gère des ressources)" }, args: 'ID', minArgs: 1, maxArgs: 1 },
  },
  defaultAction: 'list',
  options: {
    params: { type: 'string', multiple: true, valueName: 'K=V,K2=V2', description: { en: 'Template parameters (repeatable; sensitive ones are passed as TF_VAR_ and never stored)', fr: 'Paramètres du template (répétable ; les sensibles passent par TF_VAR_ et ne sont jamais enregistrés)' }, actions: ['template', 'apply', 'destroy'] },
    'params-file': { type: 'string', valueName: 'FILE', description: { en: 'YAML or JSON file of parameters (--params wins)', fr: 'Fichier YAML ou JSON de paramètres (--params prime)' }, actions: ['template', 'apply'] },
    follow: { type: 'boolean', short: 'f', description: { en: 'Keep printing new log lines while an operation runs', fr: 'Continuer à afficher les nouvelles lignes tant qu’une opération tourne' }, actions: ['logs'] },
    tail: { type: 'number', integer: true, min: 1, valueName: 'N', description: { en: 'Only the last N log lines', fr: 'Seulement les N dernières lignes du journal' }, actions: ['logs'] },
    'plan-only': { type: 'boolean', description: { en: 'Stop after the plan (status "planned")', fr: 'S’arrêter après le plan (état « planifié »)' }, actions: ['template', 'apply'] },
  },
  examples: [
    'cloudya deploy list',
    'cloudya deploy show aws/vpc',
    'cloudya deploy template local/demo --params name=try,node_count=3 --yes',
    'cloudya deploy template aws/vpc --params region=eu-west-3,vpc_cidr=10.0.0.0/16',
    'cloudya deploy template aws/ec2 --params-file ec2.yaml --plan-only',
    'cloudya deploy list-deployments --output json',
    'cloudya deploy status local-demo-1a2b3c',
    'cloudya deploy destroy local-demo-1a2b3c --yes',
    'cloudya deploy forget local-demo-1a2b3c --yes',
  ],
  notes: {
    en: 'Terraform runs with -json; in --output json mode every event is one NDJSON line and the last line is {"type":"result",...}. "list-deployments --output json" prints the array of readable deployments; each unreadable record is named on stderr and the exit code is 1. Ctrl+C during an apply is forwarded to Terraform, which stops cleanly and keeps its state; "deploy status" then says how to resume or destroy. Offline provider mirror: cloudya configure set terraform.plugin_dir /path/to/mirror',
    fr: 'Terraform tourne avec -json ; avec --output json chaque événement est une ligne NDJSON et la dernière est {"type":"result",...}. « list-deployments --output json » affiche le tableau des déploiements lisibles ; chaque fiche illisible est nommée sur stderr et le code de sortie est 1. Ctrl+C pendant un apply est transmis à Terraform, qui s’arrête proprement et garde son état ; « deploy status » indique alors comment reprendre ou détruire. Miroir de providers hors ligne : cloudya configure set terraform.plugin_dir /chemin/miroir',
  },
  async run(ctx) {
    const config = ctx.config();
    const id = ctx.args[0];
    // Listing and showing templates read the catalog only: the Terraform runner, the deployment store
    // and their libraries (execa, proper-lockfile) load for the actions that use them.
    if (ctx.action === 'list' || ctx.action === 'show') {
      const [catalog, labels] = await Promise.all([import('../services/terraform/catalog.js'), import('../services/deployments/labels.js')]);
      return templateAction(ctx, ctx.action, catalog.defaultRoots(config.get<string>('templates_dir')), { catalog, labels }, id);
    }
    const s = await services();
    const roots = s.catalog.defaultRoots(config.get<string>('templates_dir'));
    const root = s.paths.userPaths(ctx.env).deployments;
    const clock: PromptClock = { waitedMs: 0 };

    switch (ctx.action) {
      case 'template': {
        const t = await s.catalog.findTemplate(roots, id);
        const given = withEnvSecrets(t, await givenParams(ctx), ctx.env);
        const values = s.params.resolveParams(t, given);
        const { plain, secret } = s.params.splitSensitive(t.parameters, values);
        await requireAnswerable(ctx);
        const tf = await s.settings.terraformSettings(config, ctx.env);
        const d = await s.store.createDeployment(root, t, plain, s.params.maskParams(t.parameters, values), Object.keys(secret));
        if (ctx.global.output === 'json') ctx.emit({ type: 'created', deployment: d.id, template: t.id, dir: d.dir });
        else ctx.progress(m('created', { id: d.id, template: t.id, dir: d.dir }));
        const stream = s.ops.runOperation(d, 'apply', { root, terraform: tf, secrets: secret, signal: ctx.signal, planOnly: ctx.options['plan-only'] === true, confirm: confirmer(ctx, s, 'apply', clock) });
        return finishOperation(ctx, s, 'apply', await follow(ctx, s, stream, clock));
      }
      case 'apply':
      case 'destroy': {
        const d = await s.store.loadDeployment(root, id);
        if (ctx.action === 'destroy' && d.status === 'destroyed') return { data: s.format.deploymentDocument(d), text: m('alreadyDestroyed', { id: d.id }) };
        const files = s.store.deploymentFiles(root, d.id);
        const t = await s.catalog.loadTemplate(d.template, files.workdir, d.template_source);
        const given = withEnvSecrets(t, await givenParams(ctx), ctx.env);
        const secrets = await secretsFor(t, d, given, s);
        await requireAnswerable(ctx);
        const plainGiven = Object.fromEntries(Object.entries(given).filter(([k]) => !(k in secrets)));
        if (Object.keys(plainGiven).length) {
          // New non-secret values for a resume: checked like at creation, then stored.
          const { readFile } = await import('node:fs/promises');
          const current = JSON.parse(await readFile(files.tfvars, 'utf8')) as Record<string, ParamValue>;
          const check = s.params.resolveParams({ id: t.id, parameters: t.parameters.map((p) => ({ ...p, required: false })) }, plainGiven);
          const merged = { ...current, ...check };
          const { writeFileAtomically } = await import('../core/files.js');
          await writeFileAtomically(files.tfvars, `${JSON.stringify(merged, null, 2)}\n`, 0o600);
          d.params = { ...d.params, ...s.params.maskParams(t.parameters, check) };
        }
        const tf = await s.settings.terraformSettings(config, ctx.env);
        const stream = s.ops.runOperation(d, ctx.action, { root, terraform: tf, secrets, signal: ctx.signal, planOnly: ctx.action === 'apply' && ctx.options['plan-only'] === true, confirm: confirmer(ctx, s, ctx.action, clock) });
        return finishOperation(ctx, s, ctx.action, await follow(ctx, s, stream, clock));
      }
      case 'list-deployments': {
        const { deployments, problems } = await s.store.listDeployments(root);
        const docs = await Promise.all(deployments.map(async (d) => s.format.deploymentDocument(d, await s.status.effectiveStatus(d))));
        const unreadable = problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} (${p.reason})`);
        // stdout stays one JSON document (the readable deployments); the unreadable records go to stderr and exit 1.
        if (ctx.global.output === 'json') for (const u of unreadable) ctx.io.stderr.write(`${m('warning', { text: m('unreadableWarn', { record: u }) })}\n`);
        const lines: string[] = [];
        if (docs.length) lines.push(table([[m('colId'), m('colTemplate'), m('colStatus'), m('colCreated'), m('colUpdated')], ...docs.map((d) => [d.id, d.template, s.labels.statusLabel(d.status), d.created.slice(0, 19).replace('T', ' '), d.updated.slice(0, 19).replace('T', ' ')])]));
        if (unreadable.length === 1) lines.push(m('unreadableOne', { record: unreadable[0] }));
        else if (unreadable.length > 1) lines.push(m('unreadableMany', { count: unreadable.length }), ...unreadable.map((u) => `  ${u}`));
        if (unreadable.length) lines.push(m('unreadableHint'));
        else if (!docs.length) lines.push(m('noDeployments'));
        return { data: docs, text: lines.join('\n'), exitCode: unreadable.length ? 1 : 0 };
      }
      case 'status': {
        const d = await s.store.loadDeployment(root, id);
        const status = await s.status.effectiveStatus(d);
        const last = d.operations[d.operations.length - 1];
        const lines = [
          `${d.id}`,
          `  ${label('template')} ${d.template} (${s.labels.sourceLabel(d.template_source)})`,
          `  ${label('status')} ${s.labels.statusLabel(status)}`,
          `  ${label('createdAt')} ${d.created}   ${label('updatedAt')} ${d.updated}`,
          `  ${label('params')} ${Object.entries(d.params).map(([k, v]) => `${k}=${s.format.showValue(v)}`).join(', ') || '-'}`,
          `  ${label('resources')} ${s.status.resourceCount(d, status)}`,
        ];
        if (last) lines.push(`  ${label('lastOp')} ${s.labels.outcomeLabel(last.op, last.result === 'running' && status === 'interrupted' ? 'interrupted' : last.result)} (${last.started}${last.finished ? ` -> ${last.finished}` : ''})${last.changes ? ` +${last.changes.add} ~${last.changes.change} -${last.changes.remove}` : ''}`);
        if (last?.errors?.length) lines.push(`  ${label('errors')}`, ...last.errors.map((e) => `    - ${e}`));
        if (Object.keys(d.outputs).length) lines.push(`  ${label('outputs')}`, ...Object.entries(d.outputs).map(([k, v]) => `    ${k} = ${s.format.showValue(v)}`));
        lines.push('', s.status.nextSteps(d, status));
        return { data: { ...s.format.deploymentDocument(d, status), resource_count: s.status.resourceCount(d, status), operations: d.operations, next_steps: s.status.nextSteps(d, status) }, text: lines.join('\n') };
      }
      case 'outputs': {
        const d = await s.store.loadDeployment(root, id);
        const text = Object.keys(d.outputs).length ? Object.entries(d.outputs).map(([k, v]) => `${k} = ${s.format.showValue(v)}`).join('\n') : m('noOutputs');
        return { data: { id: d.id, outputs: d.outputs }, text };
      }
      case 'forget': {
        const { checkForgettable, forgetDeployment } = await import('../services/deployments/forget.js');
        const d = await checkForgettable(root, id);
        const status = s.labels.statusLabel(await s.status.effectiveStatus(d));
        if (!(await ctx.confirm({ message: m('confirmForget', { id: d.id, status }), defaultAnswer: false }))) {
          return { data: { id: d.id, forgotten: false }, text: m('notForgotten'), exitCode: 1 };
        }
        await forgetDeployment(root, d.id);
        return { data: { id: d.id, forgotten: true }, text: m('forgotten', { id: d.id }) };
      }
      case 'logs': {
        const d = await s.store.loadDeployment(root, id);
        const { readOperationLog } = await import('../services/deployments/oplog.js');
        const logFile = s.store.deploymentFiles(root, d.id).log;
        const tail = ctx.options.tail as number | undefined;
        if (ctx.options.follow === true) {
          // The follow reads the log itself: what it prints first and where it follows from must come from one read.
          await followLog(ctx, logFile, d.dir, tail);
          return { exitCode: 0 };
        }
        const all = await readOperationLog(logFile);
        const lines = tail ? all.slice(-tail) : all;
        return { data: { id: d.id, operations: d.operations, lines }, text: lines.length ? lines.join('\n') : m('noLog') };
      }
      default:
        return undefined;
    }
  },
});

/** Prints the log, then new lines as they come, until no operation holds the deployment (or Ctrl+C). */
async function followLog(ctx: CommandContext, file: string, dir: string, tail: number | undefined): Promise<void> {
  const { followGrowingFile } = await import('../core/tail.js');
  const { isLocked } = await import('../services/deployments/lock.js');
  await followGrowingFile(file, { tail, isRunning: () => isLocked(dir), out: (line) => ctx.emit({ line }, line), signal: ctx.signal });
}

function paramDoc(p: TemplateInfo['parameters'][number]) {
  return {
    name: p.name,
    description: p.description,
    type: p.typeExpr,
    default: p.sensitive && p.default !== undefined && p.default !== '' ? '****' : (p.default ?? null),
    required: p.required,
    sensitive: p.sensitive,
    ...(p.choices ? { choices: p.choices } : {}),
    ...(p.format ? { format: p.format } : {}),
  };
}
