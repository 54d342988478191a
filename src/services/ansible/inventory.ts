/**
 * Where a playbook runs: this machine (`connection: local`), one host over SSH (user@host[:port]),
 * or the user's own inventory file. The first two become a small YAML inventory written in the
 * run's private folder; a user's inventory is passed as is.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';

export type Target =
  | { kind: 'local' }
  | { kind: 'ssh'; user: string; host: string; port: number; key?: string }
  /** host: the address of its first host (ansible-inventory), filled in before the install is recorded. */
  | { kind: 'inventory'; file: string; host?: string };

const m = defineMessages({
  en: {
    badTarget: 'cannot read --target "{text}": expected local, host, user@host or user@host:port',
    badTargetHint: 'e.g. --target local, --target ubuntu@203.0.113.10, --target root@127.0.0.1:2222',
    badPort: 'bad port in --target "{text}": expected 1-65535',
    noInventory: 'inventory file not found: {file}',
    noInventoryHint: 'give the path of an Ansible inventory (INI or YAML)',
  },
  fr: {
    badTarget: 'impossible de lire --target « {text} » : local, hôte, utilisateur@hôte ou utilisateur@hôte:port attendu',
    badTargetHint: 'par ex. --target local, --target ubuntu@203.0.113.10, --target root@127.0.0.1:2222',
    badPort: 'port incorrect dans --target « {text} » : 1 à 65535 attendu',
    noInventory: "fichier d'inventaire introuvable : {file}",
    noInventoryHint: 'donnez le chemin d’un inventaire Ansible (INI ou YAML)',
  },
});

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;

/** Parses --target: "local", "host", "user@host", "user@host:port", "user@[v6]:port"; the user defaults to defaultUser. */
export function parseTarget(text: string, defaultUser: string, key?: string): Target {
  const t = text.trim();
  if (t === 'local' || t === 'localhost-local') return { kind: 'local' };
  const bad = () => new UsageError(m('badTarget', { text }), { flag: 'target', hint: m('badTargetHint'), code: 'bad_target' });
  const at = t.lastIndexOf('@');
  const user = at >= 0 ? t.slice(0, at) : defaultUser;
  let rest = at >= 0 ? t.slice(at + 1) : t;
  let port = 22;
  let host: string;
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(rest);
  if (v6) {
    host = v6[1];
    if (v6[2]) port = Number(v6[2]);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0 && !net.isIPv6(rest)) {
      const p = rest.slice(colon + 1);
      if (!/^\d+$/.test(p)) throw bad();
      port = Number(p);
      rest = rest.slice(0, colon);
    }
    host = rest;
  }
  if (!USER.test(user) || !(net.isIP(host) || HOSTNAME.test(host))) throw bad();
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(m('badPort', { text }), { flag: 'target', hint: m('badTargetHint'), code: 'bad_target' });
  return { kind: 'ssh', user, host, port, ...(key ? { key } : {}) };
}

/** Checks a user inventory exists. */
export function inventoryTarget(file: string): Target {
  if (!existsSync(file)) throw new UsageError(m('noInventory', { file }), { flag: 'inventory', hint: m('noInventoryHint'), code: 'bad_inventory' });
  return { kind: 'inventory', file };
}

/** How a target is shown and stored ("local", "root@127.0.0.1:2222", "inventory:/path"). */
export function targetLabel(t: Target): string {
  if (t.kind === 'local') return 'local';
  if (t.kind === 'inventory') return `inventory:${t.file}`;
  const host = net.isIPv6(t.host) ? `[${t.host}]` : t.host;
  return `${t.user}@${host}${t.port === 22 ? '' : `:${t.port}`}`;
}

/** The address health checks use: the SSH host, the inventory's first host, or 127.0.0.1 for this machine (undefined for an inventory not read yet). */
export function targetAddress(t: Target): string | undefined {
  if (t.kind === 'local') return '127.0.0.1';
  return t.host;
}

/** An address as it goes in a URL: IPv6 literals in brackets. */
export function urlHost(address: string): string {
  return net.isIPv6(address) ? `[${address}]` : address;
}

/** SSH options for every connection: new host keys are accepted once and remembered in Cloudya's own known_hosts. */
export function sshCommonArgs(knownHosts: string): string {
  return `-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="${knownHosts.replace(/"/g, '\\"')}"`;
}

/** The YAML (JSON) inventory for a local or SSH target; `become` when the remote user is not root. */
export function renderInventory(t: Exclude<Target, { kind: 'inventory' }>, knownHosts: string, connectTimeout = 10): string {
  const vars: Record<string, unknown> =
    t.kind === 'local'
      ? { ansible_connection: 'local', ansible_python_interpreter: '{{ ansible_playbook_python }}', ansible_become: process.getuid?.() !== 0 }
      : {
          ansible_host: t.host,
          ansible_port: t.port,
          ansible_user: t.user,
          ansible_become: t.user !== 'root',
          ansible_timeout: connectTimeout,
          ansible_ssh_common_args: sshCommonArgs(knownHosts),
          ...(t.key ? { ansible_ssh_private_key_file: t.key } : {}),
        };
  const name = t.kind === 'local' ? 'localhost' : t.host;
  return `${JSON.stringify({ all: { hosts: { [name]: vars } } }, null, 2)}\n`;
}
