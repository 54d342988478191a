/**
 * What a path argument points at, lexically: the filesystem root, the home directory, a system
 * directory, a credential file, a shell rc file, a log, a block device. No filesystem access:
 * symlinks are not followed, so the rules err on the strict side.
 */
import path from 'node:path';

/** Normalises a path: `~` to the home directory, `//` and `/./` collapsed, `..` resolved lexically. */
export function normalisePath(p: string, home: string): string {
  let s = p;
  if (s === '~' || s.startsWith('~/')) s = home + s.slice(1);
  if (s.startsWith('/')) {
    const n = path.posix.normalize(s);
    return n.length > 1 ? n.replace(/\/+$/, '') : n;
  }
  const n = path.posix.normalize(s);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

const SYSTEM_TOP = ['bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'proc', 'root', 'sbin', 'sys', 'usr', 'var', 'home', 'opt', 'srv', 'snap', 'run', 'mnt', 'media'];
/** Directories whose whole subtree belongs to the system. */
const SYSTEM_TREES = ['/bin', '/boot', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/sbin', '/usr', '/sys', '/proc', '/root', '/var/lib', '/var/log', '/var/spool', '/var/cache/apt', '/var/backups', '/snap'];
const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|full|random|urandom|fd\/\d+|pts\/\d+)$/;
const BLOCK_DEVICES = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|loop\d|sr\d|mapper\/|disk\/|mem$|kmem$|port$|nbd\d|zram\d)/;

function under(p: string, dir: string): boolean {
  return p === dir || p.startsWith(`${dir}/`);
}

/** True when the (normalised) path is "/" or a wildcard right under it ("/*", "/e*"). */
export function isRootLike(p: string): boolean {
  if (p === '/' || p === '/.' || p === '/..') return true;
  const m = /^\/([^/]*)$/.exec(p);
  return !!m && /[*?[]/.test(m[1]);
}

/** True for the home directory itself or a wildcard of its whole content. */
export function isHomeLike(p: string, home: string): boolean {
  if (p === home) return true;
  const m = new RegExp(`^${escape(home)}/([^/]*)$`).exec(p);
  return !!m && /^[*?[.]*\*[*]*$|^\.\*$|^\*$/.test(m[1]);
}

/** ".", "..", "../.." and wildcards of them: the current or a parent directory as a whole. */
export function isParentLike(p: string): boolean {
  return /^(\.\.)(\/\.\.)*(\/\*)?$/.test(p);
}

/** A top-level system directory or anything in a system tree (/etc/..., /usr/..., /var/log/...). */
export function isSystemPath(p: string, home?: string): boolean {
  if (!p.startsWith('/')) return false;
  // Inside the user's own home is never "system", even when home is /root.
  if (home && home !== '/' && p.startsWith(`${home}/`)) return false;
  // Package caches are meant to be emptied (the Dockerfile idiom rm -rf /var/lib/apt/lists/*).
  if (/^\/var\/(lib\/apt\/lists|cache\/apt\/archives|lib\/dnf\/repos|cache\/(dnf|yum|apk|pacman\/pkg))\/./.test(p)) return false;
  const top = /^\/([^/]+)$/.exec(p);
  if (top && SYSTEM_TOP.includes(top[1])) return true;
  if (SYSTEM_TREES.some((d) => under(p, d))) return true;
  if (p.startsWith('/dev/') && !HARMLESS_DEVICES.test(p)) return true;
  return false;
}

/** Block devices and raw memory: writing there destroys disks or the running kernel. */
export function isBlockDevice(p: string): boolean {
  return BLOCK_DEVICES.test(p);
}

/** Harmless pseudo files (/dev/null, /dev/stdout...). */
export function isHarmlessDevice(p: string): boolean {
  return HARMLESS_DEVICES.test(p);
}

/** bash's /dev/tcp and /dev/udp pseudo files open network connections. */
export function isNetworkPseudoFile(p: string): boolean {
  return /^\/dev\/(tcp|udp)\//.test(p);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function homeRel(p: string, home: string): string | undefined {
  if (p === home) return '';
  if (p.startsWith(`${home}/`)) return p.slice(home.length + 1);
  const other = /^\/(?:home\/[^/]+|root)\/(.*)$/.exec(p);
  return other ? other[1] : undefined;
}

/** Files that hold credentials: cloud CLI configs, SSH keys, .netrc, shadow, kubeconfig... */
export function credentialKind(path: string, home: string): string | undefined {
  // /proc/PID/root/... and /proc/self/cwd/... reach the same files through another process's view.
  const p = path.replace(/^\/proc\/[^/]+\/root(?=\/|$)/, '') || '/';
  if (/^\/proc\/[^/]+\/(environ|mem|maps)$/.test(p)) return 'process';
  if (/^\/etc\/kubernetes\/(admin|super-admin|kubelet|controller-manager|scheduler)\.conf$|^\/etc\/kubernetes\/pki(\/|$)|^\/var\/lib\/kubelet\/pki(\/|$)/.test(p)) return 'kube';
  if (/^\/etc\/(ssl|pki\/tls)\/private(\/|$)|^\/etc\/letsencrypt\/(live|archive)\/.*privkey/.test(p)) return 'key';
  if (/^\/etc\/(shadow|gshadow|sudoers)(-|$|\.d)/.test(p) || p === '/etc/ssh' || /^\/etc\/ssh\/ssh_host_.*_key$/.test(p)) return 'system';
  if (p.startsWith('/var/run/secrets/') || p.startsWith('/run/secrets/')) return 'kubernetes';
  // Well-known secret file names wherever they are (a copy in the work dir is still a key).
  if (/(^|\/)(id_(rsa|dsa|ecdsa|ed25519)(_sk)?|\.netrc|\.git-credentials|\.pgpass|\.vault-token|credentials\.db|access_tokens\.db|\.boto|service-account.*\.json)$/.test(p)) return 'key';
  const rel = homeRel(p, home);
  if (rel === undefined) return undefined;
  if (rel === '.aws' || rel.startsWith('.aws/')) return 'aws';
  if (rel === '.config/gcloud' || rel.startsWith('.config/gcloud/')) return 'gcloud';
  if (rel === '.azure' || rel.startsWith('.azure/')) return 'azure';
  if (rel === '.kube' || rel.startsWith('.kube/')) return 'kube';
  if (rel === '.ssh' || (rel.startsWith('.ssh/') && !/\.pub$|known_hosts|\/config$/.test(rel))) return 'ssh';
  if (rel === '.gnupg' || rel.startsWith('.gnupg/')) return 'gpg';
  if (/^\.(netrc|git-credentials|pgpass|npmrc|pypirc|vault-token|my\.cnf|docker\/config\.json|terraform\.d\/credentials\.tfrc\.json|cloudya\/credentials\.yaml|config\/gh\/hosts\.yml)$/.test(rel)) return 'token';
  return undefined;
}

/** Typical credential files, to test glob patterns against (`cat /root/.aws/cred*`). */
const CREDENTIAL_SAMPLES = ['.aws/credentials', '.aws/config', '.ssh/id_rsa', '.ssh/id_ed25519', '.ssh/id_ecdsa', '.kube/config', '.docker/config.json', '.netrc', '.git-credentials', '.pgpass', '.npmrc', '.pypirc', '.vault-token', '.config/gcloud/credentials.db', '.config/gcloud/application_default_credentials.json', '.azure/msal_token_cache.json', '.gnupg/private-keys-v1.d/x.key', '.config/gh/hosts.yml', '.terraform.d/credentials.tfrc.json', '.cloudya/credentials.yaml'];
const SYSTEM_SAMPLES = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ed25519_key', '/etc/kubernetes/admin.conf', '/etc/kubernetes/pki/ca.key', '/etc/ssl/private/server.key', '/proc/1/environ', '/var/run/secrets/kubernetes.io/serviceaccount/token', '/run/secrets/db'];

function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += pattern[i + 1] === '*' ? '.*' : '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when a glob pattern (already normalised) could match a credential file or a directory holding one. */
export function globMayNameCredential(pattern: string, home: string): boolean {
  if (!/[*?[]/.test(pattern)) return false;
  let re: RegExp;
  try {
    re = globRegExp(pattern);
  } catch {
    return true;
  }
  const homes = [home, '/root', '/home/user'];
  const samples = [...SYSTEM_SAMPLES, ...homes.flatMap((h) => CREDENTIAL_SAMPLES.map((s) => `${h}/${s}`))];
  for (const s of samples) {
    const parts = s.split('/');
    // A pattern naming a directory counts only when that directory is itself a credential store (~/.a* -> ~/.aws).
    for (let k = 2; k <= parts.length; k++) {
      const prefix = parts.slice(0, k).join('/');
      if (re.test(prefix) && credentialKind(prefix, home)) return true;
    }
  }
  return false;
}

/** Shell start-up files: writing there runs code in every future shell. */
export function isShellRc(p: string, home: string): boolean {
  const rel = homeRel(p, home);
  if (rel !== undefined && /^\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|cshrc|tcshrc|inputrc|config\/fish\/config\.fish|config\/fish\/conf\.d\/.*)$/.test(rel)) return true;
  return /^\/etc\/(profile|bash\.bashrc|bashrc|zshrc|zsh\/|profile\.d\/|environment$)/.test(p);
}

/** ~/.ssh/known_hosts: adding host keys is routine, unlike keys, authorized_keys or config. */
export function isKnownHosts(p: string, home: string): boolean {
  const rel = homeRel(p, home);
  return rel === '.ssh/known_hosts';
}

/** Rotated or compressed log archives (app.log.1, syslog.2.gz): deleting them is disk housekeeping. */
export function isRotatedLog(p: string): boolean {
  return /\.(gz|bz2|xz|zst|old|\d+)$/.test(p) && !p.endsWith('/');
}

/** The SSH directory (authorized_keys, keys, config). */
export function isSshPath(p: string, home: string): boolean {
  const rel = homeRel(p, home);
  return rel !== undefined && (rel === '.ssh' || rel.startsWith('.ssh/'));
}

/** Shell and tool history files. */
export function isHistoryFile(p: string, home: string): boolean {
  const rel = homeRel(p, home);
  return rel !== undefined && /^(\.(bash|zsh|sh|python|mysql|psql|node_repl|sqlite|lesshst|r)_?history|\.history|\.lesshst|\.local\/share\/fish\/fish_history|\.viminfo)$/.test(rel);
}

/** System and audit logs (wiping them hides what happened). */
export function isLogPath(p: string, home: string): boolean {
  if (under(p, '/var/log') || p === '/var/run/utmp' || p === '/run/utmp') return true;
  const rel = homeRel(p, home);
  return rel !== undefined && /^\.cloudya\/audit\.log$/.test(rel);
}
