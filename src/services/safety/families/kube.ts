/** kubectl and helm: reads allowed; apply/delete/exec/scale... confirmed; real dry runs allowed. */
import type { FamilyRule } from '../context.js';
import { parseFlags } from '../flags.js';
import { allow, confirm } from '../reason.js';
import { judgeReadTarget, judgeWriteTarget } from '../targets.js';
import type { Reason } from '../types.js';
import { literalArg } from '../words.js';

const KUBE_VALUE = ['n', 'namespace', 'context', 'kubeconfig', 'cluster', 'user', 's', 'server', 'token', 'l', 'selector', 'o', 'output', 'f', 'filename', 'c', 'container', 'field-selector', 'sort-by', 'template', 'since', 'tail', 'p', 'as', 'as-group', 'request-timeout', 'v', 'k', 'kustomize', 'dry-run', 'timeout', 'replicas', 'image', 'type', 'port', 'target-port', 'grace-period', 'chunk-size', 'label-columns', 'L', 'cache-dir', 'certificate-authority', 'client-certificate', 'client-key', 'password', 'username', 'patch', 'overrides', 'subresource', 'raw', 'for', 'cascade', 'field-manager', 'revision', 'to-revision', 'containers', 'shell', 'env', 'limits', 'requests', 'max-log-requests', 'prefix', 'since-time'];
const KUBE_BOOL = ['A', 'all-namespaces', 'w', 'watch', 'watch-only', 'no-headers', 'show-labels', 'show-kind', 'show-managed-fields', 'ignore-not-found', 'recursive', 'R', 'f', 'follow', 'previous', 'timestamps', 'all-containers', 'prefix', 'i', 'stdin', 't', 'tty', 'overwrite', 'force', 'wait', 'all', 'local', 'server-side', 'force-conflicts', 'validate', 'save-config', 'record', 'prune', 'include-uninitialized', 'insecure-skip-tls-verify', 'match-server-version', 'warnings-as-errors', 'minify', 'flatten', 'raw', 'h', 'help', 'version', 'client', 'short', 'quiet', 'q', 'list', 'exit-code', 'ignore-daemonsets', 'delete-emptydir-data', 'disable-eviction', 'now', 'containers', 'sort-by', 'use-protocol-buffers', 'no-stream', 'output-watch-events', 'chunk-size', 'namespaced', 'verbs', 'api-group', 'show-events', 'reverse', 'for', 'keep', 'skip-headers'];
const KNOWN_LONG = new Set([...KUBE_VALUE, ...KUBE_BOOL]);
const SHORT_VALUE = new Set(KUBE_VALUE.filter((f) => f.length === 1));

