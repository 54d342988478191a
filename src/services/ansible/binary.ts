/** Finds ansible-playbook (the ansible_path setting) and checks that it is recent enough. */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import { compareVersions } from '../terraform/binary.js';

/** ansible-core 2.12 is the oldest with the callback and module behaviour our playbooks rely on. */
export const MIN_ANSIBLE = '2.12.0';

export interface AnsibleBinary {
  /** ansible-playbook. */
  path: string;
  /** The ansible-core version. */
  version: string;
}

const m = defineMessages({
  en: {
    missing: 'ansible-playbook not found (ansible_path = "{path}")',
    missingHint: 'install Ansible >= {min} (Debian/Ubuntu: apt-get install ansible-core; elsewhere: pipx install ansible-core), or point Cloudya at it: cloudya configure set ansible_path /path/to/ansible-playbook',
    old: 'Ansible {version} at {path} is too old: Cloudya needs ansible-core {min} or newer',
    oldHint: 'upgrade Ansible (pipx upgrade ansible-core), or set ansible_path to a newer ansible-playbook: cloudya configure set ansible_path /path/to/ansible-playbook',
    broken: 'cannot run "{path} --version": {reason}',
  },
  fr: {
    missing: 'ansible-playbook introuvable (ansible_path = « {path} »)',
    missingHint: 'installez Ansible >= {min} (Debian/Ubuntu : apt-get install ansible-core ; ailleurs : pipx install ansible-core), ou indiquez son chemin : cloudya configure set ansible_path /chemin/vers/ansible-playbook',
    old: 'Ansible {version} ({path}) est trop ancien : Cloudya demande ansible-core {min} ou plus récent',
    oldHint: 'mettez Ansible à jour (pipx upgrade ansible-core), ou réglez ansible_path vers un ansible-playbook récent : cloudya configure set ansible_path /chemin/vers/ansible-playbook',
    broken: 'impossible de lancer « {path} --version » : {reason}',
  },
});

/** The version in `ansible-playbook --version`'s first line ("ansible-playbook [core 2.14.18]"). */
export function parseAnsibleVersion(text: string): string | undefined {
  const first = text.split('\n')[0] ?? '';
  return /\[core ([0-9][^\]\s]*)\]/.exec(first)?.[1] ?? /(?:ansible-playbook|ansible)\s+([0-9]+\.[0-9]+(?:\.[0-9]+)?)/.exec(first)?.[1];
}

const cache = new Map<string, AnsibleBinary>();

/** Locates ansible-playbook and checks its version; throws a CloudyaError with the install hint. */
export async function findAnsible(configured: string | undefined, env: NodeJS.ProcessEnv): Promise<AnsibleBinary> {
  const wanted = configured || 'ansible-playbook';
  const found = which(wanted, env);
  if (!found) throw new CloudyaError(m('missing', { path: wanted }), { hint: m('missingHint', { min: MIN_ANSIBLE }), code: 'ansible_missing' });
  const hit = cache.get(found);
  if (hit) return hit;
  let version: string | undefined;
  try {
    const r = await spawn(found, ['--version'], { env: { ...env, LC_ALL: 'C.UTF-8', ANSIBLE_NOCOLOR: '1' }, extendEnv: false, timeout: 60_000 });
    version = parseAnsibleVersion(String(r.stdout));
  } catch (err) {
    throw new CloudyaError(m('broken', { path: found, reason: String((err as Error).message).split('\n')[0] }), { hint: m('missingHint', { min: MIN_ANSIBLE }), code: 'ansible_broken' });
  }
  if (!version) throw new CloudyaError(m('broken', { path: found, reason: 'no version in its output' }), { hint: m('missingHint', { min: MIN_ANSIBLE }), code: 'ansible_broken' });
  if (compareVersions(version, MIN_ANSIBLE) < 0) throw new CloudyaError(m('old', { version, path: found, min: MIN_ANSIBLE }), { hint: m('oldHint'), code: 'ansible_too_old' });
  const bin = { path: found, version };
  cache.set(found, bin);
  return bin;
}
