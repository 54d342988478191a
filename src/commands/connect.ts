import type { CommandContext, OptionSpec } from '../core/command.js';
import { defineCommand } from '../core/command.js';
import { CloudyaError, UsageError } from '../core/errors.js';
import { defineMessages, tr } from '../core/i18n.js';
import type { Text } from '../core/i18n.js';

const PROVIDERS = ['aws', 'gcp', 'azure', 'openstack', 'proxmox', 'vmware', 'nutanix'] as const;
const ON_PREM = ['openstack', 'proxmox', 'vmware', 'nutanix'];

const m = defineMessages({
  en: {
    connected: 'Connected to {name}',
    insecure: 'warning: {provider}: TLS certificates are NOT checked (--insecure); anyone on the path can read the credentials. Prefer --ca-bundle FILE.',
    secretHow: 'Keep the {label} in an environment variable (recommended) or store it in credentials.yaml (mode 0600)? [env/store]',
    secretVar: 'Name of the environment variable holding the {label}',
    secretValue: '{label} (hidden)',
    caBundle: 'CA bundle file for a private CA (empty: the system CAs)',
    notSet: '{label} is missing',
    noSecretHow: 'the {label} is needed: pass --secret-env NAME (the variable holding it; recommended), or --store-secret and the value on stdin',
    stored: 'stored in credentials.yaml (mode 0600)',
    fromEnv: 'read from ${name} at each use',
    secretLine: 'Secret:',
    saved: 'Saved in {file}',
    verifying: 'Checking with {name}...',
    colProvider: 'PROVIDER',
    colStatus: 'STATUS',
    colIdentity: 'IDENTITY',
    colWhere: 'REGION/ENDPOINT',
    colVerified: 'LAST VERIFIED',
    yes: 'connected',
    no: 'not connected',
    problems: 'Problems:',
    noneConnected: 'No provider is connected yet: run cloudya connect aws|gcp|azure|openstack|proxmox|vmware|nutanix',
    testOk: '✓ {provider}: {identity}',
    testFail: '✗ {provider}: {message}',
    notConnected: '{provider} is not connected',
    notConnectedHint: 'cloudya connect list shows the connections; cloudya connect {provider} creates one',
    removed: 'Removed the {provider} connection from {file} (the provider’s own files, like ~/.aws, are untouched)',
    unknownProvider: 'unknown provider "{name}"',
    unknownProviderHint: 'one of: {list}',
    stdinEmpty: '--store-secret: no secret on standard input',
    auditFailed: 'warning: the audit log could not be written: {reason}',
    notEnvName: '--secret-env takes the NAME of an environment variable (letters, digits and _), not the secret itself; the value given was neither saved nor shown',
    notEnvNameHint: 'export {name}=... then: --secret-env {name}',
  },
  fr: {
    connected: 'Connecté à {name}',
    insecure: "attention : {provider} : les certificats TLS ne sont PAS vérifiés (--insecure) ; n'importe qui sur le chemin peut lire les identifiants. Préférez --ca-bundle FICHIER.",
    secretHow: "Garder le {label} dans une variable d'environnement (recommandé) ou l'enregistrer dans credentials.yaml (mode 0600) ? [env/store]",
    secretVar: "Nom de la variable d'environnement qui contient le {label}",
    secretValue: '{label} (masqué)',
    caBundle: "Fichier d'autorités pour une autorité privée (vide : celles du système)",
    notSet: '{label} manquant',
    noSecretHow: "le {label} est nécessaire : donnez --secret-env NOM (la variable qui le contient ; recommandé), ou --store-secret et la valeur sur l'entrée standard",
    stored: 'enregistré dans credentials.yaml (mode 0600)',
    fromEnv: 'lu dans ${name} à chaque utilisation',
    secretLine: 'Secret :',
    saved: 'Enregistré dans {file}',
    verifying: 'Vérification auprès de {name}...',
    colProvider: 'FOURNISSEUR',
    colStatus: 'ÉTAT',
    colIdentity: 'IDENTITÉ',
    colWhere: 'RÉGION/POINT D’ACCÈS',
    colVerified: 'VÉRIFIÉ LE',
    yes: 'connecté',
    no: 'non connecté',
    problems: 'Problèmes :',
    noneConnected: 'Aucun fournisseur connecté : lancez cloudya connect aws|gcp|azure|openstack|proxmox|vmware|nutanix',
    testOk: '✓ {provider} : {identity}',
    testFail: '✗ {provider} : {message}',
    notConnected: "{provider} n'est pas connecté",
    notConnectedHint: 'cloudya connect list montre les connexions ; cloudya connect {provider} en crée une',
    removed: 'Connexion {provider} retirée de {file} (les fichiers du fournisseur, comme ~/.aws, ne sont pas touchés)',
    unknownProvider: 'fournisseur inconnu « {name} »',
    unknownProviderHint: 'un parmi : {list}',
    stdinEmpty: "--store-secret : aucun secret sur l'entrée standard",
    auditFailed: "attention : le journal d'audit n'a pas pu être écrit : {reason}",
    notEnvName: "--secret-env prend le NOM d'une variable d'environnement (lettres, chiffres et _), pas le secret lui-même ; la valeur donnée n'a été ni enregistrée ni affichée",
    notEnvNameHint: 'export {name}=... puis : --secret-env {name}',
  },
});

