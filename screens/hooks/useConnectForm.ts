/**
 * Owns the connect form's state (provider -> fields -> test -> result -> saved). The fields are the
 * provider module's own FieldSpecs, as `cloudya connect X` asks them, plus the secret's form (an
 * environment variable's name, or the value stored in credentials.yaml), a CA bundle and the
 * --insecure toggle. Testing and saving go through services/providers/attempt.ts, as the CLI does.
 * The state lives outside the component: closing the form and coming back keeps what was typed.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { defineMessages, tr } from '../../src/core/i18n.js';
import { expandHome, userPaths } from '../../src/core/paths.js';
import type { FieldSpec, Identity, ProviderModule } from '../../src/services/providers/types.js';
import { PROVIDER_IDS, type ProviderId } from '../../src/services/providers/types.js';
import type { FailureKind } from '../../src/services/providers/errors.js';
import { isEnvName } from '../../src/services/providers/attempt.js';
import type { ShellServices } from '../types.js';

const m = defineMessages({
  en: {
    required: 'required',
    notEnvName: 'not a variable name (letters, digits and _): the text is hidden in case it is the secret itself',
    caBundle: 'CA bundle (PEM file; empty: the system CAs)',
    secretEnv: 'Environment variable holding the {label}',
    secretValue: '{label}',
  },
  fr: {
    required: 'requis',
    notEnvName: "pas un nom de variable (lettres, chiffres et _) : le texte est masqué au cas où ce serait le secret lui-même",
    caBundle: "Fichier d'autorités (PEM ; vide : celles du système)",
    secretEnv: "Variable d'environnement contenant le {label}",
    secretValue: '{label}',
  },
});

export type ConnectStep = 'provider' | 'fields' | 'testing' | 'result' | 'saved';

/** What the user typed for one provider; kept while the form is closed or another provider is shown. */
export interface Draft {
  /** Texts by key: field keys, `<secret>_env` (variable name), `<secret>` (hidden value), `ca_bundle`. */
  texts: Record<string, string>;
  secretMode: 'env' | 'store';
  insecure: boolean;
  focus: number;
  /** Errors are shown once the user tried to test. */
  submitted: boolean;
  /** credentials.yaml already holds this provider's secret: an empty value keeps it. */
  storedSecret: boolean;
  /** credentials.yaml cannot be read: nothing can be saved until it is fixed. */
  blocked?: string;
}

export type Row =
  | { kind: 'text'; key: string; label: string; optional: boolean; masked?: boolean; env?: boolean }
  | { kind: 'secretMode' }
  | { kind: 'insecure' }
  | { kind: 'test' };

export type Outcome =
  | { ok: true; identity: Identity; values: Record<string, string>; /** env:NAME, stored or none (never the value). */ secret: string }
  | { ok: false; kind: FailureKind | 'other' | 'cancelled'; message: string; hint?: string };

export interface ProviderEntry {
  id: ProviderId;
  name: string;
  module: ProviderModule;
}

export interface ConnectState {
  step: ConnectStep;
  loading: boolean;
  providers: ProviderEntry[];
  status: Partial<Record<ProviderId, { connected: boolean; where: string | null }>>;
  providerIndex: number;
  drafts: Partial<Record<ProviderId, Draft>>;
  outcome?: Outcome;
  saved?: { file: string; secret: string };
  error?: string;
  /** Set when the audit log could not be written (the connection itself worked). */
  warning?: string;
}

/** The secret field of a provider when it applies to the values typed so far. */
function secretOf(p: ProviderModule, values: Record<string, string>): FieldSpec | undefined {
  const f = p.fields.find((x) => x.secret);
  return f && (!f.when || f.when(values)) ? f : undefined;
}

/** The non-secret values in the CLI's order, each field asked only when its `when` holds for those before it. */
function plainValues(p: ProviderModule, d: Draft, env: NodeJS.ProcessEnv): { values: Record<string, string>; shown: FieldSpec[] } {
  const values: Record<string, string> = {};
  const shown: FieldSpec[] = [];
  for (const f of p.fields) {
    if (f.secret || (f.when && !f.when(values))) continue;
    shown.push(f);
    let v = (d.texts[f.key] ?? '').trim();
    if (v && f.key === 'key_file') v = expandHome(v, env);
    if (v) values[f.key] = v;
  }
  return { values, shown };
}

