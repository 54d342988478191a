/**
 * Ports for the servers tests start (nginx sites, sshd, Redis, PostgreSQL): below the kernel's range for outgoing
 * connections, and used by no socket in any state. A listener cannot bind a port an outgoing connection holds
 * (ESTABLISHED or TIME_WAIT), and after the server tests' thousands of requests many ports of that range are held.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LOWEST = 20_000;

/** The first port the kernel gives outgoing connections (32768 by default). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Whether any TCP socket (listening, connected or closing) uses `port` locally. */
function inUse(port: number): boolean {
  try {
    return execFileSync('ss', ['-Htan', `sport = :${port}`], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/** A random free port for a test server. */
export function freePort(): number {
  const high = ephemeralLow();
  let port = 0;
  for (let i = 0; i < 50; i++) {
    port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (!inUse(port)) break;
  }
  return port;
}
