/** Addresses and URLs found in a deployment's outputs, for the reachability check. */
import net from 'node:net';

export interface Endpoint {
  /** The output it came from ("url", "node_addresses[1]"). */
  output: string;
  kind: 'url' | 'host';
  /** The URL, or the bare address / DNS name. */
  target: string;
}

const HOSTY_NAME = /(ip|address|addr|dns|host|hostname|endpoint|fqdn)s?$/i;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function visit(name: string, value: unknown, out: Endpoint[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => visit(`${name}[${i}]`, v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(`${name}.${k}`, v, out);
  else if (typeof value === 'string') {
    const v = value.trim();
    if (/^https?:\/\/[^\s]+$/i.test(v)) {
      try {
        new URL(v);
        out.push({ output: name, kind: 'url', target: v });
      } catch {
        // not a URL after all
      }
    } else if (net.isIP(v) || (HOSTY_NAME.test(name.replace(/\[\d+\]$/, '')) && DNS_NAME.test(v))) {
      out.push({ output: name, kind: 'host', target: v });
    }
  }
}

/** Every URL, IP address and (in host-like outputs) DNS name in the outputs, "****" excluded. */
export function endpointsOf(outputs: Record<string, unknown>): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [k, v] of Object.entries(outputs)) visit(k, v, out);
  return out;
}

/** True for addresses only reachable from inside their network (RFC 1918, CGNAT, link-local, ULA). */
export function isPrivateAddress(host: string): boolean {
  if (net.isIPv4(host)) {
    const [a, b] = host.split('.').map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
  }
  if (net.isIPv6(host)) return /^f[cd]/i.test(host) || /^fe80/i.test(host);
  return false;
}
