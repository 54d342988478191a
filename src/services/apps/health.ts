/** The app's health check: an HTTP probe of the manifest's health URL (redirects count as up, not followed). */
import { fillTemplate } from './manifest.js';
import type { HealthResult, HealthSpec } from './types.js';

/** The URL to probe, placeholders filled. */
export function healthUrl(spec: HealthSpec, values: Record<string, unknown>): string {
  return fillTemplate(spec.url, values);
}

/** One probe. */
export async function probeOnce(spec: HealthSpec, url: string, timeoutMs = 5_000, signal?: AbortSignal): Promise<HealthResult> {
  const checked = new Date().toISOString();
  const accept = (s: number) => (spec.status?.length ? spec.status.includes(s) : s >= 200 && s < 400);
  try {
    const res = await fetch(url, { redirect: 'manual', signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
    const body = res.status === 200 && spec.contains ? await res.text() : (await res.body?.cancel(), '');
    if (!accept(res.status)) return { checked, url, ok: false, http_status: res.status, error: `HTTP ${res.status}` };
    if (res.status === 200 && spec.contains && !body.includes(spec.contains)) return { checked, url, ok: false, http_status: res.status, error: `the page does not contain "${spec.contains}"` };
    return { checked, url, ok: true, http_status: res.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (err as Error).message);
    return { checked, url, ok: false, error: reason };
  }
}

/** Probes until it answers or the deadline passes (a service just started may need a moment). */
export async function probeUntil(spec: HealthSpec, url: string, deadlineMs: number, signal?: AbortSignal): Promise<HealthResult> {
  const end = Date.now() + deadlineMs;
  let last = await probeOnce(spec, url, 5_000, signal);
  while (!last.ok && Date.now() < end && !signal?.aborted) {
    await new Promise((r) => setTimeout(r, 500));
    last = await probeOnce(spec, url, 5_000, signal);
  }
  return last;
}
