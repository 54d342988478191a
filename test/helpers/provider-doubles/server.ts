/** An HTTPS double on 127.0.0.1 (port chosen by the kernel at bind time) with a switchable behaviour. */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TestPki } from './tls.js';

export type Mode = 'ok' | 'expired' | 'malformed' | 'hang';

export interface DoubleRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface DoubleAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
}

export interface Double {
  url: string;
  /** What the double does next: answer normally, as for expired credentials, with garbage, or never. */
  mode: Mode;
  requests: DoubleRequest[];
  close(): Promise<void>;
}

/** Starts a double; `handle` answers (it sees `mode`); in 'hang' mode no answer is ever sent. */
export async function startDouble(pki: TestPki, handle: (req: DoubleRequest, d: Double) => DoubleAnswer): Promise<Double> {
  const sockets = new Set<Socket>();
  const server = https.createServer({ key: pki.key, cert: pki.cert });
  const d: Double = {
    url: '',
    mode: 'ok',
    requests: [],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: DoubleRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      d.requests.push(r);
      if (d.mode === 'hang') return;
      const a = d.mode === 'malformed' ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Please sign in to the corporate proxy</body></html>' } : handle(r, d);
      const body = typeof a.body === 'string' ? a.body : a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, { 'content-type': typeof a.body === 'object' ? 'application/json' : 'text/plain', ...a.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as { port: number };
  d.url = `https://127.0.0.1:${addr.port}`;
  return d;
}

/** Basic auth user and password from a request, if any. */
export function basicAuth(req: DoubleRequest): { user: string; password: string } | undefined {
  const m = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return { user: text.slice(0, i), password: text.slice(i + 1) };
}
