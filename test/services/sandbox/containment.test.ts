/**
 * Containment, proven by escape attempts against real bubblewrap, as root and as an ordinary user
 * (uid 65534 through setpriv): whatever the validator said, a sandboxed run cannot signal a host
 * process, leave a process or its cgroup behind, change a kernel setting, fork or write without
 * limit, plant code in .git, or hand a cloud CLI's credentials to another program. Each test tries
 * the escape and then checks the host. Escapes run below the validator (run-sandboxed.mjs starts the
 * backend directly, as that user); the exec-level checks run the built CLI as that user.
 */
import { execFile, spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { DENY_RULES } from '../../../src/services/safety/rules.js';
import { executeCommand } from '../../../src/services/sandbox/index.js';
import type { RunSpec } from '../../../src/services/sandbox/types.js';
import { BIN } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';

const HELPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-sandboxed.mjs');
const PATH = '/usr/local/bin:/usr/bin:/bin';
const me = process.getuid?.() ?? 0;

interface Who {
  name: string;
  uid: number;
  /** Prefix that runs a program as this user. */
  as: string[];
}

const users: Who[] = me === 0
  ? [
      { name: 'root', uid: 0, as: [] },
      { name: 'an ordinary user (uid 65534)', uid: 65534, as: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] },
    ]
  : [{ name: `an ordinary user (uid ${me})`, uid: me, as: [] }];

interface Outcome {
  pid: number;
  uid: number;
  exitCode: number | null;
  killedBy?: string;
  stdout: string;
  stderr: string;
  processLimit: string;
  cleanedUp: boolean;
}

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory owned by the user (so an unprivileged run may write it). */
function dirFor(who: Who, prefix: string): string {
  const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), prefix));
  scratch.push(dir);
  if (who.uid !== me) chownSync(dir, who.uid, who.uid);
  return dir;
}

function chownTree(who: Who, dir: string): void {
  if (who.uid === me) return;
  chownSync(dir, who.uid, who.uid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chownTree(who, p);
    else chownSync(p, who.uid, who.uid);
  }
}