const only = (...a: string[]) => a;
const str = (description: Text, actions: string[], valueName?: string): OptionSpec => ({ type: 'string', description, actions, ...(valueName ? { valueName } : {}) });

/** Flags of the connection fields; each provider module maps them to its values. */
const FIELD_OPTIONS: Record<string, OptionSpec> = {
  profile: str({ en: 'AWS profile in ~/.aws (default: $AWS_PROFILE, else "default")', fr: 'Profil AWS dans ~/.aws (défaut : $AWS_PROFILE, sinon « default »)' }, only('aws'), 'NAME'),
  region: str({ en: 'Region (aws, openstack)', fr: 'Région (aws, openstack)' }, only('aws', 'openstack'), 'REGION'),
  project: str({ en: 'Project (gcp project ID, openstack project name)', fr: 'Projet (ID de projet gcp, nom de projet openstack)' }, only('gcp', 'openstack'), 'PROJECT'),
  'key-file': str({ en: 'GCP service-account key file (default: application default credentials)', fr: 'Fichier de clé de compte de service GCP (défaut : identifiants par défaut)' }, only('gcp'), 'FILE'),
  subscription: str({ en: 'Azure subscription ID', fr: "ID d'abonnement Azure" }, only('azure'), 'ID'),
  tenant: str({ en: 'Azure tenant ID (service principal)', fr: 'ID de locataire Azure (principal de service)' }, only('azure'), 'ID'),
  'client-id': str({ en: 'Azure service principal client ID (none: Azure CLI login)', fr: 'ID client du principal de service Azure (aucun : connexion Azure CLI)' }, only('azure'), 'ID'),
  'authority-host': str({ en: 'Azure authority host (sovereign clouds, Azure Stack)', fr: "Hôte d'autorité Azure (clouds souverains, Azure Stack)" }, only('azure'), 'URL'),
  cloud: str({ en: 'OpenStack cloud name in clouds.yaml (default: $OS_CLOUD)', fr: 'Nom du cloud OpenStack dans clouds.yaml (défaut : $OS_CLOUD)' }, only('openstack'), 'NAME'),
  'auth-url': str({ en: 'OpenStack Keystone URL', fr: 'URL Keystone OpenStack' }, only('openstack'), 'URL'),
  username: str({ en: 'User name (openstack, vmware, nutanix)', fr: "Nom d'utilisateur (openstack, vmware, nutanix)" }, only('openstack', 'vmware', 'nutanix'), 'USER'),
  'user-domain': str({ en: 'OpenStack user domain (default "Default")', fr: "Domaine de l'utilisateur OpenStack (défaut « Default »)" }, only('openstack'), 'NAME'),
  'project-domain': str({ en: 'OpenStack project domain (default "Default")', fr: 'Domaine du projet OpenStack (défaut « Default »)' }, only('openstack'), 'NAME'),
  'token-id': str({ en: 'Proxmox API token id USER@REALM!TOKENID', fr: "Identifiant du jeton d'API Proxmox UTILISATEUR@REALM!JETON" }, only('proxmox'), 'ID'),
  endpoint: str({ en: 'API endpoint URL (proxmox, vmware, nutanix; aws STS, gcp Resource Manager, azure ARM overrides)', fr: "URL du point d'accès (proxmox, vmware, nutanix ; remplace STS pour aws, Resource Manager pour gcp, ARM pour azure)" }, only(...PROVIDERS), 'URL'),
};

