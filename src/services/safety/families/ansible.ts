/** Ansible: check mode, syntax checks, inventory and docs are allowed; real runs are confirmed, ad-hoc shells judged. */
import type { FamilyRule } from '../context.js';
import { parseFlags } from '../flags.js';
import { allow, confirm } from '../reason.js';
import type { Reason } from '../types.js';

const VALUE = ['i', 'inventory', 'l', 'limit', 'e', 'extra-vars', 't', 'tags', 'skip-tags', 'u', 'user', 'f', 'forks', 'vault-password-file', 'vault-id', 'M', 'module-path', 'private-key', 'key-file', 'c', 'connection', 'T', 'timeout', 'start-at-task', 'become-user', 'become-method', 'm', 'module-name', 'a', 'args', 'B', 'background', 'P', 'poll', 'o', 'output'];
const SAFE_MODULES = /^(ansible\.builtin\.)?(ping|setup|gather_facts|debug|stat|find|service_facts|package_facts|command_info|assert|fail)$/;

const playbook: FamilyRule = (name, args) => {
  const f = parseFlags(args, { withValue: VALUE });
  if (f.has('C', 'check', 'syntax-check', 'list-tasks', 'list-hosts', 'list-tags', 'version', 'help', 'h')) return [allow('ansible.check', { en: '{part} runs in check or listing mode and changes nothing', fr: '{part} tourne en mode vérification ou liste et ne change rien' }, `${name} --check`)];
  return [confirm('ansible.run', { en: '{part} applies playbooks to real hosts', fr: '{part} applique des playbooks à de vrais hôtes' }, name)];
};

const adhoc: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: VALUE });
  if (f.has('version', 'help', 'h', 'list-hosts')) return [allow('ansible.check', { en: '{part} changes nothing', fr: '{part} ne change rien' }, name)];
  const module = f.value('m', 'module-name') ?? 'command';
  const moduleArgs = f.value('a', 'args') ?? '';
  const out: Reason[] = [];
  if (/^(ansible\.builtin\.)?(shell|command|raw)$/.test(module)) {
    out.push(confirm('ansible.adhoc-shell', { en: '{part} runs a shell command on remote hosts', fr: '{part} exécute une commande shell sur des hôtes distants' }, `-m ${module}`));
    if (moduleArgs) out.push(...ctx.nested(moduleArgs, `-a ${moduleArgs}`));
    return out;
  }
  // Jinja lookups run on the controller (file, pipe, env...): {{ lookup('pipe', 'id') }} runs a command here.
  const templated = [moduleArgs, ...f.all('e', 'extra-vars')].filter((v) => /\{\{|\{%|^@/.test(v));
  if (templated.length) return [confirm('ansible.template', { en: '{part}: templates can read files and run commands on this machine', fr: '{part} : les modèles peuvent lire des fichiers et exécuter des commandes sur cette machine' }, templated[0].slice(0, 80))];
  if (SAFE_MODULES.test(module) || f.has('C', 'check')) return [allow('ansible.check', { en: '{part} only gathers information', fr: '{part} ne fait que collecter des informations' }, `-m ${module}`)];
  return [confirm('ansible.run', { en: '{part} changes remote hosts', fr: '{part} modifie des hôtes distants' }, `${name} -m ${module}`)];
};

const readOnlyTool: FamilyRule = (name) => [allow('ansible.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, name)];

const galaxy: FamilyRule = (name, args, ctx) => {
  const verb = args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
  if (verb.some((v) => /^(list|info|search)$/.test(v))) return readOnlyTool(name, args, ctx);
  return [confirm('ansible.galaxy', { en: '{part} downloads or publishes roles and collections', fr: '{part} télécharge ou publie des rôles et collections' }, `${name} ${verb.join(' ')}`)];
};

const vault: FamilyRule = (name, args) => {
  const verb = args.find((a) => !a.text.startsWith('-'))?.text ?? '';
  return [confirm(verb === 'view' || verb === 'decrypt' ? 'ansible.vault-secrets' : 'ansible.vault', { en: '{part} reads or rewrites encrypted secrets', fr: '{part} lit ou réécrit des secrets chiffrés' }, `${name} ${verb}`)];
};

export const ANSIBLE_RULES: Record<string, FamilyRule> = {
  'ansible-playbook': playbook,
  ansible: adhoc,
  'ansible-inventory': readOnlyTool,
  'ansible-doc': readOnlyTool,
  'ansible-config': readOnlyTool,
  'ansible-lint': readOnlyTool,
  'ansible-galaxy': galaxy,
  'ansible-vault': vault,
};
