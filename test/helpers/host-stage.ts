/**
 * A host stage: runs the built CLI as a child in a private mount + UTS namespace whose root is this
 * machine's own /usr, /etc, /proc, /sys, /dev, /tmp, /var and /work, but with a /run, /boot and
 * /etc/hosts the test writes, no /.dockerenv, and stand-in tools first on PATH. It lets a test put
 * the CLI on "a systemd host with a pending reboot" or "a host running chrony" that this container
 * is not, while every file, process and cgroup it reads stays real. Needs root, unshare and chroot.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, tempHome } from './cli.js';

export interface StageOptions {
  /** Creates /run/systemd/system, which is how systemd (sd_booted) and our checks tell it runs. */
  systemd?: boolean;
  /** Contents of /etc/hosts inside the stage (default: localhost and the host name only). */
  hosts?: string;
  /** Files under /run or /boot, by absolute path (e.g. /run/reboot-required). */
  files?: Record<string, string>;
  /** Executables first on PATH: name -> shell script body (after #!/bin/sh). */
  tools?: Record<string, string>;
  /** Host name inside the stage. */
  hostname?: string;
}

export interface StageRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Why a stage cannot be built here, or undefined when it can. */
export function stageProblem(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root (mount namespaces, chroot)';
  try {
    execFileSync('unshare', ['--mount', 'true'], { stdio: 'pipe' });
  } catch (err) {
    return `unshare --mount failed: ${(err as Error).message.split('\n')[0]}`;
  }
  return undefined;
}

/** Top-level directories of this machine seen inside the stage: the system ones, plus wherever the
 *  checkout, Node and the test temp dir live (CI clones the repo somewhere other than /work). */
const BINDS = [
  ...new Set(
    ['usr', 'etc', 'proc', 'sys', 'dev', 'tmp', 'var', 'work', 'root', 'opt', ...[BIN, process.execPath, os.tmpdir(), process.env.CLOUDYA_TEST_TMP ?? ''].map((p) => p.split('/')[1] ?? '')].filter(
      (b) => b && existsSync(`/${b}`) && statSync(`/${b}`).isDirectory(),
    ),
  ),
];

/** Builds a stage; run() may be called several times; cleanup() removes it. */
export function createStage(opts: StageOptions = {}) {
  const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-stage-'));
  const root = path.join(dir, 'root');
  const tools = path.join(dir, 'tools');
  for (const d of ['run', 'boot', 'tools', ...BINDS.map((b) => `root/${b}`), 'root/run', 'root/boot']) mkdirSync(path.join(dir, d), { recursive: true });
  for (const [link, target] of [['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']]) execFileSync('ln', ['-s', target, path.join(root, link)]);
  if (opts.systemd) mkdirSync(path.join(dir, 'run/systemd/system'), { recursive: true });
  const hostname = opts.hostname ?? 'stage-host';
  writeFileSync(path.join(dir, 'hosts'), opts.hosts ?? `127.0.0.1 localhost\n127.0.1.1 ${hostname}\n`);
  for (const [file, text] of Object.entries(opts.files ?? {})) {
    const m = /^\/(run|boot)\/(.+)$/.exec(file);
    if (!m) throw new Error(`stage files live under /run or /boot, not ${file}`);
    mkdirSync(path.dirname(path.join(dir, m[1], m[2])), { recursive: true });
    writeFileSync(path.join(dir, m[1], m[2]), text);
  }
  for (const [name, body] of Object.entries(opts.tools ?? {})) {
    writeFileSync(path.join(tools, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(tools, name), 0o755);
  }
  const script = [
    'set -e',
    'D=$1; R=$1/root; shift',
    `hostname ${hostname}`,
    ...BINDS.map((b) => `mount --rbind /${b} "$R/${b}"`),
    'mount --bind "$D/run" "$R/run"',
    'mount --bind "$D/boot" "$R/boot"',
    'mount --bind "$D/hosts" "$R/etc/hosts"',
    'exec chroot "$R" "$@"',
  ].join('\n');
  return {
    dir,
    /** Runs `cloudya ARGV` on the stage (a fresh CLOUDYA_HOME unless env gives one). */
    run(argv: string[], env: Record<string, string> = {}): StageRun {
      const r = spawnSync('unshare', ['--mount', '--uts', '--propagation', 'private', 'sh', '-c', script, 'stage', dir, process.execPath, BIN, ...argv], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { PATH: `${tools}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: '/root', LANG: 'en_US.UTF-8', NO_COLOR: '1', CLOUDYA_HOME: tempHome(), ...env },
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