export default defineCommand({
  summary: { en: 'Connect to a cloud or on-premise provider, list, test or remove connections', fr: 'Se connecter à un fournisseur cloud ou sur site, lister, tester ou retirer les connexions' },
  actions: {
    aws: { summary: { en: 'Amazon Web Services (profile/SSO/environment; checked with STS)', fr: 'Amazon Web Services (profil/SSO/environnement ; vérifié par STS)' } },
    gcp: { summary: { en: 'Google Cloud (key file or application default credentials)', fr: 'Google Cloud (fichier de clé ou identifiants par défaut)' } },
    azure: { summary: { en: 'Microsoft Azure (service principal or Azure CLI login)', fr: 'Microsoft Azure (principal de service ou connexion Azure CLI)' } },
    openstack: { summary: { en: 'OpenStack (clouds.yaml or OS_* values; Keystone v3)', fr: 'OpenStack (clouds.yaml ou valeurs OS_* ; Keystone v3)' } },
    proxmox: { summary: { en: 'Proxmox VE (API token)', fr: "Proxmox VE (jeton d'API)" } },
    vmware: { summary: { en: 'VMware vCenter (user and password)', fr: 'VMware vCenter (utilisateur et mot de passe)' } },
    nutanix: { summary: { en: 'Nutanix Prism Central (user and password)', fr: 'Nutanix Prism Central (utilisateur et mot de passe)' } },
    list: { summary: { en: 'Every provider: connected or not, identity, region/endpoint, last check, problems', fr: 'Chaque fournisseur : connecté ou non, identité, région/point d’accès, dernière vérification, problèmes' } },
    test: { summary: { en: 'Check stored connections again (one or all)', fr: 'Revérifier les connexions enregistrées (une ou toutes)' }, args: '[PROVIDER]', minArgs: 0, maxArgs: 1 },
    remove: { summary: { en: 'Forget a connection', fr: 'Oublier une connexion' }, args: 'PROVIDER', minArgs: 1, maxArgs: 1 },
  },
  defaultAction: 'list',
  options: {
    ...FIELD_OPTIONS,
    'secret-env': str({ en: 'Name of the environment variable holding the secret (recommended; read at each use, never stored)', fr: "Nom de la variable d'environnement qui contient le secret (recommandé ; lue à chaque usage, jamais enregistrée)" }, only('azure', ...ON_PREM), 'NAME'),
    'store-secret': { type: 'boolean', actions: only('azure', ...ON_PREM), description: { en: 'Store the secret in credentials.yaml (0600): asked hidden on a terminal, else read as one line from stdin', fr: "Enregistrer le secret dans credentials.yaml (0600) : demandé masqué sur un terminal, sinon lu sur une ligne de l'entrée standard" } },
    'ca-bundle': str({ en: 'PEM file of the CA that signed the endpoint certificate (private CAs, TLS-inspecting proxies)', fr: "Fichier PEM de l'autorité qui a signé le certificat du point d'accès (autorités privées, proxys qui inspectent TLS)" }, only(...PROVIDERS), 'FILE'),
    insecure: { type: 'boolean', actions: only(...PROVIDERS), description: { en: 'Do not check TLS certificates (warned every time, shown in connect list)', fr: 'Ne pas vérifier les certificats TLS (averti à chaque fois, affiché par connect list)' } },
    timeout: { type: 'number', min: 0, minExclusive: true, default: 20, valueName: 'SECONDS', actions: only(...PROVIDERS, 'test'), description: { en: 'How long to wait for each API answer', fr: 'Attente maximale de chaque réponse de l’API' } },
  },
  examples: [
    'cloudya connect aws --profile prod --region eu-west-3',
    'cloudya connect gcp --key-file ~/sa.json --project my-project',
    'cloudya connect proxmox --endpoint https://pve.lan:8006 --token-id terraform@pve!ci --secret-env PROXMOX_VE_API_TOKEN_SECRET --ca-bundle ~/pve-ca.pem',
    'cloudya connect list --output json',
    'cloudya connect test vmware',
    'cloudya connect remove nutanix',
  ],
  notes: {
    en: 'Each provider\'s own credentials come first (~/.aws profiles and SSO, gcloud application default credentials, Azure CLI, clouds.yaml). credentials.yaml (mode 0600) keeps the profile, region, project, subscription or endpoint, and for a password or API token the NAME of the environment variable holding it (recommended) or, with --store-secret, the secret itself. Flags also come from the providers\' usual variables (AWS_PROFILE, OS_AUTH_URL, VSPHERE_SERVER...). Nothing is saved unless the provider accepted the connection.',
    fr: "Les identifiants propres à chaque fournisseur passent d'abord (profils et SSO ~/.aws, identifiants par défaut gcloud, Azure CLI, clouds.yaml). credentials.yaml (mode 0600) garde le profil, la région, le projet, l'abonnement ou le point d'accès et, pour un mot de passe ou un jeton d'API, le NOM de la variable d'environnement qui le contient (recommandé) ou, avec --store-secret, le secret lui-même. Les options se lisent aussi dans les variables habituelles des fournisseurs (AWS_PROFILE, OS_AUTH_URL, VSPHERE_SERVER...). Rien n'est enregistré si le fournisseur n'a pas accepté la connexion.",
  },
  async run(ctx) {
    const action = ctx.action ?? 'list';
    if ((PROVIDERS as readonly string[]).includes(action)) return connect(ctx, action as (typeof PROVIDERS)[number]);
    if (action === 'list') return list(ctx);
    if (action === 'test') return test(ctx);
    return remove(ctx);
  },
});