/** The rows the form shows for a provider and what was typed. */
export function rowsOf(p: ProviderModule, d: Draft, env: NodeJS.ProcessEnv): Row[] {
  const { values, shown } = plainValues(p, d, env);
  const rows: Row[] = shown.map((f) => ({ kind: 'text', key: f.key, label: tr(f.label), optional: !!f.optional }));
  const s = secretOf(p, values);
  if (s) {
    rows.push({ kind: 'secretMode' });
    if (d.secretMode === 'env') rows.push({ kind: 'text', key: `${s.key}_env`, label: m('secretEnv', { label: tr(s.label).toLowerCase() }), optional: false, env: true });
    else rows.push({ kind: 'text', key: s.key, label: m('secretValue', { label: tr(s.label) }), optional: d.storedSecret, masked: true });
  }
  rows.push({ kind: 'text', key: 'ca_bundle', label: m('caBundle'), optional: true });
  rows.push({ kind: 'insecure' }, { kind: 'test' });
  return rows;
}

/** Per-row errors, and the values `cloudya connect` would verify and save when there are none. */
export function validate(p: ProviderModule, d: Draft, env: NodeJS.ProcessEnv, previous: Record<string, string> = {}): { errors: Record<string, string>; values?: Record<string, string> } {
  const errors: Record<string, string> = {};
  const { values, shown } = plainValues(p, d, env);
  for (const f of shown) if (!values[f.key] && !f.optional) errors[f.key] = m('required');
  const s = secretOf(p, values);
  if (s) {
    if (d.secretMode === 'env') {
      const name = (d.texts[`${s.key}_env`] ?? '').trim();
      if (!name) errors[`${s.key}_env`] = m('required');
      else if (!isEnvName(name)) errors[`${s.key}_env`] = m('notEnvName');
      else values[`${s.key}_env`] = name;
    } else {
      const value = d.texts[s.key] ?? '';
      if (value) values[s.key] = value;
      else if (d.storedSecret) {
        // Empty keeps the secret credentials.yaml holds.
        if (previous[s.key]) values[s.key] = previous[s.key];
      } else errors[s.key] = m('required');
    }
  }
  const ca = (d.texts.ca_bundle ?? '').trim();
  if (ca) values.ca_bundle = expandHome(ca, env);
  if (d.insecure) values.insecure = 'true';
  return Object.keys(errors).length ? { errors } : { errors, values };
}

/** A new draft: the CLI's interactive defaults (the provider's variables, then credentials.yaml, then the field default). */
export function initialDraft(p: ProviderModule, previous: Record<string, string>, env: NodeJS.ProcessEnv): Draft {
  const texts: Record<string, string> = {};
  for (const f of p.fields) {
    if (f.secret) continue;
    const fromEnv = f.env?.map((e) => env[e]).find((v) => v);
    texts[f.key] = fromEnv ?? previous[f.key] ?? f.default ?? '';
  }
  const s = p.fields.find((f) => f.secret);
  let secretMode: Draft['secretMode'] = 'env';
  if (s) {
    if (previous[`${s.key}_env`]) texts[`${s.key}_env`] = previous[`${s.key}_env`];
    else if (previous[s.key]) secretMode = 'store';
    else texts[`${s.key}_env`] = s.defaultEnv ?? '';
    texts[s.key] = '';
  }
  texts.ca_bundle = previous.ca_bundle ?? '';
  return { texts, secretMode, insecure: false, focus: 0, submitted: false, storedSecret: !!(s && previous[s.key]) };
}

interface Session {
  state: ConnectState;
  listeners: Set<() => void>;
  abort?: AbortController;
  attempt: number;
  loading?: Promise<void>;
}

const sessions = new WeakMap<object, Session>();
const DEFAULT_SESSION = {};

/** The credentials.yaml values of a provider ({} when none); throws when the file is unreadable. */
async function previousValues(id: ProviderId, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const { readSectionValues } = await import('../../src/services/credentials/store.js');
  return readSectionValues(id, env);
}

/** Keys of a failure kind the form can point at: the row to fix. */
function rowToFix(kind: string, rows: Row[]): number {
  const find = (pred: (r: Row) => boolean) => rows.findIndex(pred);
  let i = -1;
  if (kind === 'tls') i = find((r) => r.kind === 'text' && r.key === 'ca_bundle');
  else if (kind === 'auth' || kind === 'expired') i = find((r) => r.kind === 'secretMode');
  else if (kind === 'endpoint' || kind === 'timeout' || kind === 'malformed' || kind === 'http') i = find((r) => r.kind === 'text' && /endpoint|url/.test(r.key));
  return i >= 0 ? i : rows.length - 1;
}

export interface ConnectFormOptions {
  services: ShellServices;
  /** The provider shown first (the one highlighted on the Deploy screen). */
  initialProvider?: string;
  /** Per-answer wait, as `--timeout` (default 20 s). */
  timeoutMs?: number;
}

