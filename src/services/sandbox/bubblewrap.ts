/**
 * bubblewrap backend: read-only root, private size-limited /tmp, empty $HOME (plus read-only
 * credential dirs that were granted), the work dir (writable only when granted, its .git/config
 * and .git/hooks read-only), and always its own user, PID, IPC, UTS and (unless granted) network
 * namespaces: an unprivileged uid inside (65534 when Cloudya runs as root), no capabilities,
 * no_new_privs, no further user namespaces, a read-only /proc (so /proc/sys and sysrq-trigger),
 * basic device nodes only, a seccomp filter (seccomp.ts), --die-with-parent and a new session.
 * A PID namespace of its own means no host process can be signalled, and that everything the
 * command started dies with it (the kernel kills a PID namespace with its init).
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import { CREDENTIAL_DIRS, sandboxEnv } from './grants.js';
import { seccompProgram } from './seccomp.js';
import type { Backend, Launch, RunSpec } from './types.js';

const m = defineMessages({
  en: {
    missing: 'bubblewrap (bwrap) is not installed',
    broken: 'bwrap cannot create namespaces here: {detail} (user namespaces may be disabled for this user: see sysctl user.max_user_namespaces and kernel.unprivileged_userns_clone)',
  },
  fr: {
    missing: "bubblewrap (bwrap) n'est pas installé",
    broken: "bwrap ne peut pas créer de namespaces ici : {detail} (les user namespaces sont peut-être désactivés pour cet utilisateur : voir sysctl user.max_user_namespaces et kernel.unprivileged_userns_clone)",
  },
});

let setuid: boolean | undefined;

/** Whether the installed bwrap is setuid root (then it does its own privilege handling). */
function setuidBwrap(): boolean {
  if (setuid === undefined) {
    try {
      setuid = (statSync(which('bwrap') ?? '/usr/bin/bwrap').mode & 0o4000) !== 0;
    } catch {
      setuid = false;
    }
  }
  return setuid;
}

/** The uid and gid inside: the caller's own when unprivileged, nobody's when Cloudya runs as root. */
export function sandboxIds(uid: number = process.getuid?.() ?? 65534, gid: number = process.getgid?.() ?? 65534): { uid: number; gid: number } {
  return uid === 0 ? { uid: 65534, gid: 65534 } : { uid, gid };
}

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

function isRealDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Git directories in a work dir: its own .git, its submodules', and those of repositories one level down. */
function gitDirs(dir: string): string[] {
  const out: string[] = [];
  const add = (g: string) => {
    if (!isRealDir(g)) return;
    out.push(g);
    try {
      for (const e of readdirSync(path.join(g, 'modules'), { withFileTypes: true })) if (e.isDirectory()) out.push(path.join(g, 'modules', e.name));
    } catch {
      /* no submodules */
    }
  };
  add(path.join(dir, '.git'));
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && !e.name.startsWith('.')) add(path.join(dir, e.name, '.git'));
  } catch {
    /* unreadable: nothing more to guard */
  }
  return out;
}

/**
 * Read-only binds over the files git executes from (config: core.fsmonitor, core.hooksPath,
 * aliases...; hooks/): a command allowed to write the work dir must not plant code that runs on
 * the host at the user's next `git status`. A missing hooks dir gets an empty read-only one (bwrap
 * creates the mount point, as `git init` would have).
 */
export function gitGuards(dir: string): string[] {
  const a: string[] = [];
  for (const g of gitDirs(dir)) {
    const config = path.join(g, 'config');
    if (existsSync(config)) a.push('--ro-bind', config, config);
    const hooks = path.join(g, 'hooks');
    if (isRealDir(hooks)) a.push('--ro-bind', hooks, hooks);
    else if (!existsSync(hooks)) a.push('--tmpfs', hooks, '--remount-ro', hooks);
  }
  return a;
}

/**
 * Mounts for the work dir: writable (bind), read-only (visible anyway under the read-only root,
 * or brought back over a hidden home / private /tmp with its hidden files masked), or an empty
 * stand-in for a secret directory. Sockets inside are masked: they would reach past the network cut.
 */
