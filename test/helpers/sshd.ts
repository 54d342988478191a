/**
 * A throwaway OpenSSH server on a loopback port for tests: its own host key, its own client key
 * (ed25519, in a temp folder), its own sshd_config, run in the foreground (-D) and stopped by pid.
 * Reusable by any test that needs a real SSH target (apps over SSH, stacks...).
 *
 *   const sshd = await startSshd();
 *   // ssh -i sshd.clientKey -p sshd.port sshd.user@127.0.0.1 ...
 *   await sshd.stop();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  /** The user the client key logs in as (the user running the tests). */
  user: string;
  /** Private key the server accepts (mode 0600). */
  clientKey: string;
  /** A known_hosts file already holding the server's host key. */
  knownHosts: string;
  /** user@127.0.0.1:port, as `--target` takes it. */
  target: string;
  dir: string;
  pid: number;
  /** sshd's log (-e: to stderr), for failure messages. */
  log(): string;
  /** Stops sshd (SIGTERM, then SIGKILL) and removes the folder. */
  stop(): Promise<void>;
}

export const SSHD_PATH = '/usr/sbin/sshd';

/** Why sshd cannot run here, or undefined when it can. */
export function sshdProblem(): string | undefined {
  if (!existsSync(SSHD_PATH)) return 'sshd is not installed (apt-get install openssh-server)';
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return 'ssh-keygen is not installed (apt-get install openssh-client)';
  }
  return undefined;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cloudya-test', '-f', file], { stdio: 'ignore' });
}

/** Starts sshd on a random loopback port (retrying when the port is taken); resolves once it listens. */
export async function startSshd(opts: { tmp?: string; attempts?: number; /** Loopback addresses to listen on (default 127.0.0.1; '::1' adds IPv6). */ listen?: string[] } = {}): Promise<Sshd> {
  const dir = mkdtempSync(path.join(opts.tmp ?? process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-sshd-'));
  const user = os.userInfo().username;
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'client_key'));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')), { mode: 0o600 });
  // sshd refuses to start without its privilege separation folder.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  for (let attempt = 0; attempt < (opts.attempts ?? 10); attempt++) {
    const port = freePort();
    const config = path.join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        ...(opts.listen ?? ['127.0.0.1']).map((a) => `ListenAddress ${a.includes(':') ? `[${a}]` : a}`),
        `HostKey ${path.join(dir, 'host_key')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        // The temp folder's permissions are the test runner's, not a home directory's.
        'StrictModes no',
        'PrintMotd no',
        'LogLevel VERBOSE',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    let log = '';
    const child: ChildProcess = spawn(SSHD_PATH, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const outcome = await new Promise<'listening' | 'retry' | 'failed'>((resolve) => {
      const timer = setInterval(() => {
        if (/Server listening on/.test(log)) done('listening');
        else if (/Address already in use|Cannot bind any address/.test(log)) done('retry');
      }, 50);
      const ceiling = setTimeout(() => done('failed'), 60_000);
      const onExit = () => done(/Address already in use|Cannot bind any address/.test(log) ? 'retry' : 'failed');
      // 'close', not 'exit': the bind error may still be in the pipe when the process has exited.
      child.once('close', onExit);
      function done(r: 'listening' | 'retry' | 'failed') {
        clearInterval(timer);
        clearTimeout(ceiling);
        child.off('close', onExit);
        resolve(r);
      }
    });
    if (outcome === 'retry') {
      await kill(child);
      continue;
    }
    if (outcome === 'failed') {
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start: ${log.trim().split('\n').slice(-3).join(' | ')}`);
    }
    const knownHosts = path.join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    return {
      host: '127.0.0.1',
      port,
      user,
      clientKey: path.join(dir, 'client_key'),
      knownHosts,
      target: `${user}@127.0.0.1:${port}`,
      dir,
      pid: child.pid!,
      log: () => log,
      async stop() {
        await kill(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('sshd: no free loopback port after several attempts');
}

/** SIGTERM by pid, SIGKILL if it lingers; resolves once it exited. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