export function useConnectForm({ services, initialProvider, timeoutMs = 20_000 }: ConnectFormOptions) {
  const env = services.env ?? process.env;
  const key = (services.connect as object | undefined) ?? services.deploy ?? DEFAULT_SESSION;
  let session = sessions.get(key);
  if (!session) {
    session = { state: { step: 'provider', loading: true, providers: [], status: {}, providerIndex: 0, drafts: {} }, listeners: new Set(), attempt: 0 };
    sessions.set(key, session);
  }
  const s = session;
  const state = useSyncExternalStore(
    useCallback((l: () => void) => {
      s.listeners.add(l);
      return () => s.listeners.delete(l);
    }, [s]),
    () => s.state,
  );
  const setState = useCallback(
    (update: (x: ConnectState) => ConnectState) => {
      s.state = update(s.state);
      for (const l of s.listeners) l();
    },
    [s],
  );

  const refreshStatus = useCallback(async () => {
    try {
      const { listConnections } = await import('../../src/services/providers/manage.js');
      const list = await listConnections(env);
      setState((x) => ({ ...x, status: Object.fromEntries(list.map((c) => [c.provider, { connected: c.connected, where: c.where }])) }));
    } catch {
      // A broken credentials.yaml is reported when a provider is chosen.
    }
  }, [env, setState]);

  useEffect(() => {
    const initial = PROVIDER_IDS.indexOf(initialProvider as ProviderId);
    // Reopened from the Deploy screen on another provider: start on that one (drafts are kept).
    if (initial >= 0 && s.state.step === 'provider') setState((x) => ({ ...x, providerIndex: initial }));
    if (s.loading) {
      void refreshStatus();
      return;
    }
    s.loading = (async () => {
      const { loadProvider } = await import('../../src/services/providers/index.js');
      const providers = await Promise.all(PROVIDER_IDS.map(async (id) => { const module = await loadProvider(id); return { id, name: module.name, module }; }));
      setState((x) => ({ ...x, loading: false, providers }));
      await refreshStatus();
    })().catch((err: unknown) => setState((x) => ({ ...x, loading: false, error: (err as Error).message })));
  }, [initialProvider, refreshStatus, s, setState]);

  const current = (x: ConnectState) => x.providers[x.providerIndex];
  const updateDraft = (update: (d: Draft, p: ProviderModule) => Draft) =>
    setState((x) => {
      const e = current(x);
      const d = e && x.drafts[e.id];
      if (!e || !d) return x;
      return { ...x, drafts: { ...x.drafts, [e.id]: update(d, e.module) } };
    });

  const actions = {
    /** The state and focused row now (keys may arrive before the next render). */
    current(): { state: ConnectState; focused?: Row } {
      const x = s.state;
      const e = current(x);
      const d = e && x.drafts[e.id];
      return { state: x, focused: e && d ? rowsOf(e.module, d, env)[d.focus] : undefined };
    },
    /** ↑↓ in the provider list or between rows. */
    move(delta: number) {
      setState((x) => {
        if (x.step === 'provider') return { ...x, providerIndex: Math.max(0, Math.min(x.providers.length - 1, x.providerIndex + delta)) };
        return x;
      });
      if (s.state.step === 'fields') updateDraft((d, p) => ({ ...d, focus: Math.max(0, Math.min(rowsOf(p, d, env).length - 1, d.focus + delta)) }));
    },
    /** Enter on the provider list: that provider's fields (a new draft, or the one typed before). */
    async choose() {
      const e = current(s.state);
      if (!e || s.state.step !== 'provider') return;
      let previous: Record<string, string> = {};
      let blocked: string | undefined;
      try {
        previous = await previousValues(e.id, env);
      } catch (err) {
        blocked = (err as Error).message;
      }
      setState((x) => {
        const d = x.drafts[e.id] ?? initialDraft(e.module, previous, env);
        return { ...x, step: 'fields', drafts: { ...x.drafts, [e.id]: { ...d, blocked } } };
      });
    },
    /** Typing in the focused text row (masked or not). */
    edit(update: (text: string) => string) {
      updateDraft((d, p) => {
        const row = rowsOf(p, d, env)[d.focus];
        if (row?.kind !== 'text') return d;
        return { ...d, texts: { ...d.texts, [row.key]: update(d.texts[row.key] ?? '') } };
      });
    },
    /** Space or ←/→ on a choice row: the secret's form, or --insecure. */
    toggle() {
      updateDraft((d, p) => {
        const row = rowsOf(p, d, env)[d.focus];
        if (row?.kind === 'secretMode') return { ...d, secretMode: d.secretMode === 'env' ? 'store' : 'env' };
        if (row?.kind === 'insecure') return { ...d, insecure: !d.insecure };
        return d;
      });
    },
    /** Enter in the fields: next row, or the test from the button row (first wrong row focused otherwise). */
    submit() {
      const x = s.state;
      const e = current(x);
      const d = e && x.drafts[e.id];
      if (!e || !d || x.step !== 'fields') return;
      const rows = rowsOf(e.module, d, env);
      if (rows[d.focus]?.kind !== 'test') {
        updateDraft((dd) => ({ ...dd, focus: Math.min(rows.length - 1, dd.focus + 1) }));
        return;
      }
      if (d.blocked) return;
      void actions.test();
    },
    /** Verifies the values with the provider (spinner meanwhile); nothing is saved here. */
    async test() {
      const x = s.state;
      const e = current(x);
      const d = e && x.drafts[e.id];
      if (!e || !d) return;
      let previous: Record<string, string> = {};
      try {
        previous = await previousValues(e.id, env);
      } catch (err) {
        updateDraft((dd) => ({ ...dd, blocked: (err as Error).message }));
        return;
      }
      const { errors, values } = validate(e.module, d, env, previous);
      if (!values) {
        const rows = rowsOf(e.module, d, env);
        const first = rows.findIndex((r) => r.kind === 'text' && errors[r.key]);
        updateDraft((dd) => ({ ...dd, submitted: true, focus: first >= 0 ? first : dd.focus }));
        return;
      }
      const attempt = ++s.attempt;
      const controller = new AbortController();
      s.abort = controller;
      updateDraft((dd) => ({ ...dd, submitted: true }));
      setState((y) => ({ ...y, step: 'testing', outcome: undefined, warning: undefined }));
      let outcome: Outcome;
      try {
        const { verifyAttempt } = await import('../../src/services/providers/attempt.js');
        const { secretForm } = await import('../../src/services/providers/manage.js');
        const identity = await verifyAttempt(e.id, values, { env, timeoutMs, signal: controller.signal, onAuditFailure: (reason) => setState((y) => ({ ...y, warning: reason })) });
        outcome = { ok: true, identity, values, secret: secretForm(e.module, values) };
      } catch (err) {
        const kind = (err as { kind?: FailureKind }).kind ?? 'other';
        outcome = { ok: false, kind, message: (err as Error).message, hint: (err as { hint?: string }).hint };
      }
      // Cancelled meanwhile (Ctrl+C), or superseded: the result of that attempt is not shown.
      if (attempt !== s.attempt || controller.signal.aborted) return;
      s.abort = undefined;
      setState((y) => ({ ...y, step: 'result', outcome }));
    },
    /** Ctrl+C while a test runs: stops it; true when something was cancelled. */
    cancel(): boolean {
      if (s.state.step !== 'testing' || !s.abort) return false;
      s.abort.abort();
      s.abort = undefined;
      s.attempt++;
      setState((y) => ({ ...y, step: 'result', outcome: { ok: false, kind: 'cancelled', message: '' } }));
      return true;
    },
    /** Enter on a successful result: saves as `cloudya connect` does. */
    async save() {
      const x = s.state;
      const e = current(x);
      const o = x.outcome;
      if (!e || x.step !== 'result' || !o?.ok) return;
      try {
        const { saveAttempt } = await import('../../src/services/providers/attempt.js');
        await saveAttempt(e.id, o.values, o.identity, { env, onAuditFailure: (reason) => setState((y) => ({ ...y, warning: reason })) });
        const secret = o.secret;
        // The typed secret is not kept in memory once saved.
        updateDraft((d, p) => {
          const f = p.fields.find((ff) => ff.secret);
          return f ? { ...d, texts: { ...d.texts, [f.key]: '' }, storedSecret: d.secretMode === 'store' || d.storedSecret, submitted: false } : d;
        });
        setState((y) => ({ ...y, step: 'saved', saved: { file: userPaths(env).credentials, secret } }));
        void refreshStatus();
      } catch (err) {
        setState((y) => ({ ...y, step: 'result', outcome: { ok: false, kind: 'other', message: (err as Error).message, hint: (err as { hint?: string }).hint } }));
      }
    },
    /** Esc: result -> fields (focused on what to fix) -> provider list; true when the form should close. */
    back(): boolean {
      const x = s.state;
      if (x.step === 'testing') return false;
      if (x.step === 'result') {
        const o = x.outcome;
        const kind = o && !o.ok ? o.kind : undefined;
        setState((y) => ({ ...y, step: 'fields' }));
        if (kind) updateDraft((d, p) => ({ ...d, focus: kind === 'cancelled' ? d.focus : rowToFix(kind, rowsOf(p, d, env)) }));
        return false;
      }
      if (x.step === 'fields') {
        setState((y) => ({ ...y, step: 'provider' }));
        return false;
      }
      // Saved, or on the provider list: close (drafts stay for next time).
      if (x.step === 'saved') setState((y) => ({ ...y, step: 'provider', outcome: undefined, saved: undefined }));
      return true;
    },
  };

  const entry = current(state);
  const draft = entry ? state.drafts[entry.id] : undefined;
  const rows = entry && draft ? rowsOf(entry.module, draft, env) : [];
  const errors = entry && draft && draft.submitted ? validate(entry.module, draft, env).errors : {};
  return { state, entry, draft, rows, errors, env, actions };
}