/** True when kubectl knows this option word (-n5, -oyaml, -it and --name=value forms included). */
function knownFlag(t: string): boolean {
  if (t.startsWith('--')) return KNOWN_LONG.has(t.slice(2).split('=')[0]);
  for (const c of t.slice(1)) {
    if (SHORT_VALUE.has(c)) return true;
    if (!KNOWN_LONG.has(c)) return false;
  }
  return true;
}
const KUBE_READ = new Set(['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'diff', 'events', 'wait', 'completion', 'help', 'plugin', 'kustomize']);
const KUBE_CHANGE = new Set(['apply', 'create', 'replace', 'patch', 'edit', 'scale', 'autoscale', 'set', 'label', 'annotate', 'taint', 'cordon', 'uncordon', 'drain', 'expose', 'run', 'exec', 'cp', 'port-forward', 'attach', 'proxy', 'certificate', 'debug', 'rollout', 'delete']);

function isDryRun(v: string | undefined): boolean {
  return v === 'client' || v === 'server';
}

const kubectl: FamilyRule = (name, args, ctx) => {
  // A flag Cloudya does not know may take a value and hide the verb (kubectl --profile-output get delete ns prod).
  const unknownFlags = args.filter((a) => a.text.startsWith('-') && a.text !== '-' && a.text !== '--' && !knownFlag(a.text));
  if (unknownFlags.length && name !== 'helm') return [confirm('kubectl.unknown', { en: '{part}: an option Cloudya does not know (it could hide the real verb)', fr: '{part} : une option que Cloudya ne connaît pas (elle pourrait masquer le vrai verbe)' }, `${name} ${unknownFlags.map((a) => a.raw).join(' ')}`)];
  const f = parseFlags(args, { withValue: KUBE_VALUE });
  const pos = f.positionals.map((p) => p.text);
  const verb = pos[0] ?? '';
  const part = `${name} ${pos.slice(0, 2).join(' ')}`.trim();
  const out: Reason[] = f.all('f', 'filename', 'kubeconfig').flatMap((p) => judgeReadTarget(literalArg(p), ctx.home));
  if (!verb || f.has('version', 'help', 'h')) return [allow('kubectl.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  if (verb === 'config') {
    const sub = pos[1] ?? '';
    if (sub === 'view' && f.has('raw', 'flatten')) return [confirm('kubectl.secrets', { en: '{part} --raw prints cluster credentials', fr: '{part} --raw affiche les identifiants du cluster' }, part)];
    if (/^(view|get-contexts|get-clusters|get-users|current-context)$/.test(sub)) return [allow('kubectl.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
    return [confirm('kubectl.config', { en: '{part} changes the kubeconfig', fr: '{part} modifie le kubeconfig' }, part)];
  }
  if (f.has('raw') && /secret/i.test(f.value('raw') ?? '')) return [confirm('kubectl.secrets', { en: '{part} prints secret values', fr: '{part} affiche des valeurs secrètes' }, `${part} --raw`)];
  if (f.has('raw') && verb === 'get') return [confirm('kubectl.raw', { en: '{part} --raw calls any API path', fr: '{part} --raw appelle n’importe quel chemin de l’API' }, `${part} --raw`)];
  if (verb === 'auth' && !/^(can-i|whoami)$/.test(pos[1] ?? '')) return [confirm('kubectl.change', { en: '{part} changes RBAC objects', fr: '{part} modifie des objets RBAC' }, part)];
  if (verb === 'auth') return [allow('kubectl.read', { en: '{part} only checks permissions', fr: '{part} ne fait que vérifier des droits' }, part)];
  if (verb === 'rollout' && /^(status|history)$/.test(pos[1] ?? '')) return [allow('kubectl.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  if ((verb === 'get' || verb === 'describe') && pos.slice(1).some((p) => p.split(',').some((r) => /^(secrets?|secret\.v1|secrets\.v1|all)(\/|\.|$)/.test(r)) && !(/^all$/.test(p) && !/secret/.test(p)))) {
    const o = f.value('o', 'output') ?? '';
    if (verb === 'describe' || /^(yaml|json|jsonpath|go-template|custom-columns)/.test(o)) return [confirm('kubectl.secrets', { en: '{part} prints secret values', fr: '{part} affiche des valeurs secrètes' }, `${part} -o ${o}`.trim())];
  }
  if (KUBE_READ.has(verb)) {
    return [...out, allow('kubectl.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  }
  const dry = f.value('dry-run');
  if (f.has('dry-run') && isDryRun(dry) && /^(apply|create|replace|patch|delete|scale|set|label|annotate|expose|run|autoscale|drain|cordon|taint)$/.test(verb)) {
    return [...out, allow('kubectl.dry-run', { en: '{part} --dry-run={mode} changes nothing', fr: '{part} --dry-run={mode} ne modifie rien' }, part, { mode: dry })];
  }
  if (verb === 'delete') return [...out, confirm('kubectl.delete', { en: '{part} deletes cluster resources', fr: '{part} supprime des ressources du cluster' }, part)];
  if (verb === 'apply') return [...out, confirm('kubectl.apply', { en: '{part} changes cluster resources', fr: '{part} modifie des ressources du cluster' }, part)];
  if (KUBE_CHANGE.has(verb)) return [...out, confirm('kubectl.change', { en: '{part} changes the cluster or runs code in it', fr: '{part} modifie le cluster ou y exécute du code' }, part)];
  return [...out, confirm('kubectl.unknown', { en: '{part}: unknown kubectl command', fr: '{part} : commande kubectl inconnue' }, part)];
};

const HELM_READ = new Set(['list', 'ls', 'status', 'get', 'history', 'hist', 'show', 'inspect', 'search', 'template', 'lint', 'version', 'env', 'help', 'verify', 'completion']);

const helm: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['n', 'namespace', 'kube-context', 'kubeconfig', 'f', 'values', 'set', 'set-string', 'set-file', 'set-json', 'version', 'o', 'output', 'repo', 'timeout', 'revision', 'max', 'post-renderer', 'registry-config', 'repository-config', 'repository-cache', 'description', 'username', 'password', 'd', 'destination', 'output-dir', 'dry-run'] });
  const pos = f.positionals.map((p) => p.text);
  const verb = pos[0] ?? '';
  const part = `${name} ${pos.slice(0, 2).join(' ')}`.trim();
  const out: Reason[] = f.all('f', 'values', 'set-file').flatMap((p) => judgeReadTarget(literalArg(p), ctx.home));
  const outDir = f.value('output-dir', 'd', 'destination');
  if (outDir) out.push(...judgeWriteTarget(literalArg(outDir), ctx.home));
  if (!verb || HELM_READ.has(verb) || (verb === 'repo' && /^(list|ls|index)$/.test(pos[1] ?? '')) || (verb === 'dependency' && /^(list|ls)$/.test(pos[1] ?? '')) || (verb === 'plugin' && /^(list|ls)$/.test(pos[1] ?? ''))) {
    return [...out, allow('helm.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  }
  if (verb === 'repo' && pos[1] === 'update') return [...out, confirm('net.request', { en: '{part} downloads chart indexes from the repositories', fr: '{part} télécharge les index de charts des dépôts' }, part)];
  const dry = f.value('dry-run');
  if (/^(install|upgrade|uninstall|delete|rollback)$/.test(verb) && f.has('dry-run') && (dry === undefined || dry === 'client' || dry === 'server' || dry === 'true')) {
    return [...out, allow('helm.dry-run', { en: '{part} --dry-run changes nothing', fr: '{part} --dry-run ne modifie rien' }, part)];
  }
  if (/^(uninstall|delete|del|un)$/.test(verb)) return [...out, confirm('helm.uninstall', { en: '{part} removes a release and its resources', fr: '{part} supprime une release et ses ressources' }, part)];
  return [...out, confirm('helm.change', { en: '{part} installs, upgrades or changes releases or repositories', fr: '{part} installe, met à jour ou modifie des releases ou des dépôts' }, part)];
};

export const KUBE_RULES: Record<string, FamilyRule> = { kubectl, k: kubectl, oc: kubectl, helm };