function execAs(who: Who, file: string, args: string[], env: Record<string, string>, timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const [bin, ...rest] = [...who.as, file, ...args];
  return new Promise((resolve) => {
    const child = execFile(bin!, rest, { env, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
    child.stdin?.end();
  });
}

/** Runs a command in the bubblewrap backend as `who`, whatever a validator would say of it. */
async function sandboxed(who: Who, spec: Partial<RunSpec> & { command: string; workDir: string }): Promise<Outcome> {
  const full: RunSpec = {
    home: spec.workDir,
    grants: { network: false, credentials: [] },
    env: { PATH, LANG: 'C.UTF-8' },
    hide: [],
    ...spec,
    limits: { timeoutMs: 60_000, memoryBytes: 256 << 20, cpuSeconds: 30, outputBytes: 1 << 20, maxProcesses: 64, fileSizeBytes: 8 << 20, ...spec.limits },
  };
  const r = await execAs(who, process.execPath, [HELPER, JSON.stringify(full)], { PATH });
  if (r.code !== 0) throw new Error(`run-sandboxed failed (${r.code}): ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Outcome;
  expect(out.uid).toBe(who.uid);
  return out;
}

/** Runs the built CLI as `who`, with its own HOME and CLOUDYA_HOME. */
function cloudya(who: Who, args: string[], home: string, extra: Record<string, string> = {}) {
  const cloudyaHome = dirFor(who, 'cloudya-home-');
  return execAs(who, process.execPath, [BIN, ...args], { PATH, HOME: home, CLOUDYA_HOME: cloudyaHome, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...extra });
}

/**
 * `cloudya exec --yes` as `who`; when the validator denies the line, again with its deny rules lifted
 * (--unsafe-allow, the user's deliberate override): the sandbox must hold whatever the verdict.
 */
async function execWhatever(who: Who, work: string, command: string, home: string, extra: Record<string, string> = {}) {
  const first = await cloudya(who, ['exec', '--yes', '--workdir', work, command], home, extra);
  if (first.code !== 3) return first;
  const lifted = [...new Set([...first.stdout.matchAll(/\[([\w.-]+)\]/g)].map((x) => x[1]!).filter((r) => DENY_RULES.includes(r)))];
  return cloudya(who, ['exec', '--yes', ...lifted.flatMap((r) => ['--unsafe-allow', r]), '--workdir', work, command], home, extra);
}

/** Pids of live processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (cmdline.includes(marker) && state !== 'Z') out.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Waits for a condition with a generous ceiling (a loaded 2-core machine), never for a fixed time. */
async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ceilingMs = 15_000): Promise<void> {
  const end = Date.now() + ceilingMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return /^State:\s+[^Z]/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** A host process owned by `who` (the sandbox runs as the same user: the strongest case). */
function victim(who: Who, marker: string): ChildProcess {
  const [bin, ...rest] = [...who.as, 'sleep', marker];
  const child = spawnChild(bin!, rest, { stdio: 'ignore' });
  return child;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

/** Our run cgroups left anywhere under /sys/fs/cgroup (named cloudya-PID-N by the process that made them). */
function leftoverCgroups(pid: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e);
      if (e.startsWith(`cloudya-${pid}-`)) out.push(p);
      else if (depth < 4 && !e.includes('.') && statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p, depth + 1);
    }
  };
  walk('/sys/fs/cgroup', 0);
  return out;
}

/** Each test runs several sandboxes (and the CLI as another user): generous on a loaded 2-core machine. */
const CEILING = 180_000;

let seq = 0;
/** A number no other process here has on its command line: `sleep 6xx.NNN`. */
const marker = () => `${600 + (++seq % 100)}.${process.pid % 1000}${seq}`;

for (const who of users) {
  describeWithTool('bwrap', `containment as ${who.name} (real bubblewrap)`, () => {
    it('cannot signal a host process: kill PID, kill -9 -1, even with the host process view of an inspector line', async () => {
      const mark = marker();
      const host = victim(who, mark);
      try {
        await waitFor('the victim to start', () => processesWith(`sleep ${mark}`).length === 1);
        const pid = host.pid!;
        const work = dirFor(who, 'cloudya-work-');
        // An inspector line (ps | sed ...) sees the host's processes; sed's e command then runs kill.
        const inspector = await sandboxed(who, {
          workDir: work,
          hostView: { processes: true, network: false },
          command: `ps -p ${pid} -o args= | sed -n '1sx.*xkill -9 ${pid}xep'; echo "kill=$?"; kill ${pid}; kill -9 -1; echo after`,
        });
        expect(inspector.stdout).toContain('after');
        expect(alive(pid)).toBe(true);
        // The view was real: ps saw the victim (so the kill had a target it could name).
        const seen = await sandboxed(who, { workDir: work, hostView: { processes: true, network: false }, command: `ps -p ${pid} -o args=; kill -9 ${pid} 2>&1; echo rc=$?` });
        expect(seen.stdout).toMatch(new RegExp(`sleep ${mark.replace('.', '\\.')}\\n[\\s\\S]*rc=1`));
        expect(alive(pid)).toBe(true);
        // The same line through cloudya exec, as the issue found it (allowed then).
        const home = dirFor(who, 'cloudya-user-');
        const viaExec = await execWhatever(who, work, `ps -p ${pid} | sed -n '1sx.*xkill -9 ${pid}xep'`, home);
        expect(viaExec.code, viaExec.stdout + viaExec.stderr).not.toBe(3);
        expect(alive(pid)).toBe(true);
      } finally {
        host.kill('SIGKILL');
      }
    }, CEILING);

    it('leaves no process behind: setsid, nohup, a double fork and a background web server are gone when the run returns', async () => {
      const work = dirFor(who, 'cloudya-work-');
      const [a, b, c] = [marker(), marker(), marker()];
      const r = await sandboxed(who, {
        workDir: work,
        // Network granted (as a cloud CLI gets it): the server listens on the host's loopback while the run lasts.
        grants: { network: true, credentials: [] },
        command: [
          `setsid sleep ${a} & nohup sleep ${b} >/dev/null 2>&1 & (sleep ${c} &)`,
          'python3 -u -m http.server 0 --bind 127.0.0.1 > server.log 2>&1 &',
          'for i in $(seq 300); do grep -q "port" server.log && break; sleep 0.1; done',
          'port=$(sed -n "s/.* port \\([0-9]*\\) .*/\\1/p" server.log)',
          'echo "port=$port status=$(curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:$port/)"',
        ].join('\n'),
      });
      const m = /port=(\d+) status=200/.exec(r.stdout);
      expect(m, r.stdout + r.stderr).not.toBeNull();
      // The runner killed the cgroup (root) and swept the PID namespace before returning: nothing may be left now.
      expect([a, b, c].flatMap((x) => processesWith(`sleep ${x}`))).toEqual([]);
      expect(processesWith('http.server 0 --bind 127.0.0.1')).toEqual([]);
      expect(await refused(Number(m![1]))).toBe(true);
      expect(r.cleanedUp).toBe(true);
      expect(leftoverCgroups(r.pid)).toEqual([]);
    }, CEILING);

    it('cannot change kernel settings: /proc/sys, sysrq, /sys are read-only; no device beyond the basic ones; unprivileged inside; seccomp refuses the rest', async () => {
      const work = dirFor(who, 'cloudya-work-');
      const before = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
      const thp = '/sys/kernel/mm/transparent_hugepage/enabled';
      const thpBefore = existsSync(thp) ? readFileSync(thp, 'utf8') : undefined;
      const perl = `perl -e 'for (["keyctl", 250, 0, -3, 0], ["ptrace", 101, 0, 0, 0], ["unshare", 272, 0x10000000], ["mount", 165, "none", "/tmp", "tmpfs", 0, 0], ["io_uring_setup", 425, 1, "\\0" x 120]) { my ($n, @a) = @$_; $! = 0; my $r = syscall($a[0], @a[1..$#a]); print "$n=", ($r < 0 ? $!+0 : "ok"), "\\n" }'`;
      try {
        for (const hostView of [undefined, { processes: true, network: true }]) {
          const r = await sandboxed(who, {
            workDir: work,
            ...(hostView ? { hostView } : {}),
            command: [
              'echo 3 > /proc/sys/vm/drop_caches; echo "drop=$?"',
              "echo '|/tmp/cloudya-pwned %p' > /proc/sys/kernel/core_pattern; echo \"core=$?\"",
              '[ -e /proc/sysrq-trigger ] && { echo h > /proc/sysrq-trigger; echo "sysrq=$?"; } || echo sysrq=absent',
              `[ -e ${thp} ] && { echo never > ${thp}; echo "thp=$?"; } || echo thp=absent`,
              'echo "devices=$(ls /dev | tr "\\n" " ")"; echo "block=$(find /dev -type b 2>/dev/null | wc -l)"',
              'echo "uid=$(id -u)"; grep -E "^(NoNewPrivs|Seccomp|CapEff):" /proc/self/status',
              perl,
              'perl -e "syscall(0x40000000 + 39)"; echo "x32=$?"',
            ].join('\n'),
          });
          expect(r.stdout).toMatch(/^drop=1$/m);
          expect(r.stdout).toMatch(/^core=1$/m);
          expect(r.stdout).toMatch(/^sysrq=(1|absent)$/m);
          expect(r.stdout).toMatch(/^thp=(1|absent)$/m);
          const devices = /^devices=(.*)$/m.exec(r.stdout)![1]!.trim().split(' ');
          for (const d of devices) expect(['core', 'fd', 'full', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero', 'mqueue', 'console']).toContain(d);
          expect(r.stdout).toMatch(/^block=0$/m);
          expect(r.stdout).toMatch(new RegExp(`^uid=${who.uid === 0 ? 65534 : who.uid}$`, 'm'));
          expect(r.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
          expect(r.stdout).toMatch(/^Seccomp:\s+2$/m);
          expect(r.stdout).toMatch(/^CapEff:\s+0+$/m);
          // EPERM (1) from the filter, where the same calls succeed unfiltered for an unprivileged process (keyctl, ptrace, io_uring).
          if (process.arch === 'x64') {
            for (const call of ['keyctl', 'ptrace', 'unshare', 'mount', 'io_uring_setup']) expect(r.stdout).toMatch(new RegExp(`^${call}=1$`, 'm'));
            // A system call of another ABI (x32) kills the process (SIGSYS) instead of slipping past the table.
            expect(r.stdout).toMatch(/^x32=159$/m);
          }
        }
      } finally {
        const after = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
        if (after !== before && me === 0) writeFileSync('/proc/sys/kernel/core_pattern', before);
        expect(after).toBe(before);
        if (thpBefore !== undefined) expect(readFileSync(thp, 'utf8')).toBe(thpBefore);
      }
    }, CEILING);

    it('stops a 600-process fork storm at the process limit and says so; nothing of it survives', async () => {
      const work = dirFor(who, 'cloudya-work-');
      const mark = marker();
      const r = await sandboxed(who, { workDir: work, limits: { maxProcesses: 64 } as RunSpec['limits'], command: `for i in $(seq 600); do sleep ${mark} & done; wait` });
      expect(r.killedBy).toBe('processes');
      expect(r.processLimit).toBe(who.uid === 0 ? 'cgroup' : 'rlimit');
      expect(processesWith(`sleep ${mark}`)).toEqual([]);
      // Through exec, the user is told which limit and which setting.
      const home = dirFor(who, 'cloudya-user-');
      const forks = `perl -e 'for (1..600) { defined(my $p = fork) or die "cannot fork: $!\\n"; if (!$p) { sleep 30; exit } } 1 while wait > 0'`;
      const viaExec = await execWhatever(who, work, forks, home, { CLOUDYA_SANDBOX_MAX_PROCESSES: '64' });
      expect(viaExec.stderr).toContain('stopped: process limit 64 reached (sandbox.max_processes)');
    }, CEILING);

    it('stops a 2 GiB write at the file-size limit: the host disk gets at most the limit, and nothing from the private /tmp', async () => {
      const work = dirFor(who, 'cloudya-work-');
      const name = `cloudya-big-${process.pid}-${who.uid}.bin`;
      const r = await sandboxed(who, { workDir: work, workDirAccess: 'write', command: `head -c 2G /dev/zero > big.bin; head -c 2G /dev/zero > /tmp/${name}` });
      expect(r.killedBy).toBe('file-size');
      expect(statSync(path.join(work, 'big.bin')).size).toBeLessThanOrEqual(8 << 20);
      expect(existsSync(path.join('/tmp', name))).toBe(false);
      const home = dirFor(who, 'cloudya-user-');
      const viaExec = await execWhatever(who, work, 'head -c 2G /dev/zero > big2.bin', home, { CLOUDYA_SANDBOX_MAX_FILE_SIZE_MB: '4' });
      expect(viaExec.stderr).toContain('stopped: file size limit 4 MiB reached (sandbox.max_file_size_mb)');
      expect(statSync(path.join(work, 'big2.bin')).size).toBeLessThanOrEqual(4 << 20);
    }, CEILING);

    it('keeps .git/config and .git/hooks byte-identical in a writable project dir (sed e, plain writes), unless a confirmed git-only line', async () => {
      const repo = dirFor(who, 'cloudya-repo-');
      await execAs({ ...who, as: [] }, 'git', ['init', '-q', repo], { PATH });
      writeFileSync(path.join(repo, 'README.md'), 'hello\n');
      rmSync(path.join(repo, '.git', 'hooks'), { recursive: true, force: true });
      chownTree(who, repo);
      const config = readFileSync(path.join(repo, '.git', 'config'));
      const r = await sandboxed(who, {
        workDir: repo,
        workDirAccess: 'write',
        command: [
          `sed -n "1e echo '[core] fsmonitor = touch pwned' >> .git/config" README.md; echo "sed=$?"`,
          "printf '#!/bin/sh\\ntouch pwned\\n' > .git/hooks/post-checkout; echo \"hook=$?\"",
          'echo kept > notes.txt',
        ].join('\n'),
      });
      expect(r.stdout).toContain('hook=1');
      expect(readFileSync(path.join(repo, '.git', 'config'))).toEqual(config);
      expect(readdirSync(path.join(repo, '.git', 'hooks'))).toEqual([]);
      // The work dir itself was writable: only git's executable files were guarded.
      expect(readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('kept\n');
      // Control: a confirmed line made only of git may change its own config.
      const git = await sandboxed(who, { workDir: repo, workDirAccess: 'write', gitWritable: true, command: 'git config user.name cloudya-test' });
      expect(git.exitCode).toBe(0);
      expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toContain('cloudya-test');
      // Through exec, whatever the verdict (deny, confirm + --yes, or a wrong allow), the config is untouched.
      const now = readFileSync(path.join(repo, '.git', 'config'));
      const home = dirFor(who, 'cloudya-user-');
      const viaExec = await execWhatever(who, repo, `sed -n "1e echo '[core] fsmonitor = touch pwned' >> .git/config" README.md`, home);
      expect(viaExec.code, viaExec.stdout + viaExec.stderr).not.toBe(3);
      expect(readFileSync(path.join(repo, '.git', 'config'))).toEqual(now);
      expect(existsSync(path.join(repo, 'pwned'))).toBe(false);
    }, CEILING);

    it('gives a cloud CLI\'s credentials to no other program of the line without a question that says so', async () => {
      const home = dirFor(who, 'cloudya-user-');
      mkdirSync(path.join(home, '.kube'));
      const secret = `kube-secret-${process.pid}-${who.uid}`;
      writeFileSync(path.join(home, '.kube', 'config'), `apiVersion: v1\nkind: Config\ncurrent-context: test-ctx\ncontexts:\n- name: test-ctx\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:9"}\nusers:\n- name: u\n  user: {token: ${secret}}\n`);
      chownTree(who, home);
      const work = dirFor(who, 'cloudya-work-');
      // No terminal, no --yes: the mixed line does not run, and nothing of the file is shown.
      const mixed = await cloudya(who, ['exec', '--workdir', work, 'kubectl config current-context; cat ~/.kube/config'], home);
      expect(mixed.code).toBe(1);
      expect(mixed.stdout + mixed.stderr).not.toContain(secret);
      expect(mixed.stderr).toContain('cat would run with the network and the kube credentials (~/.kube) granted to kubectl');
      // A pure text filter shares the grant without a question: the CLI really gets its credentials.
      // (Without a cgroup the memory limit is RLIMIT_AS, which Go programs such as kubectl need well above 256 MiB of.)
      const filtered = await cloudya(who, ['exec', '--workdir', work, '-o', 'json', 'kubectl config current-context | grep -c test-ctx'], home, { CLOUDYA_SANDBOX_MEMORY_MB: '1024' });
      expect(JSON.parse(filtered.stdout)).toMatchObject({ verdict: 'allow', stdout: '1\n', grants: { network: true, credentials: ['kube'] } });
      // A filter reading a file is no pure filter.
      const grepFile = await cloudya(who, ['exec', '--workdir', work, 'kubectl config current-context | grep -f ~/.kube/config'], home);
      expect(grepFile.code).toBe(1);
      expect(grepFile.stdout + grepFile.stderr).not.toContain(secret);
    }, CEILING);
  });
}

