/**
 * The CLI's client of the Cloudya API: JSON over fetch, bearer auth from CLOUDYA_API_TOKEN or the
 * stored session (refreshed transparently when the access token expired), and every failure turned
 * into one clear line with a hint (401, 402, 429, network, server errors).
 */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { readSession, withSessionLock, writeSession, type StoredSession } from './session-store.js';

const m = defineMessages({
  en: {
    noUrl: 'no Cloudya API URL is configured',
    noUrlHint: 'cloudya configure --api-url http://localhost:8000 (or set CLOUDYA_API_URL)',
    unreachable: 'cannot reach the Cloudya API at {url}',
    unreachableHint: 'check that the server runs (cloudya serve) and the URL (cloudya configure get api_url), or use --engine offline',
    notLoggedIn: 'not logged in to {url}',
    notLoggedInHint: 'cloudya login (a personal API token in CLOUDYA_API_TOKEN also works)',
    sessionExpired: 'your session with {url} has expired or was revoked',
    sessionHint: 'cloudya login',
    badToken: 'the API token in CLOUDYA_API_TOKEN was refused by {url}',
    badTokenHint: 'create a new one (POST /api/tokens/api) or unset CLOUDYA_API_TOKEN and run cloudya login',
    noTokens: '{message}',
    noTokensHint: 'cloudya info shows your balance; wait for your plan\'s monthly tokens, or use --engine offline',
    rateLimited: 'the Cloudya API asks to slow down: {message}',
    rateHint: 'retry in {seconds} s',
    server: 'the Cloudya API failed ({status}) at {url}',
    serverHint: 'try again later, or use --engine offline',
    refused: 'the Cloudya API refused the request ({status}): {message}',
    refusedHint: 'check the values given',
    badAnswer: 'the Cloudya API at {url} sent an answer that is not JSON',
    badAnswerHint: 'check that api_url points at a Cloudya server (cloudya configure get api_url)',
  },
  fr: {
    noUrl: "aucune URL d'API Cloudya n'est configurée",
    noUrlHint: 'cloudya configure --api-url http://localhost:8000 (ou définissez CLOUDYA_API_URL)',
    unreachable: "impossible de joindre l'API Cloudya à {url}",
    unreachableHint: "vérifiez que le serveur tourne (cloudya serve) et l'URL (cloudya configure get api_url), ou utilisez --engine offline",
    notLoggedIn: 'non connecté à {url}',
    notLoggedInHint: "cloudya login (un jeton d'API personnel dans CLOUDYA_API_TOKEN convient aussi)",
    sessionExpired: 'votre session avec {url} a expiré ou a été révoquée',
    sessionHint: 'cloudya login',
    badToken: "le jeton d'API de CLOUDYA_API_TOKEN a été refusé par {url}",
    badTokenHint: 'créez-en un nouveau (POST /api/tokens/api) ou retirez CLOUDYA_API_TOKEN et lancez cloudya login',
    noTokens: '{message}',
    noTokensHint: 'cloudya info affiche votre solde ; attendez les jetons mensuels de votre offre, ou utilisez --engine offline',
    rateLimited: "l'API Cloudya demande de ralentir : {message}",
    rateHint: 'réessayez dans {seconds} s',
    server: "l'API Cloudya a échoué ({status}) sur {url}",
    serverHint: 'réessayez plus tard, ou utilisez --engine offline',
    refused: "l'API Cloudya a refusé la requête ({status}) : {message}",
    refusedHint: 'vérifiez les valeurs données',
    badAnswer: "l'API Cloudya sur {url} a renvoyé une réponse qui n'est pas du JSON",
    badAnswerHint: "vérifiez qu'api_url désigne un serveur Cloudya (cloudya configure get api_url)",
  },
});

export interface SessionAnswer {
  account: { id: string; email: string; name: string; plan: string; balance: number; created_at: string };
  access_token: string;
  expires_in: number;
  refresh_token: string;
}

export interface ClientOptions {
  /** api_url from the configuration (undefined: the error says how to set it). */
  apiUrl?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

type Auth = 'none' | 'user';

/** The API client of one CLI invocation. */
export class ApiClient {
  readonly url: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(opts: ClientOptions) {
    if (!opts.apiUrl) throw new CloudyaError(m('noUrl'), { hint: m('noUrlHint'), code: 'api_url_missing' });
    this.url = opts.apiUrl.replace(/\/+$/, '');
    this.env = opts.env;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  /** The session stored for this API URL, if any. */
  session(): StoredSession | undefined {
    const s = readSession(this.env);
    return s && s.api_url === this.url ? s : undefined;
  }

  /** How requests authenticate: a personal API token from the environment wins over the stored session. */
  authSource(): 'api_token' | 'session' | 'none' {
    if (this.env.CLOUDYA_API_TOKEN) return 'api_token';
    return this.session() ? 'session' : 'none';
  }

  private async raw(method: string, path: string, body: unknown, token: string | undefined, signal?: AbortSignal): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new CloudyaError(m('unreachable', { url: this.url }), { hint: m('unreachableHint'), code: 'api_unreachable' });
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    if (text) {
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new CloudyaError(m('badAnswer', { url: this.url }), { hint: m('badAnswerHint'), code: 'api_bad_answer' });
      }
    }
    return { status: res.status, json, headers: res.headers };
  }

