/** Listening TCP sockets from /proc/net/tcp and tcp6 (no ss/netstat needed). */
import { readText } from './files.js';

export interface TcpSocket {
  address: string;
  port: number;
  /** 0A = LISTEN. */
  state: string;
  /** For a listener: connections waiting in the accept queue. */
  rxQueue: number;
  inode: number;
}

function hexToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

function hexToIpv6(hex: string): string {
  if (/^0{32}$/.test(hex)) return '::';
  if (/^0{24}$/.test(hex.slice(0, 24)) && hex.slice(24) === '01000000') return '::1';
  if (hex.slice(0, 24) === '0000000000000000FFFF0000') return `::ffff:${hexToIpv4(hex.slice(24))}`;
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const w = hex.slice(i, i + 8).match(/../g)!.reverse().join('');
    words.push(w.slice(0, 4), w.slice(4));
  }
  return words.map((w) => w.replace(/^0+(?=.)/, '').toLowerCase()).join(':');
}

/** Lines of /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addrHex, portHex] = f[1].split(':');
    const [, rx] = f[4].split(':');
    out.push({
      address: addrHex.length > 8 ? hexToIpv6(addrHex) : hexToIpv4(addrHex),
      port: parseInt(portHex, 16),
      state: f[3],
      rxQueue: parseInt(rx, 16),
      inode: Number(f[9]),
    });
  }
  return out;
}

/** Every listening TCP socket (IPv4 and IPv6). */
export function listeningSockets(proc = '/proc'): TcpSocket[] {
  return [`${proc}/net/tcp`, `${proc}/net/tcp6`].flatMap((f) => parseProcNetTcp(readText(f) ?? '')).filter((s) => s.state === '0A');
}
