/** Turns OpenAI-compatible API failures into one clear bilingual line with a hint; the key never appears. */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { redact } from '../../core/redact.js';

const m = defineMessages({
  en: {
    auth: 'the model API refused the API key (401) at {host}',
    authHint: 'check the key in ${env} (it is never printed), or point ai.api_key_env at the right variable',
    forbidden: 'the API key has no access to this model or endpoint (403) at {host}',
    model: 'model "{model}" not found at {host} (404)',
    modelHint: 'list the models your server offers, then: cloudya configure set ai.model NAME',
    rate: 'rate limit or quota exceeded at {host} (429), even after one retry',
    rateHint: 'wait a moment and ask again, check your plan and quota, or use --engine offline',
    server: 'the model server failed ({status}) at {host}, even after one retry',
    serverHint: 'try again later, or use --engine offline',
    unreachable: 'cannot reach the model API at {url}',
    unreachableHint: 'check ai.base_url and that the server is running (Ollama: ollama serve), or use --engine offline',
    timeout: 'the model did not answer within {seconds}s ({host})',
    timeoutHint: 'raise ai.timeout_seconds, or try a smaller model',
    stalled: 'the model stopped answering after {seconds} s; the answer is incomplete',
    closed: 'the model server closed the connection mid-answer ({host}); the answer is incomplete',
    incompleteHint: 'ask again; if it keeps happening, raise ai.timeout_seconds or check the model server',
    bad: 'the model API rejected the request ({status}): {detail}',
    badHint: 'check ai.model and ai.base_url',
    noKey: 'no API key: the environment variable {env} is not set',
    noKeyHint: 'export {env}=... (or: cloudya configure set ai.api_key_env OTHER_VAR), or use --engine offline',
    notJson: 'the model server sent an answer that is not valid JSON ({host})',
    notJsonHint: 'check that ai.base_url points to an OpenAI-compatible API (it usually ends in /v1), or use --engine offline',
  },
  fr: {
    auth: "l'API du modèle a refusé la clé d'API (401) sur {host}",
    authHint: "vérifiez la clé dans ${env} (elle n'est jamais affichée), ou faites pointer ai.api_key_env vers la bonne variable",
    forbidden: "la clé d'API n'a pas accès à ce modèle ou à ce point d'accès (403) sur {host}",
    model: 'modèle « {model} » introuvable sur {host} (404)',
    modelHint: 'listez les modèles proposés par votre serveur, puis : cloudya configure set ai.model NOM',
    rate: 'limite de débit ou quota dépassé sur {host} (429), même après une nouvelle tentative',
    rateHint: 'patientez un instant puis reposez la question, vérifiez votre offre et votre quota, ou utilisez --engine offline',
    server: 'le serveur du modèle a échoué ({status}) sur {host}, même après une nouvelle tentative',
    serverHint: 'réessayez plus tard, ou utilisez --engine offline',
    unreachable: "impossible de joindre l'API du modèle à {url}",
    unreachableHint: 'vérifiez ai.base_url et que le serveur tourne (Ollama : ollama serve), ou utilisez --engine offline',
    timeout: "le modèle n'a pas répondu en {seconds} s ({host})",
    timeoutHint: 'augmentez ai.timeout_seconds, ou essayez un modèle plus petit',
    stalled: 'le modèle a cessé de répondre après {seconds} s ; la réponse est incomplète',
    closed: 'le serveur du modèle a fermé la connexion en pleine réponse ({host}) ; la réponse est incomplète',
    incompleteHint: 'reposez la question ; si cela se répète, augmentez ai.timeout_seconds ou vérifiez le serveur du modèle',
    bad: "l'API du modèle a rejeté la requête ({status}) : {detail}",
    badHint: 'vérifiez ai.model et ai.base_url',
    noKey: "pas de clé d'API : la variable d'environnement {env} n'est pas définie",
    noKeyHint: 'export {env}=... (ou : cloudya configure set ai.api_key_env AUTRE_VAR), ou utilisez --engine offline',
    notJson: "le serveur du modèle a envoyé une réponse qui n'est pas du JSON valide ({host})",
    notJsonHint: 'vérifiez que ai.base_url désigne une API compatible OpenAI (elle finit en général par /v1), ou utilisez --engine offline',
  },
});

