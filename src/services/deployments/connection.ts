/**
 * The SSH target of the host a deployment created, from its recorded outputs as its template's or
 * stack's manifest declares them (`connection:`): the host address, the SSH user (an output, or the
 * user of an ssh_command output), the port and the key, each falling back to the manifest's literal.
 * Used by a stack's app phase and by `app install --deployment`. Pure, so it can be checked on
 * recorded outputs.
 */
import net from 'node:net';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { expandHome } from '../../core/paths.js';
import type { Target } from '../ansible/inventory.js';
import type { HostConnection } from '../terraform/types.js';

const m = defineMessages({
  en: {
    noHost: 'the deployment has no "{output}" output to reach its host',
    noHostHint: 'check connection.host_output in the stack\'s or template\'s manifest against cloudya deploy outputs {id}',
    badPort: 'output "{output}" is not a TCP port: {value}',
  },
  fr: {
    noHost: "le déploiement n'a pas de sortie « {output} » pour joindre son hôte",
    noHostHint: 'comparez connection.host_output du manifeste de la pile ou du template avec cloudya deploy outputs {id}',
    badPort: "la sortie « {output} » n'est pas un port TCP : {value}",
  },
});

/** The user of an "ssh [options] user@host" command, or the value itself when it is a plain user name. */
export function userFrom(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  if (/^[a-z_][a-z0-9_.-]{0,31}$/i.test(value.trim())) return value.trim();
  return /(?:^|\s)([a-z_][a-z0-9_.-]{0,31})@\S+/i.exec(value)?.[1];
}

/** Fills {name} placeholders with parameter values (unknown ones left as they are). */
function fill(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (all, k: string) => (values[k] === undefined || values[k] === null || values[k] === '' ? all : String(values[k])));
}

/**
 * The SSH target of the host a deployment created. `key` (--ssh-key) wins over the manifest's;
 * a manifest key still holding a placeholder (its parameter was not given) is left out.
 */
export function targetFromOutputs(conn: HostConnection, outputs: Record<string, unknown>, opts: { deploymentId: string; infraParams?: Record<string, unknown>; key?: string; env?: NodeJS.ProcessEnv }): Extract<Target, { kind: 'ssh' }> {
  const raw = outputs[conn.host_output];
  const host = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '';
  if (!host || !(net.isIP(host) || /^[A-Za-z0-9.-]{1,253}$/.test(host))) {
    throw new CloudyaError(m('noHost', { output: conn.host_output }), { hint: m('noHostHint', { id: opts.deploymentId }), code: 'stack_no_host' });
  }
  const user = (conn.user_output ? userFrom(outputs[conn.user_output]) : undefined) ?? (conn.user || undefined) ?? 'root';
  let port = conn.port ?? 22;
  if (conn.port_output && outputs[conn.port_output] !== undefined && outputs[conn.port_output] !== null) {
    const v = Number(outputs[conn.port_output]);
    if (!Number.isInteger(v) || v < 1 || v > 65535) throw new CloudyaError(m('badPort', { output: conn.port_output, value: String(outputs[conn.port_output]) }), { code: 'stack_bad_port' });
    port = v;
  }
  let key = opts.key;
  if (!key && conn.key_output && typeof outputs[conn.key_output] === 'string') key = outputs[conn.key_output] as string;
  if (!key && conn.key) {
    const filled = fill(conn.key, opts.infraParams ?? {});
    if (!/\{[A-Za-z0-9_]+\}/.test(filled)) key = filled;
  }
  return { kind: 'ssh', user, host, port, ...(key ? { key: expandHome(key, opts.env) } : {}) };
}
