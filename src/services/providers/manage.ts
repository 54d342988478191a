/** Connections as a whole: verify and save, re-test, list, remove. Front ends gather the values. */
import { readCredentials, toConnection, updateConnection, type StoredConnection } from '../credentials/store.js';
import { existsSync } from 'node:fs';
import { ProviderError } from './errors.js';
import { resolveSecret, secretApplies, secretField, transportFor } from './connection.js';
import { loadProvider, PROVIDER_IDS, type ProviderId } from './index.js';
import type { Identity } from './types.js';
import { defineMessages, tr } from '../../core/i18n.js';

const m = defineMessages({
  en: {
    insecure: 'insecure: TLS certificates are not checked (--insecure)',
    envUnset: 'environment variable {name} (the {label}) is not set here',
    noFile: '{key} {file} does not exist',
    lastFailed: 'last test failed: {problem}',
  },
  fr: {
    insecure: 'non sécurisé : les certificats TLS ne sont pas vérifiés (--insecure)',
    envUnset: "la variable d'environnement {name} (le {label}) n'est pas définie ici",
    noFile: "{key} {file} n'existe pas",
    lastFailed: 'le dernier test a échoué : {problem}',
  },
});

export interface ConnectionStatus {
  provider: ProviderId;
  name: string;
  connected: boolean;
  identity: Record<string, unknown> | null;
  where: string | null;
  verified_at: string | null;
  insecure: boolean;
  /** How the secret is kept: env:NAME, stored (in credentials.yaml), or none. */
  secret: string;
  problems: string[];
}

/** How a connection keeps its secret, for display (never the value). */
export function secretForm(provider: Awaited<ReturnType<typeof loadProvider>>, values: Record<string, string>): string {
  const f = secretField(provider);
  if (!secretApplies(f, values)) return 'none';
  if (values[`${f.key}_env`]) return `env:${values[`${f.key}_env`]}`;
  return values[f.key] ? 'stored' : 'none';
}

/** Proves values with the provider's API; throws ProviderError naming the cause. */
export async function verifyValues(id: ProviderId, values: Record<string, string>, env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<Identity> {
  const p = await loadProvider(id);
  const secret = resolveSecret(p, values, env);
  return p.verify({ values, secret, env, transport: { ...transportFor(values, timeoutMs), signal }, signal });
}

/** Saves a verified connection (values exactly as given: a secret only if the user chose to store it). */
export async function saveConnection(id: ProviderId, values: Record<string, string>, identity: Identity, env: NodeJS.ProcessEnv): Promise<void> {
  const now = new Date().toISOString();
  await updateConnection(id, env, () => ({ ...values, connected_at: now, verified_at: now, identity }));
}

/** Problems visible without calling the provider: --insecure, a secret variable not set, a missing file. */
function staticProblems(p: Awaited<ReturnType<typeof loadProvider>>, c: StoredConnection, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (c.values.insecure === 'true') out.push(m('insecure'));
  const f = secretField(p);
  if (secretApplies(f, c.values)) {
    const ref = c.values[`${f.key}_env`];
    if (ref && !env[ref]) out.push(m('envUnset', { name: ref, label: tr(f.label).toLowerCase() }));
  }
  for (const k of ['ca_bundle', 'key_file']) if (c.values[k] && !existsSync(c.values[k])) out.push(m('noFile', { key: k, file: c.values[k] }));
  if (c.problem) out.push(m('lastFailed', { problem: c.problem }));
  return out;
}

/** Every provider, connected or not, from credentials.yaml alone (no network). */
export async function listConnections(env: NodeJS.ProcessEnv): Promise<ConnectionStatus[]> {
  const data = readCredentials(env);
  return Promise.all(
    PROVIDER_IDS.map(async (id) => {
      const p = await loadProvider(id);
      const c = toConnection(data[id]);
      if (!c) return { provider: id, name: p.name, connected: false, identity: null, where: null, verified_at: null, insecure: false, secret: 'none', problems: [] };
      return { provider: id, name: p.name, connected: true, identity: c.identity ?? null, where: p.where(c.values) || null, verified_at: c.verified_at ?? null, insecure: c.values.insecure === 'true', secret: secretForm(p, c.values), problems: staticProblems(p, c, env) };
    }),
  );
}

export interface TestResult {
  provider: ProviderId;
  ok: boolean;
  identity?: Identity;
  error?: { code: string; message: string; hint?: string };
}

/** Re-verifies stored connections (one, or all connected), recording the date and any problem. */
export async function testConnections(ids: ProviderId[], env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<TestResult[]> {
  const data = readCredentials(env);
  const out: TestResult[] = [];
  for (const id of ids) {
    const c = toConnection(data[id]);
    if (!c) continue;
    try {
      const identity = await verifyValues(id, c.values, env, timeoutMs, signal);
      await updateConnection(id, env, (cur) => {
        const next: Record<string, unknown> = { ...cur, verified_at: new Date().toISOString(), identity };
        delete next.problem;
        return next;
      });
      out.push({ provider: id, ok: true, identity });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      await updateConnection(id, env, (cur) => ({ ...cur, problem: `${err.message}` }));
      out.push({ provider: id, ok: false, error: { code: err.code, message: err.message, hint: err.hint } });
    }
  }
  return out;
}

/** Forgets a connection; returns false when there was none. */
export async function removeConnection(id: ProviderId, env: NodeJS.ProcessEnv): Promise<boolean> {
  const had = !!toConnection(readCredentials(env)[id]);
  if (had) await updateConnection(id, env, () => undefined);
  return had;
}
