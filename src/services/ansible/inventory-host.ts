/**
 * The address of a user's inventory, as Ansible itself reads it (`ansible-inventory --list`: INI,
 * YAML, plugins, group_vars alike): the first host's `ansible_host`, 127.0.0.1 for a host run with
 * `connection: local`, else the inventory hostname. It fills an app's {host} (URL, health check).
 */
import path from 'node:path';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import type { AnsibleSettings } from './runner.js';

const m = defineMessages({
  en: {
    noHost: 'inventory {file} lists no host',
    unparsable: 'inventory {file} lists no host: Ansible cannot parse it',
    noHostHint: 'give an Ansible inventory with at least one host (e.g. "web1 ansible_host=203.0.113.10"); nothing was installed and nothing recorded',
    unreadable: 'cannot read inventory {file}: {reason}',
    unreadableHint: 'check it with: ansible-inventory -i {file} --list',
  },
  fr: {
    noHost: "l'inventaire {file} ne contient aucun hôte",
    unparsable: "l'inventaire {file} ne contient aucun hôte : Ansible ne sait pas le lire",
    noHostHint: "donnez un inventaire Ansible avec au moins un hôte (par ex. « web1 ansible_host=203.0.113.10 ») ; rien n'a été installé ni enregistré",
    unreadable: "impossible de lire l'inventaire {file} : {reason}",
    unreadableHint: 'vérifiez-le avec : ansible-inventory -i {file} --list',
  },
});

interface InventoryList {
  _meta?: { hostvars?: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | undefined | InventoryList['_meta'];
}

/** The hosts of `ansible-inventory --list` in Ansible's order: a group's own hosts, then its children's. */
export function inventoryHosts(list: InventoryList): string[] {
  const seen = new Set<string>();
  const visited = new Set<string>();
  const walk = (group: string) => {
    if (visited.has(group)) return;
    visited.add(group);
    const g = list[group] as { hosts?: string[]; children?: string[] } | undefined;
    for (const h of g?.hosts ?? []) seen.add(h);
    for (const c of g?.children ?? []) walk(c);
  };
  walk('all');
  return [...seen];
}

/** The address of one inventory host: ansible_host, 127.0.0.1 when it runs locally, else its name. */
export function hostAddress(name: string, vars: Record<string, unknown> = {}): string {
  if (typeof vars.ansible_host === 'string' && vars.ansible_host.trim()) return vars.ansible_host.trim();
  if (vars.ansible_connection === 'local') return '127.0.0.1';
  return name;
}

/** ansible-inventory beside the ansible-playbook in use (same install), else on PATH. */
function inventoryBinary(settings: AnsibleSettings): string | undefined {
  return which(path.join(path.dirname(settings.path), 'ansible-inventory'), settings.env) ?? which('ansible-inventory', settings.env);
}

/** The first host of an inventory and its address; throws when Ansible finds no host in it. */
export async function inventoryHost(file: string, settings: AnsibleSettings, signal?: AbortSignal): Promise<{ name: string; address: string }> {
  const bin = inventoryBinary(settings);
  if (!bin) throw new CloudyaError(m('unreadable', { file, reason: 'ansible-inventory not found' }), { hint: m('unreadableHint', { file }), code: 'bad_inventory' });
  const r = await spawn(bin, ['-i', file, '--list'], {
    env: { ...settings.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
    cancelSignal: signal,
  });
  // Ansible's own words, first line only: its warnings never carry variable values.
  const said = String(r.stderr).split('\n').map((l) => l.replace(/^\[WARNING\]:\s*|^ERROR!\s*/, '').trim()).filter(Boolean);
  let list: InventoryList;
  try {
    if (r.exitCode !== 0) throw new Error(said.slice(-1)[0] ?? `exit ${r.exitCode}`);
    list = JSON.parse(String(r.stdout)) as InventoryList;
  } catch (err) {
    throw new CloudyaError(m('unreadable', { file, reason: (err as Error).message.split('\n')[0] }), { hint: m('unreadableHint', { file }), code: 'bad_inventory' });
  }
  const name = inventoryHosts(list)[0];
  if (!name) {
    const unparsable = /Unable to parse|Failed to parse/.test(said.join(' '));
    throw new CloudyaError(m(unparsable ? 'unparsable' : 'noHost', { file }), { hint: unparsable ? m('unreadableHint', { file }) : m('noHostHint'), code: 'inventory_no_host' });
  }
  return { name, address: hostAddress(name, list._meta?.hostvars?.[name]) };
}