/** Records a connection change in the audit log (no secret: where, and how the secret is kept); a failed write only warns. */
async function audit(ctx: CommandContext, command: string, error?: string): Promise<void> {
  const { auditConnect } = await import('../services/providers/attempt.js');
  const reason = await auditConnect(ctx.env, command, error);
  if (reason) ctx.io.stderr.write(`${m('auditFailed', { reason })}\n`);
}

function timeoutMs(ctx: CommandContext): number {
  return Math.round(((ctx.options.timeout as number | undefined) ?? 20) * 1000);
}

function providerArg(name: string): (typeof PROVIDERS)[number] {
  if (!(PROVIDERS as readonly string[]).includes(name)) throw new UsageError(m('unknownProvider', { name }), { hint: m('unknownProviderHint', { list: PROVIDERS.join(', ') }), code: 'unknown_provider' });
  return name as (typeof PROVIDERS)[number];
}

function identityText(identity: Record<string, unknown> | null | undefined): string {
  if (!identity) return '-';
  return Object.entries(identity).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join('  ');
}

async function connect(ctx: CommandContext, id: (typeof PROVIDERS)[number]) {
  const { loadProvider } = await import('../services/providers/index.js');
  const { readSectionValues } = await import('../services/credentials/store.js');
  const { secretForm } = await import('../services/providers/manage.js');
  const { isEnvName, verifyAttempt, saveAttempt } = await import('../services/providers/attempt.js');
  const { ProviderError } = await import('../services/providers/errors.js');
  const { ask, readLineFromStdin } = await import('../readline/prompt.js');
  const { userPaths, expandHome } = await import('../core/paths.js');
  const p = await loadProvider(id);
  // Read (and so check) credentials.yaml before asking anything: a broken file stops here, untouched.
  const previous = readSectionValues(id, ctx.env);
  const interactive = !!ctx.io.stdin.isTTY && ctx.global.output === 'text';
  const values: Record<string, string> = {};
  const secret = p.fields.find((f) => f.secret);
  for (const f of p.fields) {
    if (f.secret || (f.when && !f.when(values))) continue;
    const flag = f.flag ? (ctx.options[f.flag] as string | undefined) : undefined;
    const fromEnv = f.env?.map((e) => ctx.env[e]).find((v) => v);
    let v = flag ?? (interactive ? undefined : (fromEnv ?? previous[f.key] ?? f.default));
    if (v === undefined && interactive) v = await ask(ctx.io, tr(f.label), { default: fromEnv ?? previous[f.key] ?? f.default });
    if (v && (f.key === 'key_file' || f.key === 'ca_bundle')) v = expandHome(v, ctx.env);
    if (v) values[f.key] = v;
    else if (!f.optional) throw new ProviderError('missing', id, { detail: m('notSet', { label: tr(f.label) }) });
  }
  {
    let ca = ctx.options['ca-bundle'] as string | undefined;
    // Only on-premise endpoints commonly have private CAs: cloud providers are not asked, the flag still works.
    if (ca === undefined && interactive && p.tls && !ctx.options.insecure) ca = await ask(ctx.io, m('caBundle'), { default: previous.ca_bundle });
    else if (ca === undefined && !ctx.options.insecure) ca = previous.ca_bundle;
    if (ca) values.ca_bundle = expandHome(ca, ctx.env);
    if (ctx.options.insecure) {
      values.insecure = 'true';
      ctx.io.stderr.write(`${m('insecure', { provider: id })}\n`);
    }
  }
  if (secret && (!secret.when || secret.when(values))) {
    const label = tr(secret.label).toLowerCase();
    const envName = ctx.options['secret-env'] as string | undefined;
    if (envName) values[`${secret.key}_env`] = envName;
    else if (ctx.options['store-secret']) {
      const s = interactive ? await ask(ctx.io, m('secretValue', { label: tr(secret.label) }), { hidden: true }) : await readLineFromStdin(ctx.io);
      if (!s) throw new UsageError(m('stdinEmpty'), { flag: '--store-secret', code: 'missing_secret' });
      values[secret.key] = s;
    } else if (previous[`${secret.key}_env`] || previous[secret.key]) {
      if (previous[`${secret.key}_env`]) values[`${secret.key}_env`] = previous[`${secret.key}_env`];
      else values[secret.key] = previous[secret.key];
    } else if (interactive) {
      const how = (await ask(ctx.io, m('secretHow', { label }), { default: 'env' }))?.toLowerCase();
      if (how === 'store' || how === 's') {
        const s = await ask(ctx.io, m('secretValue', { label: tr(secret.label) }), { hidden: true });
        if (!s) throw new ProviderError('missing', id, { detail: m('notSet', { label }) });
        values[secret.key] = s;
      } else {
        const name = await ask(ctx.io, m('secretVar', { label }), { default: secret.defaultEnv });
        if (!name) throw new ProviderError('missing', id, { detail: m('notSet', { label }) });
        values[`${secret.key}_env`] = name;
      }
    } else if (secret.defaultEnv && ctx.env[secret.defaultEnv]) {
      values[`${secret.key}_env`] = secret.defaultEnv;
    } else {
      throw new UsageError(m('noSecretHow', { label }), { flag: '--secret-env', code: 'missing_secret' });
    }
    if (values[`${secret.key}_env`] && !isEnvName(values[`${secret.key}_env`])) {
      throw new UsageError(m('notEnvName'), { flag: '--secret-env', hint: m('notEnvNameHint', { name: secret.defaultEnv ?? 'MY_SECRET' }), code: 'bad_value' });
    }
  }
  ctx.progress(m('verifying', { name: p.name }));
  const attempt = { env: ctx.env, timeoutMs: timeoutMs(ctx), signal: ctx.signal, onAuditFailure: (reason: string) => ctx.io.stderr.write(`${m('auditFailed', { reason })}\n`) };
  const identity = await verifyAttempt(id, values, attempt);
  await saveAttempt(id, values, identity, attempt);
  const file = userPaths(ctx.env).credentials;
  const form = secretForm(p, values);
  const data = { provider: id, connected: true, identity, where: p.where(values) || null, insecure: values.insecure === 'true', secret: form, file };
  const lines = [m('connected', { name: p.name }), ...Object.entries(identity).map(([k, v]) => `  ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)];
  if (form !== 'none') lines.push(`  ${m('secretLine')} ${form === 'stored' ? m('stored') : m('fromEnv', { name: form.slice(4) })}`);
  lines.push(m('saved', { file }));
  return { data, text: lines.join('\n') };
}

async function list(ctx: CommandContext) {
  const { listConnections } = await import('../services/providers/manage.js');
  const all = await listConnections(ctx.env);
  for (const c of all) if (c.insecure) ctx.io.stderr.write(`${m('insecure', { provider: c.provider })}\n`);
  const rows = [[m('colProvider'), m('colStatus'), m('colIdentity'), m('colWhere'), m('colVerified')], ...all.map((c) => [c.provider, c.connected ? m('yes') : m('no'), c.connected ? identityText(c.identity) : '-', c.where ?? '-', c.verified_at ?? '-'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
  const problems = all.flatMap((c) => c.problems.map((p) => `  ${c.provider}: ${p}`));
  const text = [table, ...(problems.length ? ['', m('problems'), ...problems] : []), ...(all.some((c) => c.connected) ? [] : ['', m('noneConnected')])].join('\n');
  return { data: all, text };
}

async function test(ctx: CommandContext) {
  const { testConnections, listConnections } = await import('../services/providers/manage.js');
  const ids = ctx.args[0] ? [providerArg(ctx.args[0])] : (await listConnections(ctx.env)).filter((c) => c.connected).map((c) => c.provider);
  const connected = new Set((await listConnections(ctx.env)).filter((c) => c.connected).map((c) => c.provider));
  if (ctx.args[0] && !connected.has(ids[0])) throw new CloudyaError(m('notConnected', { provider: ids[0] }), { hint: m('notConnectedHint', { provider: ids[0] }), code: 'not_connected' });
  if (!ids.length) return { data: [], text: m('noneConnected') };
  for (const c of await listConnections(ctx.env)) if (c.insecure && ids.includes(c.provider)) ctx.io.stderr.write(`${m('insecure', { provider: c.provider })}\n`);
  const results = await testConnections(ids, ctx.env, timeoutMs(ctx), ctx.signal);
  for (const r of results) await audit(ctx, `connect test ${r.provider}`, r.ok ? undefined : r.error?.message);
  const text = results.map((r) => (r.ok ? m('testOk', { provider: r.provider, identity: identityText(r.identity) }) : `${m('testFail', { provider: r.provider, message: r.error!.message })}${r.error!.hint ? `\n    ${r.error!.hint}` : ''}`)).join('\n');
  return { data: results, text, exitCode: results.every((r) => r.ok) ? 0 : 1 };
}

async function remove(ctx: CommandContext) {
  const { removeConnection } = await import('../services/providers/manage.js');
  const { userPaths } = await import('../core/paths.js');
  const id = providerArg(ctx.args[0]);
  const had = await removeConnection(id, ctx.env);
  if (!had) throw new CloudyaError(m('notConnected', { provider: id }), { hint: m('notConnectedHint', { provider: id }), code: 'not_connected' });
  await audit(ctx, `connect remove ${id}`);
  const file = userPaths(ctx.env).credentials;
  return { data: { provider: id, removed: true, file }, text: m('removed', { provider: id, file }) };
}
