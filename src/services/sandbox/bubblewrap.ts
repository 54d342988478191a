/**
 * bubblewrap backend: read-only root, private /tmp, empty $HOME (plus read-only credential dirs
 * that were granted), one writable work dir, new PID/IPC/UTS/user namespaces, no network unless
 * granted, all capabilities dropped, --die-with-parent --new-session.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { spawn, which } from '../../core/process.js';
import { CREDENTIAL_DIRS, sandboxEnv } from './grants.js';
import type { Backend, Launch, RunSpec } from './types.js';

let probed: Promise<string | undefined> | undefined;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function inside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(`${dir}/`);
}

/** Version managers whose whole directory the shims on PATH need (~/.pyenv/shims -> ~/.pyenv). */
const TOOL_ROOTS = new Set(['.pyenv', '.nvm', '.rbenv', '.cargo', '.rustup', '.sdkman', '.asdf', '.volta', '.bun', '.deno', '.goenv', '.tfenv', 'go', '.krew', '.linkerd2', '.istioctl']);
/** Never brought back even when on PATH. */
const SECRET_ROOTS = /^\.(aws|azure|kube|ssh|gnupg|docker|config|cloudya|password-store|vault-token|netrc|git-credentials)$/;

/** Tool directories on PATH that live in a hidden home: brought back read-only so tools keep working. */
export function toolDirs(spec: Pick<RunSpec, 'env' | 'home'>): string[] {
  const homes = [spec.home, '/root'];
  const out = new Set<string>();
  for (const entry of (spec.env.PATH ?? '').split(':')) {
    const home = homes.find((h) => entry.startsWith(`${h}/`)) ?? (/^\/home\/[^/]+\//.exec(entry)?.[0].slice(0, -1));
    if (!home) continue;
    const first = entry.slice(home.length + 1).split('/')[0];
    if (SECRET_ROOTS.test(first)) continue;
    const dir = TOOL_ROOTS.has(first) ? path.join(home, first) : entry;
    if (isDir(dir)) out.add(dir);
    // cargo's proxies need the toolchains next door.
    if (first === '.cargo' && isDir(path.join(home, '.rustup'))) out.add(path.join(home, '.rustup'));
  }
  return [...out];
}

/**
 * Unix sockets of local daemons (docker, containerd, dbus, databases) under /run: they reach past the
 * network cut (a path socket ignores network namespaces), so each is masked with /dev/null.
 */
export function localSockets(root = '/run', maxDepth = 4): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isSocket()) out.push(p);
      else if (e.isDirectory() && depth < maxDepth && p !== '/run/user') walk(p, depth + 1);
    }
  };
  walk(root, 1);
  return out;
}

/** The bwrap arguments for a run (exported for tests and for `--debug`). */
export function bwrapArgs(spec: RunSpec, shell: string, prefix: string[] = []): string[] {
  const a = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp', '--tmpfs', '/dev/shm'];
  // Hide every home and known secret stores; the granted credential dirs come back read-only below.
  const hidden = ['/home', '/root', spec.home, '/run/secrets', '/var/run/secrets', ...spec.hide].filter((p, i, all) => isDir(p) && all.indexOf(p) === i);
  for (const h of hidden) if (!inside(h, '/tmp')) a.push('--tmpfs', h);
  // $HOME must exist (empty) even when it lived under the now-private /tmp.
  if (!isDir(spec.home) || inside(spec.home, '/tmp')) a.push('--dir', spec.home);
  for (const f of ['/etc/shadow', '/etc/gshadow', '/etc/sudoers']) if (existsSync(f)) a.push('--ro-bind', '/dev/null', f);
  // Per-user runtime dirs hold session buses, agents and rootless engine sockets.
  if (isDir('/run/user')) a.push('--tmpfs', '/run/user');
  const known = ['/var/snap/lxd/common/lxd/unix.socket', '/var/lib/lxd/unix.socket', '/var/snap/docker/current/run/docker.sock'].filter((f) => existsSync(f));
  for (const sock of new Set([...localSockets(), ...localSockets('/var/lib', 2), ...known])) a.push('--ro-bind', '/dev/null', sock);
  for (const dir of toolDirs(spec)) a.push('--ro-bind', dir, dir);
  for (const fam of spec.grants.credentials) {
    const dir = path.join(spec.home, CREDENTIAL_DIRS[fam]);
    if (existsSync(dir)) a.push('--ro-bind', dir, dir);
  }
  a.push('--bind', spec.workDir, spec.workDir, '--chdir', spec.workDir);
  a.push('--unshare-user-try', '--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try');
  if (!spec.grants.network) a.push('--unshare-net');
  a.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--hostname', 'cloudya-sandbox', '--clearenv');
  for (const [k, v] of Object.entries(sandboxEnv(spec.env, spec.grants, spec.home))) a.push('--setenv', k, v);
  a.push('--', ...prefix, shell, '-c', spec.command);
  return a;
}

/** The shell that runs commands: bash when installed (the validator parses bash), else sh. */
export function commandShell(): string {
  return existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
}

export const bubblewrap: Backend = {
  name: 'bubblewrap',
  problem() {
    probed ??= (async () => {
      const bin = which('bwrap');
      if (!bin) return 'bubblewrap (bwrap) is not installed';
      const r = await spawn(bin, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', 'true'], { reject: false, timeout: 10_000 });
      if (r.exitCode !== 0) return `bwrap cannot create namespaces here: ${String(r.stderr).split('\n')[0] || `exit ${r.exitCode}`}`;
      return undefined;
    })();
    return probed;
  },
  launch(spec: RunSpec, prefix: string[]): Launch {
    return { file: which('bwrap') ?? 'bwrap', args: bwrapArgs(spec, commandShell(), prefix), env: {}, cwd: spec.workDir };
  },
};
