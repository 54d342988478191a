/**
 * Real bubblewrap runs: the network is really cut, writes outside the work dir do not reach the
 * host, limits kill and say which, and a command sees only its own family's credentials.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { readAudit } from '../../../src/services/audit/index.js';
import { bubblewrap } from '../../../src/services/sandbox/bubblewrap.js';
import { InterruptedError } from '../../../src/core/errors.js';
import { executeCommand, planWorkDir, runWithLimits } from '../../../src/services/sandbox/index.js';
import type { ExecutionRequest, RunSpec } from '../../../src/services/sandbox/types.js';
import { tempHome } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';

function fakeHome(): string {
  const home = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-home-'));
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    writeFileSync(path.join(home, rel), text);
  };
  put('.aws/credentials', '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\n');
  put('.kube/config', 'apiVersion: v1\nkind: Config # kube-secret\n');
  put('.config/gcloud/credentials.db', 'gcloud-secret');
  put('.azure/accessTokens.json', 'azure-secret');
  put('.ssh/id_ed25519', 'ssh-secret');
  put('.bash_history', 'export TOKEN=history-secret');
  put('notes.txt', 'visible');
  return home;
}

/** Live `sleep MARK` processes anywhere on the host (a run's leftovers). */
function sleepers(mark: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8') === `sleep\0${mark}\0` && !/^State:\s+Z/m.test(readFileSync(`/proc/${p}/status`, 'utf8'));
    } catch {
      return false;
    }
  }).map(Number);
}

