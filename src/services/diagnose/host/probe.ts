/** Loopback probes: TCP connect and a minimal HTTP request (never used for remote hosts). */
import net from 'node:net';
import { t } from '../finding.js';

/** Connects to host:port and closes; ok with the time taken, or the error code. */
export function tcpConnect(host: string, port: number, timeoutMs = 2000): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host, port });
    const done = (r: { ok: true; ms: number } | { ok: false; error: string }) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: t(`no answer within ${timeoutMs} ms`, `pas de réponse en ${timeoutMs} ms`) }));
    socket.once('connect', () => done({ ok: true, ms: Math.round(performance.now() - t0) }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, error: err.code ?? err.message }));
  });
}

/** GET / over plain HTTP on a loopback port: the status line, or the error. */
export async function httpProbe(host: string, port: number, timeoutMs = 3000, path = '/'): Promise<{ ok: true; status: number; ms: number } | { ok: false; error: string }> {
  const t0 = performance.now();
  try {
    const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { ok: true, status: res.status, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
    return { ok: false, error: cause?.code ?? (err as Error).name ?? String(err) };
  }
}
