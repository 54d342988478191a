/** terraform / tofu: plan, validate, show and friends are allowed; apply, destroy, state changes are confirmed. */
import type { FamilyRule } from '../context.js';
import { allow, confirm } from '../reason.js';

const READ = new Set(['plan', 'validate', 'show', 'output', 'providers', 'version', 'graph', 'help', 'metadata', 'modules']);

const terraform: FamilyRule = (name, args) => {
  const rest = args.filter((a) => !/^-chdir=/.test(a.text));
  const pos = rest.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
  const flags = rest.filter((a) => a.text.startsWith('-')).map((a) => a.text.replace(/^--?/, ''));
  const verb = pos[0] ?? '';
  const sub = pos[1] ?? '';
  const part = `${name} ${verb}${/^(state|workspace|providers)$/.test(verb) && sub ? ` ${sub}` : ''}`.trim();
  const read = () => [allow('terraform.read', { en: '{part} changes no infrastructure', fr: "{part} ne modifie pas l'infrastructure" }, part)];
  if (!verb || flags.includes('version') || flags.includes('help')) return read();
  if (verb === 'fmt') {
    return flags.some((f) => f === 'check' || f === 'diff' || f === 'write=false') ? read() : [confirm('terraform.fmt', { en: '{part} rewrites .tf files', fr: '{part} réécrit des fichiers .tf' }, part)];
  }
  // -json/-raw outputs and the raw state print sensitive values that the plain views mask.
  const secrets = () => [confirm('terraform.secrets', { en: '{part} prints sensitive values (secrets in outputs or state)', fr: '{part} affiche des valeurs sensibles (secrets des sorties ou de l’état)' }, part)];
  if ((verb === 'output' && flags.some((f) => f === 'json' || f === 'raw')) || (verb === 'show' && flags.includes('json')) || (verb === 'state' && sub === 'pull')) return secrets();
  if (verb === 'state') return /^(list|show)$/.test(sub) ? read() : [confirm('terraform.state', { en: '{part} changes the Terraform state', fr: "{part} modifie l'état Terraform" }, part)];
  if (verb === 'workspace') return /^(list|show)$/.test(sub) ? read() : [confirm('terraform.workspace', { en: '{part} changes workspaces', fr: '{part} modifie les espaces de travail' }, part)];
  if (verb === 'providers' && sub && sub !== 'schema') return [confirm('terraform.init', { en: '{part} downloads providers or writes lock files', fr: '{part} télécharge des providers ou écrit des fichiers de verrou' }, part)];
  const planOut = rest.find((a) => /^-out=/.test(a.text));
  if (verb === 'plan' && planOut) return [confirm('fs.write', { en: '{part} writes a plan file (it holds the values of secrets)', fr: '{part} écrit un fichier de plan (il contient les valeurs des secrets)' }, `${part} ${planOut.raw}`)];
  if (READ.has(verb)) return read();
  if (verb === 'apply') return [confirm('terraform.apply', { en: '{part} changes real infrastructure', fr: "{part} modifie l'infrastructure réelle" }, part)];
  if (verb === 'destroy') return [confirm('terraform.destroy', { en: '{part} destroys real infrastructure', fr: "{part} détruit l'infrastructure réelle" }, part)];
  if (verb === 'test') return [confirm('terraform.apply', { en: '{part} creates real infrastructure to run the tests, then destroys it', fr: "{part} crée une vraie infrastructure pour les tests, puis la détruit" }, part)];
  if (verb === 'console') return [confirm('terraform.secrets', { en: '{part} can print any value of the state, secrets included', fr: "{part} peut afficher toute valeur de l'état, secrets compris" }, part)];
  if (verb === 'init' || verb === 'get') return [confirm('terraform.init', { en: '{part} downloads modules and providers into the working directory', fr: '{part} télécharge modules et providers dans le dossier de travail' }, part)];
  return [confirm('terraform.change', { en: '{part} changes state, locks or credentials', fr: "{part} modifie l'état, des verrous ou des identifiants" }, part)];
};

export const TERRAFORM_RULES: Record<string, FamilyRule> = { terraform, tofu: terraform, terragrunt: terraform };