export function workDirArgs(spec: Pick<RunSpec, 'workDir' | 'workDirAccess' | 'home' | 'grants' | 'gitWritable'>, hidden: readonly string[]): string[] {
  const dir = spec.workDir;
  const access = spec.workDirAccess ?? 'write';
  const a: string[] = [];
  // Under a hidden home or the private /tmp the directory must be brought back to be seen at all.
  const covered = hidden.some((h) => inside(dir, h)) || ['/tmp', '/var/tmp', '/dev/shm'].some((t) => inside(dir, t));
  const home = isHomeDir(dir, spec.home);
  // Never bring back a directory that holds the homes (/, /home) or Cloudya's own data.
  const exposesHomes = !home && ['/home', '/root', spec.home, ...hidden].some((h) => inside(h, dir));
  if (access === 'write') {
    a.push('--bind', dir, dir);
    if (!spec.gitWritable) a.push(...gitGuards(dir));
  } else if (access === 'hidden') a.push('--dir', dir);
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

/** The bwrap arguments for a run (exported for tests and for `--debug`); `seccompFd` is where bwrap reads the filter. */
export function bwrapArgs(spec: RunSpec, shell: string, prefix: string[] = [], seccompFd?: number, infoFd?: number): string[] {
  const view = spec.hostView ?? { processes: false, network: false };
  // The host's processes are never shared: an inspector line sees the host's /proc read-only from a
  // PID namespace of its own, so it can list host processes but not signal them (kill, pidfd and
  // /proc/PID/mem all resolve in its own namespace or need ptrace rights a user namespace lacks).
  // Any other line gets a fresh /proc. Both are read-only: /proc/sys and /proc/sysrq-trigger too.
  const proc = view.processes ? ['--ro-bind', '/proc', '/proc'] : ['--proc', '/proc', '--remount-ro', '/proc'];
  const tmp = String(spec.limits.memoryBytes);
  const a = ['--ro-bind', '/', '/', '--dev', '/dev', ...proc, '--size', tmp, '--tmpfs', '/tmp', '--size', tmp, '--tmpfs', '/var/tmp', '--size', tmp, '--tmpfs', '/dev/shm'];
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
  // A user namespace always (never "-try"): an unprivileged uid inside, no capabilities anywhere
  // on the host, and no nested user namespace to regain them in.
  const ids = sandboxIds();
  // A setuid bwrap (older distributions) refuses --disable-userns; the seccomp filter refuses unshare and clone(CLONE_NEWUSER) anyway.
  a.push('--unshare-user', ...(setuidBwrap() ? [] : ['--disable-userns']), '--uid', String(ids.uid), '--gid', String(ids.gid), '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  // Socket listers (ss, ip, netstat) read the host's network namespace; their seccomp filter lets
  // them open netlink listing sockets only, so nothing there can connect or listen.
  if (!spec.grants.network && !view.network) a.push('--unshare-net');
  a.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--hostname', 'cloudya-sandbox', '--clearenv');
  if (seccompFd !== undefined) a.push('--seccomp', String(seccompFd));
  if (infoFd !== undefined) a.push('--info-fd', String(infoFd));
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
      // The namespaces every run needs: without a user namespace there is no sandbox worth the name.
      const r = await spawn(bin, ['--ro-bind', '/', '/', '--unshare-all', '--unshare-user', ...(setuidBwrap() ? [] : ['--disable-userns']), '--die-with-parent', 'true'], { reject: false, timeout: 10_000 });
      if (r.exitCode !== 0) return { key: 'broken' as const, detail: String(r.stderr).split('\n')[0] || `exit ${r.exitCode}` };
      return undefined;
    })();
    const problem = await probed;
    return problem && m(problem.key, { detail: problem.detail ?? '' });
  },
  launch(spec: RunSpec, prefix: string[]): Launch {
    const view = spec.hostView ?? { processes: false, network: false };
    const filter = seccompProgram({ netlinkOnly: view.network && !spec.grants.network });
    // The info fd tells the runner the sandbox's PID namespace, so it can make sure nothing is left in it.
    const infoFd = filter ? 4 : 3;
    return { file: which('bwrap') ?? 'bwrap', args: bwrapArgs(spec, commandShell(), prefix, filter ? 3 : undefined, infoFd), env: {}, cwd: spec.workDir, fds: filter ? [filter] : [], infoFd };
  },
};
