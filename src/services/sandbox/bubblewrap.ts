/**
 * bubblewrap backend: read-only root, private /tmp, empty $HOME (plus read-only credential dirs
 * that were granted), one writable work dir, new PID/IPC/UTS/user namespaces, no network unless
 * granted, all capabilities dropped, --die-with-parent --new-session.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import { CREDENTIAL_DIRS, sandboxEnv } from './grants.js';
import type { Backend, Launch, RunSpec } from './types.js';

const m = defineMessages({
  en: {
    missing: 'bubblewrap (bwrap) is not installed',
    broken: 'bwrap cannot create namespaces here: {detail}',
  },
  fr: {
    missing: "bubblewrap (bwrap) n'est pas installé",
    broken: 'bwrap ne peut pas créer de namespaces ici : {detail}',
  },
});

let probed: Promise<{ key: 'missing' | 'broken'; detail?: string } | undefined> | undefined;

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

function isHomeDir(dir: string, home: string): boolean {
  return dir === home || dir === '/root' || /^\/home\/[^/]+$/.test(dir);
}

/** Whether a symlink leads into something hidden (a dot entry such as ~/.aws, or a hidden path): it must not come back. */
function leadsToHidden(p: string, hidden: readonly string[]): boolean {
  try {
    const target = realpathSync(p);
    return target.split('/').some((seg) => seg.startsWith('.')) || hidden.some((h) => inside(target, h) || inside(h, target));
  } catch {
    return true;
  }
}

/** Visible entries of a home (not .ssh, .bash_history, .npmrc..., nor links to them), brought back one by one into an empty one. */
function visibleEntries(dir: string, hidden: readonly string[]): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isFile() || (e.isSymbolicLink() && !leadsToHidden(path.join(dir, e.name), hidden))))
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/**
 * Mounts for the work dir: writable (bind), read-only (visible anyway under the read-only root,
 * or brought back over a hidden home / private /tmp with its hidden files masked), or an empty
 * stand-in for a secret directory. Sockets inside are masked: they would reach past the network cut.
 */
export function workDirArgs(spec: Pick<RunSpec, 'workDir' | 'workDirAccess' | 'home' | 'grants'>, hidden: readonly string[]): string[] {
  const dir = spec.workDir;
  const access = spec.workDirAccess ?? 'write';
  const a: string[] = [];
  // Under a hidden home or the private /tmp the directory must be brought back to be seen at all.
  const covered = hidden.some((h) => inside(dir, h)) || ['/tmp', '/var/tmp', '/dev/shm'].some((t) => inside(dir, t));
  const home = isHomeDir(dir, spec.home);
  // Never bring back a directory that holds the homes (/, /home) or Cloudya's own data.
  const exposesHomes = !home && ['/home', '/root', spec.home, ...hidden].some((h) => inside(h, dir));
  if (access === 'write') a.push('--bind', dir, dir);
  else if (access === 'hidden') a.push('--dir', dir);
  else if (covered && !exposesHomes) {
    // A home comes back without its hidden files: they hold keys, tokens and histories (absent, not masked,
    // so shells do not complain about an unreadable ~/.bashrc).
    // A fresh tmpfs (remounted read-only once the tool and credential dirs are in) holds them.
    if (home) {
      a.push('--tmpfs', dir);
      for (const e of visibleEntries(dir, hidden)) a.push('--ro-bind', e, e);
    } else a.push('--ro-bind', dir, dir);
  }
  if (access !== 'hidden') for (const sock of localSockets(dir, 3)) a.push('--ro-bind', '/dev/null', sock);
  a.push('--chdir', dir);
  return a;
}

/** The bwrap arguments for a run (exported for tests and for `--debug`). */
export function bwrapArgs(spec: RunSpec, shell: string, prefix: string[] = []): string[] {
  const view = spec.hostView ?? { processes: false, network: false };
  // A proc mounted for the host's PID namespace would need privileges over it: bind the host's, read-only.
  const proc = view.processes ? ['--ro-bind', '/proc', '/proc'] : ['--proc', '/proc'];
  const a = ['--ro-bind', '/', '/', '--dev', '/dev', ...proc, '--tmpfs', '/tmp', '--tmpfs', '/var/tmp', '--tmpfs', '/dev/shm'];
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
  // A read-only home goes under the tool and credential dirs (they come back next to it); a
  // writable work dir goes over them (a project inside ~/go stays writable).
  const work = workDirArgs(spec, hidden);
  const writable = (spec.workDirAccess ?? 'write') === 'write';
  if (!writable) a.push(...work);
  for (const dir of toolDirs(spec)) a.push('--ro-bind', dir, dir);
  for (const fam of spec.grants.credentials) {
    const dir = path.join(spec.home, CREDENTIAL_DIRS[fam]);
    if (existsSync(dir)) a.push('--ro-bind', dir, dir);
  }
  if (writable) a.push(...work);
  else if (work.includes('--tmpfs')) a.push('--remount-ro', spec.workDir);
  // Sharing the host's PID namespace is safe only from a user namespace of our own: it denies ptrace-level
  // access to host processes (/proc/PID/environ, /proc/PID/root), so no "-try" then.
  a.push(view.processes ? '--unshare-user' : '--unshare-user-try', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (!view.processes) a.push('--unshare-pid');
  if (!spec.grants.network && !view.network) a.push('--unshare-net');
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
  async problem() {
    probed ??= (async () => {
      const bin = which('bwrap');
      if (!bin) return { key: 'missing' as const };
      const r = await spawn(bin, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', 'true'], { reject: false, timeout: 10_000 });
      if (r.exitCode !== 0) return { key: 'broken' as const, detail: String(r.stderr).split('\n')[0] || `exit ${r.exitCode}` };
      return undefined;
    })();
    const problem = await probed;
    return problem && m(problem.key, { detail: problem.detail ?? '' });
  },
  launch(spec: RunSpec, prefix: string[]): Launch {
    return { file: which('bwrap') ?? 'bwrap', args: bwrapArgs(spec, commandShell(), prefix), env: {}, cwd: spec.workDir };
  },
};
