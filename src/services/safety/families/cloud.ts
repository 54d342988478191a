/** Cloud CLIs: aws, gcloud, az. Reads are allowed, anything that creates, changes or deletes is confirmed. */
import type { FamilyRule } from '../context.js';
import { allow, confirm } from '../reason.js';
import { judgeReadTarget } from '../targets.js';
import type { Reason } from '../types.js';
import type { Arg } from '../words.js';

const AWS_GLOBAL_VALUE = new Set(['--profile', '--region', '--output', '--endpoint-url', '--query', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format']);
const AWS_READ = /^(describe|list|get|head|lookup|search|batch-get|filter|validate|estimate|preview|simulate|test-|check|detect|scan|query|select|wait|help|generate-presigned|presign|tail)/;
const AWS_DELETE = /^(delete|terminate|remove|rb|rm|deregister|disassociate|detach|revoke|purge|cancel|disable|stop|reboot|reset|destroy|leave)/;

function positionalsOf(args: Arg[], valueFlags: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t.startsWith('-')) {
      if (!t.includes('=') && valueFlags.has(t)) i++;
      continue;
    }
    out.push(t);
  }
  return out;
}

function credsRead(args: Arg[], home: string): Reason[] {
  return args.flatMap((a) => judgeReadTarget({ ...a, text: a.text.replace(/^(file|fileb):\/\//, '') }, home));
}

/** Flags before the service that Cloudya does not know could take a value and hide the real service and operation. */
function unknownGlobalFlags(family: string, name: string, args: Arg[], known: RegExp): Reason[] {
  const before: Arg[] = [];
  for (const a of args) {
    if (!a.text.startsWith('-')) break;
    before.push(a);
  }
  const unknown = before.filter((a) => !known.test(a.text.split('=')[0]));
  return unknown.length ? [confirm(`${family}.unknown`, { en: '{part}: an option before the command that Cloudya does not know (it could hide the real command)', fr: '{part} : une option avant la commande que Cloudya ne connaît pas (elle pourrait masquer la vraie commande)' }, `${name} ${unknown.map((a) => a.raw).join(' ')}`)] : [];
}

const aws: FamilyRule = (name, args, ctx) => {
  const hidden = unknownGlobalFlags('aws', name, args, /^--(profile|region|output|endpoint-url|query|color|ca-bundle|cli-read-timeout|cli-connect-timeout|cli-binary-format|debug|no-verify-ssl|no-paginate|no-sign-request|no-cli-pager|version|no-cli-auto-prompt)$/);
  if (hidden.length) return hidden;
  const pos = positionalsOf(args, AWS_GLOBAL_VALUE);
  const [service, op] = pos;
  const part = [name, service, op].filter(Boolean).join(' ');
  const extra = credsRead(args, ctx.home);
  if (!service || service === 'help' || args.some((a) => a.text === '--version')) return [allow('aws.read', { en: '{part} only shows help or the version', fr: '{part} affiche seulement l’aide ou la version' }, part)];
  if (service === 's3') {
    if (op === 'ls' || op === 'presign') return [allow('aws.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part), ...extra];
    if (op === 'rm' || op === 'rb') return [confirm('aws.delete', { en: '{part} deletes S3 objects or buckets', fr: '{part} supprime des objets ou compartiments S3' }, part), ...extra];
    return [confirm('aws.write', { en: '{part} writes to S3 or local files', fr: '{part} écrit dans S3 ou dans des fichiers locaux' }, part), ...extra];
  }
  if (service === 'configure') {
    const key = pos[2] ?? '';
    if (op === 'get' && /secret|token|access_key|password|credential/i.test(key)) return [confirm('aws.secrets', { en: '{part} prints a credential', fr: '{part} affiche un identifiant' }, `${part} ${key}`)];
    if (op === 'export-credentials') return [confirm('aws.secrets', { en: '{part} prints credentials', fr: '{part} affiche des identifiants' }, part)];
    if (op === 'get' || op === 'list' || op === 'list-profiles') return [allow('aws.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
    return [confirm('aws.configure', { en: '{part} changes the AWS CLI configuration', fr: '{part} modifie la configuration de l’AWS CLI' }, part)];
  }
  if (!op) return [confirm('aws.unknown', { en: '{part}: cannot tell what this does', fr: '{part} : impossible de savoir ce que cela fait' }, part)];
  if (service === 'sts' && op === 'get-caller-identity') return [allow('aws.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  if (/^(batch-)?get-(secret-value|parameters?|parameters-by-path|parameter-history|password-data|session-token|federation-token|authorization-token|login-password|credential-report|access-key-info|random-password)$/.test(op) || /secret-value|credentials?$|-token$|^assume-role|^decrypt|^export-|generate-db-auth-token|get-instance-access-details|get-login/.test(op) || args.some((a) => a.text === '--with-decryption')) {
    return [confirm('aws.secrets', { en: '{part} prints secrets or credentials', fr: '{part} affiche des secrets ou des identifiants' }, part), ...extra];
  }
  if (AWS_DELETE.test(op)) return [confirm('aws.delete', { en: '{part} deletes, stops or detaches resources', fr: '{part} supprime, arrête ou détache des ressources' }, part), ...extra];
  if (AWS_READ.test(op)) return [allow('aws.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part), ...extra];
  return [confirm('aws.write', { en: '{part} creates or changes resources', fr: '{part} crée ou modifie des ressources' }, part), ...extra];
};

const GC_READ = new Set(['list', 'describe', 'get', 'get-value', 'info', 'version', 'show', 'list-tags', 'get-iam-policy', 'read', 'tail', 'list-grantable-roles', 'ls', 'cat', 'du', 'help', 'get-ancestors', 'search']);
const GC_SECRETS = /^(print-access-token|print-identity-token|access|get-credentials|application-default)$/;
const GC_DELETE = /^(delete|remove|rm|destroy|reset|stop|disable|undelete|remove-iam-policy-binding|abandon|cancel|revoke)/;

function verbJudge(family: string, name: string, args: Arg[], valueFlags: Set<string>, ctx: Parameters<FamilyRule>[2]): Reason[] {
  const pos = positionalsOf(args, valueFlags);
  const extra = credsRead(args, ctx.home);
  const part = [name, ...pos.slice(0, 4)].join(' ');
  if (!pos.length || args.some((a) => a.text === '--version' || a.text === '--help' || a.text === '-h')) return [allow(`${family}.read`, { en: '{part} only shows help or the version', fr: "{part} affiche seulement l'aide ou la version" }, part)];
  const secretCall = (family === 'az' && (pos.includes('get-access-token') || (pos.includes('keys') && pos.some((p) => /^(list|renew|show)$/.test(p))) || (pos.includes('secret') && pos.some((p) => /^(show|download|list-versions|backup)$/.test(p))) || pos.some((p) => /connection-string|credential|publishing-profiles|publish-profile|list-keys|get-keys|keys$/.test(p)))) || (family === 'gcloud' && pos.some((p) => /^(config-helper|decrypt|print-access-token|print-identity-token|print-refresh-token)$/.test(p)));
  if (pos.some((p) => GC_SECRETS.test(p)) || secretCall) return [confirm(`${family}.secrets`, { en: '{part} prints or stores credentials', fr: '{part} affiche ou enregistre des identifiants' }, part), ...extra];
  if (pos.some((p) => GC_DELETE.test(p))) return [confirm(`${family}.delete`, { en: '{part} deletes or stops resources', fr: '{part} supprime ou arrête des ressources' }, part), ...extra];
  if (pos.some((p) => GC_READ.has(p) || /^(list|describe|show|get)-/.test(p))) {
    if (pos.includes('set') || pos.includes('create') || pos.includes('update')) return [confirm(`${family}.write`, { en: '{part} creates or changes resources', fr: '{part} crée ou modifie des ressources' }, part), ...extra];
    return [allow(`${family}.read`, { en: '{part} only reads', fr: '{part} ne fait que lire' }, part), ...extra];
  }
  return [confirm(`${family}.write`, { en: '{part} creates or changes resources', fr: '{part} crée ou modifie des ressources' }, part), ...extra];
}

const gcloud: FamilyRule = (name, args, ctx) => verbJudge('gcloud', name, args, new Set(['--project', '--account', '--configuration', '--format', '--filter', '--limit', '--region', '--zone', '--verbosity', '--impersonate-service-account', '--billing-project', '--sort-by', '--page-size']), ctx);
const az: FamilyRule = (name, args, ctx) => verbJudge('az', name, args, new Set(['--subscription', '-g', '--resource-group', '-n', '--name', '-o', '--output', '--query', '-l', '--location', '--only-show-errors', '--ids']), ctx);

export const CLOUD_RULES: Record<string, FamilyRule> = { aws, gcloud, gsutil: gcloud, az };
