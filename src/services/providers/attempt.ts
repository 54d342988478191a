/**
 * One connection attempt as every front end makes it (`cloudya connect X` and the TUI's connect
 * form): check the secret's variable name, verify with the provider, save only what was accepted,
 * and record the attempt in the audit log (where, and how the secret is kept: never the secret).
 */
import { CloudyaError } from '../../core/errors.js';
import { loadProvider, type ProviderId } from './index.js';
import { saveConnection, secretForm, verifyValues } from './manage.js';
import type { Identity } from './types.js';

/** True for a usable environment variable name (a secret pasted there by mistake is not one). */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** The audit log's words for an attempt: provider, endpoint/region, secret form, --insecure. */
export async function attemptCommand(id: ProviderId, values: Record<string, string>): Promise<string> {
  const p = await loadProvider(id);
  const form = secretForm(p, values);
  return `connect ${id} ${p.where(values)}${form === 'none' ? '' : ` secret=${form}`}${values.insecure === 'true' ? ' --insecure' : ''}`;
}

/** Appends one connect entry to the audit log; returns why it could not be written (the caller warns), or undefined. */
export async function auditConnect(env: NodeJS.ProcessEnv, command: string, error?: string): Promise<string | undefined> {
  try {
    const { appendAudit } = await import('../audit/index.js');
    appendAudit({ source: 'connect', event: 'connection', command, executed: !error, ...(error ? { error } : {}) }, env);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export interface AttemptOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called when the audit log cannot be written (the attempt itself goes on). */
  onAuditFailure?: (reason: string) => void;
}

/** Verifies values with the provider; a refusal is audited and rethrown (a ProviderError naming the cause). */
export async function verifyAttempt(id: ProviderId, values: Record<string, string>, o: AttemptOptions): Promise<Identity> {
  try {
    return await verifyValues(id, values, o.env, o.timeoutMs, o.signal);
  } catch (err) {
    // A cancelled attempt is the user's choice, not a connection problem.
    if (err instanceof CloudyaError && !o.signal?.aborted) {
      const reason = await auditConnect(o.env, await attemptCommand(id, values), err.message);
      if (reason) o.onAuditFailure?.(reason);
    }
    throw err;
  }
}

/** Saves a verified connection to credentials.yaml and audits it. */
export async function saveAttempt(id: ProviderId, values: Record<string, string>, identity: Identity, o: Pick<AttemptOptions, 'env' | 'onAuditFailure'>): Promise<void> {
  await saveConnection(id, values, identity, o.env);
  const reason = await auditConnect(o.env, await attemptCommand(id, values));
  if (reason) o.onAuditFailure?.(reason);
}
