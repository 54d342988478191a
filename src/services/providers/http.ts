/**
 * HTTPS for provider APIs: per-connection CA bundle or --insecure, one overall timeout, and
 * failures turned into a ProviderError that names the cause (and the certificate subject on TLS errors).
 */
import https from 'node:https';
import tls from 'node:tls';
import { isNetCode, isTlsCode, networkCode, ProviderError } from './errors.js';
import type { TransportOptions } from './types.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** Marks our own overall timeout (distinct from a peer resetting the connection). */
export class RequestTimeout extends Error {
  constructor(readonly url: string) {
    super(`timeout: ${url}`);
    this.name = 'RequestTimeout';
  }
}

/** The https.Agent options for a connection's trust settings. */
export function agentOptions(t: TransportOptions): https.AgentOptions {
  return { ca: t.ca, rejectUnauthorized: !t.insecure, keepAlive: false };
}

/** One HTTPS request; resolves with any status (the caller judges it), rejects on network/TLS/timeout. */
export function request(url: string, req: HttpRequest, t: TransportOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    if (u.protocol !== 'https:') {
      reject(Object.assign(new Error(`only https:// endpoints are accepted, got ${u.protocol}`), { code: 'ERR_NOT_HTTPS' }));
      return;
    }
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const r = https.request(u, {
      method: req.method ?? 'GET',
      headers: { accept: 'application/json', ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
      ...agentOptions(t),
      agent: false,
    });
    const timer = setTimeout(() => r.destroy(new RequestTimeout(url)), t.timeoutMs);
    const onAbort = () => r.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const signals = [req.signal, t.signal].filter((s): s is AbortSignal => !!s);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', onAbort);
    };
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => {
        done();
        reject(e);
      });
    });
    r.on('error', (e) => {
      done();
      reject(e);
    });
    r.end(body);
  });
}

/** A WHATWG fetch over `request` (for SDKs that take a fetch implementation); `rewrite` may redirect URLs. */
export function fetchFor(t: TransportOptions, rewrite: (url: string) => string = (u) => u): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = rewrite(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    let body: string | undefined;
    if (init?.body !== undefined && init.body !== null) body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : await new Response(init.body).text();
    let a: HttpAnswer;
    try {
      a = await request(url, { method: init?.method ?? 'GET', headers, body, signal: init?.signal ?? undefined }, t);
    } catch (err) {
      // Named AbortError so SDK retry loops give up at once (a timeout would otherwise be waited out
      // several times); the real cause stays in `cause` for classification.
      throw Object.assign(new Error((err as Error).message, { cause: err }), { name: 'AbortError' });
    }
    const h = new Headers();
    for (const [k, v] of Object.entries(a.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
    return new Response(a.status === 204 || a.status === 304 ? null : a.text, { status: a.status, headers: h });
  }) as typeof fetch;
}

/** The subject of the certificate a server presents (connects without verifying, reads it, closes). */
export function certificateSubject(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({ host, port: Number(u.port || 443), servername: /^[\d.:]+$/.test(host) ? undefined : host, rejectUnauthorized: false });
    const finish = (s: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(s);
    };
    const timer = setTimeout(() => finish('?'), Math.min(timeoutMs, 5000));
    socket.once('secureConnect', () => {
      const c = socket.getPeerCertificate();
      const subject = c?.subject ? Object.entries(c.subject).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ') : '?';
      const issuer = c?.issuer?.CN ? ` (issuer CN=${c.issuer.CN})` : '';
      finish(`${subject}${issuer}`);
    });
    socket.once('error', () => finish('?'));
  });
}

/** Turns a network, TLS or timeout failure into a ProviderError naming the cause; other errors pass through. */
export async function classifyNetworkError(err: unknown, provider: string, url: string, t: TransportOptions): Promise<unknown> {
  if (err instanceof ProviderError) return err;
  const where = new URL(url).host;
  if (isTimeout(err)) return new ProviderError('timeout', provider, { where, seconds: t.timeoutMs / 1000 });
  const code = networkCode(err);
  if (isTlsCode(code)) return new ProviderError('tls', provider, { where, detail: code, subject: await certificateSubject(url, t.timeoutMs) });
  if (isNetCode(code)) return new ProviderError('endpoint', provider, { where, detail: code });
  if ((err as { code?: string }).code === 'ERR_NOT_HTTPS') return new ProviderError('endpoint', provider, { where, detail: (err as Error).message });
  return err;
}

/** True when an error (or one it wraps) is a timeout: ours, or an SDK's. */
export function isTimeout(err: unknown): boolean {
  for (let e = err as { name?: string; code?: string; cause?: unknown } | undefined, i = 0; e && i < 8; e = e.cause as typeof e, i++) {
    if (e instanceof RequestTimeout || e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.code === 'ETIMEDOUT' || e.code === 'ECONNABORTED') return true;
  }
  return false;
}

/** Parses a JSON answer or throws a "malformed" ProviderError. */
export function jsonOf<T>(a: HttpAnswer, provider: string, where: string): T {
  try {
    return JSON.parse(a.text) as T;
  } catch {
    throw new ProviderError('malformed', provider, { where, detail: `HTTP ${a.status}, not JSON: ${JSON.stringify(a.text.slice(0, 60))}` });
  }
}

/** Throws the right ProviderError for a non-2xx status (401/403 = refused credentials). */
export function checkStatus(a: HttpAnswer, provider: string, where: string): void {
  if (a.status === 401 || a.status === 403) throw new ProviderError(/expired/i.test(a.text) ? 'expired' : 'auth', provider, { where, detail: `HTTP ${a.status}` });
  if (a.status < 200 || a.status >= 300) throw new ProviderError('http', provider, { where, detail: `${a.status} ${a.text.slice(0, 80).replace(/\s+/g, ' ')}` });
}

/** Runs a REST verification and classifies what went wrong at the network level. */
export async function guarded<T>(provider: string, url: string, t: TransportOptions, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw await classifyNetworkError(err, provider, url, t);
  }
}

/** "pve.lan" -> "https://pve.lan:8006": a scheme and the product's usual port when missing; no trailing slash. */
export function baseUrl(endpoint: string, defaultPort: number): string {
  const withScheme = /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  const u = new URL(withScheme);
  if (!u.port && u.protocol === 'https:' && defaultPort !== 443) u.port = String(defaultPort);
  return u.href.replace(/\/+$/, '');
}