describeWithTool('bwrap', 'containment through executeCommand (real bubblewrap)', () => {
  it('asks before a mixed line shares network and credentials, naming who gets what; a no runs nothing', async () => {
    const home = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-user-'));
    scratch.push(home);
    mkdirSync(path.join(home, '.kube'));
    writeFileSync(path.join(home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\ncurrent-context: test-ctx\n# kube-secret-marker\n');
    let hits = 0;
    const server = net.createServer((s) => {
      hits++;
      s.end('HTTP/1.0 200 OK\r\n\r\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const env = { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya'), LANG: 'C.UTF-8' };
      const asked: string[] = [];
      const r = await executeCommand({
        command: `kubectl config current-context; curl -s http://127.0.0.1:${port}/`,
        source: 'exec',
        config: loadConfig({ env }),
        env,
        workDir: home,
        confirm: async (q) => (asked.push(q.message), false),
      });
      expect(r).toMatchObject({ executed: false, notRunReason: 'declined' });
      expect(asked.join('\n')).toMatch(/curl.*would run with the network and the kube credentials \(~\/\.kube\) granted to kubectl/);
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  }, CEILING);
});

describe('containment users', () => {
  it('runs as root and as an ordinary user here, or says why only one', () => {
    if (me !== 0) console.warn('[containment] not root: the root half of the containment tests cannot run here');
    expect(users.length).toBe(me === 0 ? 2 : 1);
  });
});