export interface ApiErrorContext {
  baseUrl: string;
  model: string;
  keyEnv: string;
  timeoutSeconds: number;
  key?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Removes the key itself (whatever its shape) and known secret patterns from a server message. */
function scrub(text: string, key?: string): string {
  let out = text;
  if (key && key.length >= 4) out = out.split(key).join('****');
  return redact(out).slice(0, 300);
}

/** The missing-key error (raised before any request). */
export function noKeyError(keyEnv: string): CloudyaError {
  return new CloudyaError(m('noKey', { env: keyEnv }), { hint: m('noKeyHint', { env: keyEnv }), code: 'ai_no_key' });
}

/** The timeout error. */
export function timeoutError(ctx: ApiErrorContext): CloudyaError {
  return new CloudyaError(m('timeout', { seconds: ctx.timeoutSeconds, host: hostOf(ctx.baseUrl) }), { hint: m('timeoutHint'), code: 'ai_timeout' });
}

/** An answer cut short: the model went silent mid-stream ('stalled') or the stream ended before its finish ('closed'). */
export function incompleteError(ctx: ApiErrorContext, why: 'stalled' | 'closed'): CloudyaError {
  return new CloudyaError(m(why, { seconds: ctx.timeoutSeconds, host: hostOf(ctx.baseUrl) }), { hint: m('incompleteHint'), code: 'ai_incomplete' });
}

/** Maps an error thrown by the openai client to a CloudyaError (abort errors are passed through). */
export function mapApiError(err: unknown, ctx: ApiErrorContext): Error {
  const e = err as { status?: number; name?: string; message?: string; constructor?: { name?: string } };
  const kind = e.constructor?.name ?? e.name ?? '';
  const host = hostOf(ctx.baseUrl);
  if (kind === 'APIUserAbortError') return err as Error;
  // A stream event or body that does not parse: the server is not speaking the API it claims to.
  if (err instanceof SyntaxError) return new CloudyaError(m('notJson', { host }), { hint: m('notJsonHint'), code: 'ai_bad_response' });
  if (kind === 'APIConnectionTimeoutError') return timeoutError(ctx);
  if (kind === 'APIConnectionError' || (e.status === undefined && /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket/i.test(e.message ?? ''))) {
    return new CloudyaError(m('unreachable', { url: scrub(ctx.baseUrl, ctx.key) }), { hint: m('unreachableHint'), code: 'ai_unreachable', cause: undefined });
  }
  switch (e.status) {
    case 401:
      return new CloudyaError(m('auth', { host }), { hint: m('authHint', { env: ctx.keyEnv }), code: 'ai_auth' });
    case 403:
      return new CloudyaError(m('forbidden', { host }), { hint: m('authHint', { env: ctx.keyEnv }), code: 'ai_forbidden' });
    case 404:
      return new CloudyaError(m('model', { model: ctx.model, host }), { hint: m('modelHint'), code: 'ai_model_not_found' });
    case 429:
      return new CloudyaError(m('rate', { host }), { hint: m('rateHint'), code: 'ai_rate_limited' });
  }
  if (e.status !== undefined && e.status >= 500) {
    return new CloudyaError(m('server', { status: e.status, host }), { hint: m('serverHint'), code: 'ai_server' });
  }
  if (e.status !== undefined) {
    return new CloudyaError(m('bad', { status: e.status, detail: scrub(e.message ?? '', ctx.key) }), { hint: m('badHint'), code: 'ai_bad_request' });
  }
  return err instanceof Error ? err : new Error(String(err));
}