  private fail(status: number, json: Record<string, unknown>, headers: Headers, auth: 'api_token' | 'session' | 'none'): never {
    const error = (json.error ?? {}) as { code?: string; message?: string };
    const message = String(error.message ?? `HTTP ${status}`);
    if (status === 401) {
      if (auth === 'api_token') throw new CloudyaError(m('badToken', { url: this.url }), { hint: m('badTokenHint'), code: 'api_unauthorized' });
      if (auth === 'session') throw new CloudyaError(m('sessionExpired', { url: this.url }), { hint: m('sessionHint'), code: 'api_unauthorized' });
      throw new CloudyaError(m('refused', { status, message }), { hint: m('refusedHint'), code: error.code ?? 'api_unauthorized' });
    }
    if (status === 402) throw new CloudyaError(m('noTokens', { message }), { hint: m('noTokensHint'), code: 'insufficient_tokens' });
    if (status === 429) throw new CloudyaError(m('rateLimited', { message }), { hint: m('rateHint', { seconds: headers.get('retry-after') ?? '60' }), code: 'api_rate_limited' });
    if (status >= 500) throw new CloudyaError(m('server', { status, url: this.url }), { hint: m('serverHint'), code: 'api_server_error' });
    throw new CloudyaError(m('refused', { status, message }), { hint: m('refusedHint'), code: error.code ?? 'api_refused' });
  }

  /** A valid access token from the session, refreshed (under the session lock) when expired. */
  private async sessionToken(force: boolean): Promise<string> {
    const current = this.session();
    if (!current) throw new CloudyaError(m('notLoggedIn', { url: this.url }), { hint: m('notLoggedInHint'), code: 'not_logged_in' });
    const fresh = (s: StoredSession) => s.access_token && (s.access_expires_at ?? 0) - Date.now() > 30_000;
    if (!force && fresh(current)) return current.access_token!;
    return withSessionLock(this.env, async () => {
      // Another process may have refreshed while we waited for the lock.
      const s = this.session();
      if (!s) throw new CloudyaError(m('notLoggedIn', { url: this.url }), { hint: m('notLoggedInHint'), code: 'not_logged_in' });
      if (fresh(s) && s.access_token !== current.access_token) return s.access_token!;
      const r = await this.raw('POST', '/api/auth/refresh', { refresh_token: s.refresh_token }, undefined);
      if (r.status !== 200) this.fail(r.status, r.json, r.headers, 'session');
      const a = r.json as unknown as SessionAnswer;
      await writeSession(this.env, { ...s, refresh_token: a.refresh_token, access_token: a.access_token, access_expires_at: Date.now() + a.expires_in * 1000 });
      return a.access_token;
    });
  }

  /** One JSON request; `user` auth retries once after a refresh when the access token was refused. */
  async request<T>(method: string, path: string, body?: unknown, opts: { auth?: Auth; signal?: AbortSignal } = {}): Promise<T> {
    const auth = opts.auth ?? 'user';
    const source = auth === 'none' ? 'none' : this.authSource();
    if (auth === 'user' && source === 'none') throw new CloudyaError(m('notLoggedIn', { url: this.url }), { hint: m('notLoggedInHint'), code: 'not_logged_in' });
    let token = source === 'api_token' ? this.env.CLOUDYA_API_TOKEN : source === 'session' ? await this.sessionToken(false) : undefined;
    let r = await this.raw(method, path, body, token, opts.signal);
    if (r.status === 401 && source === 'session') {
      token = await this.sessionToken(true);
      r = await this.raw(method, path, body, token, opts.signal);
    }
    if (r.status >= 400) this.fail(r.status, r.json, r.headers, source);
    return r.json as T;
  }

  /** Registers and stores the session. */
  async register(email: string, name: string, password: string): Promise<SessionAnswer> {
    const a = await this.request<SessionAnswer>('POST', '/api/auth/register', { email, name, password }, { auth: 'none' });
    await this.store(a);
    return a;
  }

  /** Logs in and stores the session. */
  async login(email: string, password: string): Promise<SessionAnswer> {
    const a = await this.request<SessionAnswer>('POST', '/api/auth/login', { email, password }, { auth: 'none' });
    await this.store(a);
    return a;
  }

  private async store(a: SessionAnswer): Promise<void> {
    await withSessionLock(this.env, () => writeSession(this.env, { api_url: this.url, email: a.account.email, refresh_token: a.refresh_token, access_token: a.access_token, access_expires_at: Date.now() + a.expires_in * 1000 }));
  }

  /** Revokes the stored session on the server. */
  async logout(refreshToken: string): Promise<boolean> {
    const r = await this.request<{ revoked: boolean }>('POST', '/api/auth/logout', { refresh_token: refreshToken }, { auth: 'none' });
    return r.revoked;
  }
}