describeWithTool('bwrap', 'bubblewrap sandbox (real)', () => {
  let server: net.Server;
  let port = 0;
  let hits = 0;
  const sockets = new Set<net.Socket>();
  const home = fakeHome();
  const cloudyaHome = tempHome();
  const work = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-work-test-'));
  const env = { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: cloudyaHome, LANG: 'C.UTF-8', OPENAI_API_KEY: 'sk-proj-NEVERSHOWNINSIDE123456', AWS_PROFILE: 'prod-profile' };

  beforeAll(async () => {
    server = net.createServer((s) => {
      hits++;
      sockets.add(s);
      s.end('HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });

  const request = (command: string, extra: Partial<ExecutionRequest> = {}, envExtra: Record<string, string> = {}): ExecutionRequest => {
    const e = { ...env, ...envExtra };
    return { command, source: 'exec', config: loadConfig({ env: e }), env: e, confirm: async () => true, workDir: work, ...extra };
  };

  it('cuts the network: a port listening on loopback is unreachable inside, reachable when granted', async () => {
    const before = hits;
    const cut = await executeCommand(request(`curl -sS --max-time 3 http://127.0.0.1:${port}/`));
    expect(cut.backend).toBe('bubblewrap');
    expect(cut.executed).toBe(true);
    expect(cut.exitCode).not.toBe(0);
    expect(cut.stdout).not.toContain('hello');
    expect(hits).toBe(before);
    const granted = await executeCommand(request(`curl -sS --max-time 3 http://127.0.0.1:${port}/`, { grants: { network: true } }));
    expect(granted.exitCode).toBe(0);
    expect(granted.stdout).toBe('hello');
    expect(hits).toBe(before + 1);
  });

  it('masks unix sockets of local daemons under /run (they would bypass the network cut)', async (t) => {
    const sock = `/run/cloudya-test-${process.pid}.sock`;
    let connections = 0;
    const daemon = net.createServer((s) => {
      connections++;
      s.end('pong\n');
    });
    try {
      await new Promise<void>((resolve, reject) => daemon.once('error', reject).listen(sock, resolve));
    } catch (err) {
      t.skip(`cannot create a socket under /run here: ${(err as Error).message}`);
      return;
    }
    try {
      // Control: the socket works outside the sandbox.
      await new Promise<void>((resolve) => net.connect(sock).on('data', () => resolve()));
      expect(connections).toBe(1);
      const r = await runWithLimits(bubblewrap, {
        command: `test -S ${sock} && echo is-socket; /usr/bin/perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Peer => "${sock}") or exit 3; print "connected\n"'; echo rc=$?`,
        workDir: work,
        home,
        grants: { network: true, credentials: [] },
        limits: { timeoutMs: 10_000, memoryBytes: 256 * 1048576, cpuSeconds: 10, outputBytes: 1 << 20, maxProcesses: 256, fileSizeBytes: 1 << 30 },
        env,
        hide: [],
      });
      expect(r.stdout).toBe('rc=3\n');
      expect(connections).toBe(1);
    } finally {
      daemon.close();
    }
  });

  it('lets the command write its work dir and nothing else on the host', async () => {
    const outside = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-outside-'));
    const r = await executeCommand(request(`echo kept > result.txt; echo lost > ${outside}/escape.txt; echo lost > ${home}/escape.txt; echo lost > ../escape-${path.basename(work)}.txt`));
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(work, 'result.txt'), 'utf8')).toBe('kept\n');
    expect(existsSync(path.join(outside, 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(home, 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(path.dirname(work), `escape-${path.basename(work)}.txt`))).toBe(false);
    // System paths are denied by the validator; below it, the sandbox itself refuses them too.
    const raw = await runWithLimits(bubblewrap, {
      command: 'touch /usr/local/cloudya-escape; echo rc=$?; echo x > /etc/cloudya-escape; echo rc=$?',
      workDir: work,
      home,
      grants: { network: false, credentials: [] },
      limits: { timeoutMs: 10_000, memoryBytes: 256 * 1048576, cpuSeconds: 10, outputBytes: 1 << 20, maxProcesses: 256, fileSizeBytes: 1 << 30 },
      env,
      hide: [],
    });
    expect(raw.stdout).toBe('rc=1\nrc=1\n');
    expect(raw.stderr).toContain('Read-only file system');
    expect(existsSync('/usr/local/cloudya-escape')).toBe(false);
    expect(existsSync('/etc/cloudya-escape')).toBe(false);
  });

  it('kills a run at the wall-clock limit and says so', async () => {
    // Stopped at the limit, not after the command finished on its own: what it would do after
    // `sleep` never happens, and its sleep is gone (no elapsed-time bound: a loaded machine is slow).
    const mark = `${20 + (process.pid % 1000) / 1000}`;
    const r = await executeCommand(request(`sleep ${mark}; echo finished > timed-out.txt`, { timeoutSeconds: 1 }));
    expect(r.killedBy).toBe('timeout');
    expect(r.exitCode).toBe(124);
    expect(existsSync(path.join(work, 'timed-out.txt'))).toBe(false);
    expect(sleepers(mark)).toEqual([]);
  });

  it('kills a run over the memory limit and says so', async () => {
    const r = await executeCommand(request(`/usr/bin/perl -e '$x = "a" x (400 * 1024 * 1024); print length $x'`, { memoryMb: 64 }));
    expect(r.killedBy).toBe('memory');
    expect(r.stdout).not.toContain('419430400');
    expect(r.memoryLimit).toMatch(/cgroup|rlimit/);
  });

  it('falls back to RLIMIT_AS without a cgroup, and still reports the memory limit', async () => {
    const r = await runWithLimits(bubblewrap, {
      command: `/usr/bin/perl -e '$x = "a" x (400 * 1024 * 1024); print length $x'`,
      workDir: work,
      home,
      grants: { network: false, credentials: [] },
      limits: { timeoutMs: 20_000, memoryBytes: 64 * 1048576, cpuSeconds: 10, outputBytes: 1 << 20, maxProcesses: 256, fileSizeBytes: 1 << 30 },
      env,
      hide: [],
    }, { memory: 'rlimit' });
    expect(r.memoryLimit).toBe('rlimit-as');
    expect(r.killedBy).toBe('memory');
    expect(r.stdout).not.toContain('419430400');
  });

  it('kills a run over the CPU time limit and says so', async () => {
    // A wall-clock limit far above the CPU second: on a loaded machine burning it takes many seconds of wall time.
    const r = await executeCommand(request('while :; do :; done', { timeoutSeconds: 120 }, { CLOUDYA_SANDBOX_CPU_SECONDS: '1' }));
    expect(r.killedBy).toBe('cpu');
  });

  it('stops a run at the output cap and says so', async () => {
    const r = await executeCommand(request('yes cloudya', { timeoutSeconds: 20 }, { CLOUDYA_SANDBOX_OUTPUT_KB: '16' }));
    expect(r.killedBy).toBe('output');
    expect(r.stdout.length).toBeLessThanOrEqual(16 * 1024);
    expect(r.truncated).toBe(true);
  });

  it('shows a command only its own family\'s credentials', async () => {
    const spec = (credentials: RunSpec['grants']['credentials']): RunSpec => ({
      command: 'for f in .aws/credentials .kube/config .config/gcloud/credentials.db .azure/accessTokens.json .ssh/id_ed25519; do test -r "$HOME/$f" && echo "seen $f"; done; env',
      workDir: work,
      home,
      grants: { network: credentials.length > 0, credentials },
      limits: { timeoutMs: 10_000, memoryBytes: 256 * 1048576, cpuSeconds: 10, outputBytes: 1 << 20, maxProcesses: 256, fileSizeBytes: 1 << 30 },
      env,
      hide: [cloudyaHome],
    });
    const aws = await runWithLimits(bubblewrap, spec(['aws']));
    expect(aws.stdout).toContain('seen .aws/credentials');
    expect(aws.stdout).not.toMatch(/seen \.(kube|config|azure|ssh)/);
    expect(aws.stdout).toContain('AWS_PROFILE=prod-profile');
    expect(aws.stdout).not.toContain('sk-proj');
    const kube = await runWithLimits(bubblewrap, spec(['kube']));
    expect(kube.stdout).toContain('seen .kube/config');
    expect(kube.stdout).not.toMatch(/seen \.(aws|config|azure|ssh)/);
    expect(kube.stdout).not.toContain('AWS_PROFILE');
    const none = await runWithLimits(bubblewrap, spec([]));
    expect(none.stdout).not.toContain('seen');
  });

  it('grants cloud CLIs their own credentials through executeCommand (aws gets ~/.aws, cat gets nothing)', async () => {
    const viaCat = await executeCommand(request('cat ~/.aws/credentials'));
    expect(viaCat.verdict).toBe('confirm');
    expect(viaCat.grants).toEqual({ network: false, credentials: [] });
    expect(viaCat.stdout).not.toContain('AKIA');
    expect(viaCat.exitCode).not.toBe(0);
    const viaKubectl = await executeCommand(request('kubectl version --client=true || true'));
    expect(viaKubectl.grants).toEqual({ network: true, credentials: ['kube'] });
  });

  it('stops the sandbox at once when the caller aborts (Ctrl+C)', async () => {
    // Aborted once the command is running (its first output), not after a guessed delay; "at once"
    // means before the command could finish, and with nothing of it left to finish later.
    const ac = new AbortController();
    const mark = `${21 + (process.pid % 1000) / 1000}`;
    const run = executeCommand(request(`echo started; sleep ${mark}; echo finished > aborted.txt`, { signal: ac.signal, onOutput: (t) => t.includes('started') && ac.abort() }));
    await expect(run).rejects.toThrow(InterruptedError);
    expect(sleepers(mark)).toEqual([]);
    expect(existsSync(path.join(work, 'aborted.txt'))).toBe(false);
  });

  it('runs in the requested directory itself: writable when safe, read-only for system dirs, / and homes, empty for credentials', () => {
    const plan = (dir: string) => planWorkDir(dir, home, [cloudyaHome]);
    for (const dir of ['/', '/etc', '/var/log', '/usr/share', home, '/tmp']) expect(plan(dir), dir).toMatchObject({ dir, access: 'read' });
    for (const dir of [path.join(home, '.aws'), path.join(home, '.ssh'), cloudyaHome]) expect(plan(dir), dir).toMatchObject({ dir, access: 'hidden' });
    expect(plan(work)).toEqual({ dir: work, access: 'write' });
    mkdirSync(path.join(home, 'project'), { recursive: true });
    expect(plan(path.join(home, 'project'))).toEqual({ dir: path.join(home, 'project'), access: 'write' });
    expect(plan('/etc').note).toContain('read-only');
    expect(() => plan('/nonexistent-cloudya-dir')).toThrow(/work directory \/nonexistent-cloudya-dir does not exist/);
  });

  it('shows a system dir read-only where the command runs, and says so', async () => {
    const r = await executeCommand(request('pwd; ls hostname; touch cloudya-escape', { workDir: '/etc' }));
    expect(r.stdout).toBe('/etc\nhostname\n');
    expect(r.stderr).toContain('Read-only file system');
    expect(r.exitCode).not.toBe(0);
    expect(r).toMatchObject({ workDir: '/etc', workDirWritable: false });
    expect(r.notices?.[0]).toMatch(/\/etc is a system directory: the sandbox shows it read-only/);
    expect(existsSync('/etc/cloudya-escape')).toBe(false);
  });

  it('shows $HOME read-only without its hidden files, and a credential dir empty', async () => {
    const notices: string[] = [];
    // A link in the home to a hidden dir must not bring it back.
    if (!existsSync(path.join(home, 'creds'))) symlinkSync(path.join(home, '.aws'), path.join(home, 'creds'));
    const r = await executeCommand(request('pwd; ls -A; cat creds/credentials; touch made-here', { workDir: home, onNotice: (n) => notices.push(n) }));
    expect(r.stdout).not.toContain('AKIA');
    const [pwd, ...entries] = r.stdout.trim().split('\n');
    expect(pwd).toBe(home);
    expect(entries).toContain('notes.txt');
    expect(entries.filter((e) => e.startsWith('.'))).toEqual([]);
    expect(r.stderr).toContain('Read-only file system');
    expect(r.workDirWritable).toBe(false);
    expect(notices).toEqual([expect.stringContaining('home directory')]);
    expect(existsSync(path.join(home, 'made-here'))).toBe(false);
    const creds = await executeCommand(request('pwd; ls -A | wc -l; cat credentials', { workDir: path.join(home, '.aws') }));
    expect(creds.stdout).toBe(`${path.join(home, '.aws')}\n0\n`);
    expect(creds.stdout + creds.stderr).not.toContain('AKIA');
    expect(creds.notices?.[0]).toContain('credentials');
  });

  it('lets read-only inspectors see the host: ps sees a process the test started, ss a port it listens on', async () => {
    const marker = `${3000 + (process.pid % 1000)}.5`;
    const child: ChildProcess = spawnChild('sleep', [marker], { stdio: 'ignore', env: { PATH: process.env.PATH, CLOUDYA_SECRET_MARK: 'in-env' } });
    try {
      const ps = await executeCommand(request(`ps -eo pid,args | grep -F 'sleep ${marker}'`));
      expect(ps.stdout).toContain(`${child.pid} sleep ${marker}`);
      expect(ps.hostView).toEqual({ processes: true, network: false });
      const ss = await executeCommand(request('ss -tln'));
      expect(ss.exitCode).toBe(0);
      expect(ss.stdout).toContain(`127.0.0.1:${port}`);
      expect(ss.hostView).toEqual({ processes: true, network: true });
      // Anything else in the line keeps the sandbox's own (empty) world and the network cut, with a note.
      const before = hits;
      const mixed = await executeCommand(request(`ps -eo args; curl -sS --max-time 2 http://127.0.0.1:${port}/`));
      expect(mixed.stdout).not.toContain(`sleep ${marker}`);
      expect(mixed.stdout).not.toContain('hello');
      expect(hits).toBe(before);
      expect(mixed.hostView).toBeUndefined();
      expect(mixed.notices).toEqual([expect.stringMatching(/own process and network view.*--no-sandbox shows the host/)]);
      const isolatedSs = await executeCommand(request('ss -tln; touch x'));
      expect(isolatedSs.stdout).not.toContain(`127.0.0.1:${port}`);
      // Seeing the host's processes never means reading into them (their environment, their root).
      const inside = await runWithLimits(bubblewrap, {
        command: `ps -p ${child.pid} -o args=; head -c 64 /proc/${child.pid}/environ; ls /proc/${child.pid}/root/`,
        workDir: work,
        home,
        grants: { network: false, credentials: [] },
        hostView: { processes: true, network: false },
        limits: { timeoutMs: 10_000, memoryBytes: 256 * 1048576, cpuSeconds: 10, outputBytes: 1 << 20, maxProcesses: 256, fileSizeBytes: 1 << 30 },
        env,
        hide: [],
      });
      expect(inside.stdout).toBe(`sleep ${marker}\n`);
      expect(inside.stderr).toMatch(/environ.*Permission denied[\s\S]*root.*Permission denied/);
    } finally {
      child.kill();
    }
  });

  it('does not run a line using sudo in the sandbox, and says it needs the host', async () => {
    const asked: string[] = [];
    const r = await executeCommand(request('sudo ss -tlnp | grep 8080', { confirm: async (q) => (asked.push(q.message), true) }));
    expect(r).toMatchObject({ executed: false, notRunReason: 'needs-host', exitCode: null });
    expect(r.notices?.[0]).toMatch(/sudo needs the host.*--no-sandbox/);
    expect(asked).toEqual([]);
  });

  it('asks before other programs share a cloud CLI\'s credentials in one command line', async () => {
    const asked: string[] = [];
    const r = await executeCommand(request('kubectl version --client=true; ls -a ~/.kube', { confirm: async (q) => (asked.push(q.message), true) }));
    expect(r.verdict).toBe('confirm');
    expect(r.reasons.map((x) => x.rule)).toContain('sandbox.shared-grant');
    expect(asked[0]).toContain('ls would run with the network and the kube credentials');
    const filtered = await executeCommand(request('kubectl version --client=true | grep -i client', { confirm: async () => { throw new Error('no question expected'); } }));
    expect(filtered.verdict).toBe('allow');
  });

  it('never runs a denied command and audits every step', async () => {
    const r = await executeCommand(request(`rm -rf ${home}`));
    expect(r).toMatchObject({ verdict: 'deny', executed: false, backend: null, notRunReason: 'denied' });
    expect(existsSync(path.join(home, '.aws/credentials'))).toBe(true);
    const declined = await executeCommand(request('touch declined.txt', { confirm: async () => false }));
    expect(declined).toMatchObject({ executed: false, notRunReason: 'declined' });
    expect(existsSync(path.join(work, 'declined.txt'))).toBe(false);
    const { entries } = readAudit({ ...env });
    const events = entries.map((e) => `${e.event}:${e.command}`);
    expect(events).toContain(`validation:rm -rf ${home}`);
    expect(events).toContain(`execution:rm -rf ${home}`);
    expect(entries.find((e) => e.event === 'confirmation' && e.command === 'touch declined.txt')?.answer).toBe(false);
    const ran = entries.find((e) => e.event === 'execution' && !!e.command?.includes('timed-out.txt'));
    expect(ran).toMatchObject({ executed: true, backend: 'bubblewrap', killedBy: 'timeout', source: 'exec' });
    expect(JSON.stringify(entries)).not.toContain('NEVERSHOWN');
  });
}, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', 'true']);
