import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, runBin, runCli, tempHome } from '../helpers/cli.js';
import { describeWithTool, toolPath } from '../helpers/tools.js';

/** Runs the built CLI from a given current directory (what `cd /var/log && cloudya exec ...` does). */
function runFrom(cwd: string, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...argv], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
    child.stdin?.end();
  });
}

describeWithTool('bwrap', 'cloudya exec', () => {
  const work = () => mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-exec-'));

  it('runs an allowed command in bubblewrap, streams its output and reports backend, exit and duration', async () => {
    const r = await runCli(['exec', '--workdir', work(), 'echo hello from the sandbox; exit 4'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('hello from the sandbox\n');
    expect(r.stderr).toMatch(/\[bubblewrap\] exit 4 in \d+\.\ds/);
  });

  it('feeds piped input to the command (echo ... | cloudya exec "wc -l"), also when the command stops reading early', async () => {
    const r = await runCli(['exec', '--workdir', work(), 'sort -r | head -n 2'], { CLOUDYA_HOME: tempHome() }, 'alpha\ngamma\nbeta\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('gamma\nbeta\n');
    const big = 'line\n'.repeat(2_000_000);
    const early = await runBin(['exec', '--workdir', work(), 'head -n 1'], { CLOUDYA_HOME: tempHome() }, big);
    expect(early.code).toBe(0);
    expect(early.stdout).toBe('line\n');
  });

  it('prints one JSON document with --output json', async () => {
    const r = await runCli(['exec', '--workdir', work(), '--output', 'json', 'uname -n'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ command: 'uname -n', verdict: 'allow', executed: true, backend: 'bubblewrap', exitCode: 0, stdout: 'cloudya-sandbox\n' });
    expect(typeof doc.durationMs).toBe('number');
  });

  it('never runs a denied command (exit 3) and explains how to override on purpose', async () => {
    const dir = work();
    const r = await runCli(['exec', '--workdir', dir, `touch ${dir}/ran; rm -rf /`], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('[fs.delete-root]');
    expect(r.stdout).toContain('--unsafe-allow');
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });

  it('asks before a command that changes something: no terminal and no --yes means no run', async () => {
    const dir = work();
    const refused = await runCli(['exec', '--workdir', dir, 'touch made.txt'], { CLOUDYA_HOME: tempHome() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    // ...and says why it needed confirming.
    expect(refused.stderr).toMatch(/confirmation needed \(.*made\.txt.*\), but there is no terminal/);
    expect(existsSync(path.join(dir, 'made.txt'))).toBe(false);
    const yes = await runCli(['exec', '--yes', '--workdir', dir, 'touch made.txt'], { CLOUDYA_HOME: tempHome() });
    expect(yes.code).toBe(0);
    expect(existsSync(path.join(dir, 'made.txt'))).toBe(true);
  });

  it('says which limit killed a run', async () => {
    const r = await runCli(['exec', '--workdir', work(), '--timeout', '1', 'sleep 10'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(124);
    // The code printed is the one cloudya exits with.
    expect(r.stderr).toMatch(/\[bubblewrap\] exit 124 in \d+\.\ds - killed: time limit reached/);
  });

  it('runs on the host only with --no-sandbox and a confirmation', async () => {
    const noTty = await runCli(['exec', '--no-sandbox', '--workdir', work(), 'echo on-host'], { CLOUDYA_HOME: tempHome() });
    expect(noTty.code).toBe(1);
    expect(noTty.stdout).not.toContain('on-host');
    const r = await runCli(['exec', '--no-sandbox', '--yes', '--workdir', work(), '--output', 'json', 'echo on-host'], { CLOUDYA_HOME: tempHome() });
    expect(JSON.parse(r.stdout)).toMatchObject({ backend: 'host', stdout: 'on-host\n', exitCode: 0 });
  });

  it('never echoes a secret of the command back (JSON document, refusal)', async () => {
    const json = await runCli(['exec', '--yes', '--workdir', work(), '--output', 'json', 'true --password=Zq8secretvalue'], { CLOUDYA_HOME: tempHome() });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).command).toBe('true --password=****');
    const denied = await runCli(['exec', '--workdir', work(), 'echo --token=Zq8secretvalue; rm -rf /'], { CLOUDYA_HOME: tempHome() });
    expect(denied.code).toBe(3);
    expect(denied.stdout).toContain('--token=****; rm -rf /');
    for (const r of [json, denied]) expect(r.stdout + r.stderr).not.toContain('Zq8secretvalue');
  });

  it('runs in the current directory, even a system one (read-only, said in one line; JSON has workDirWritable)', async () => {
    const home = tempHome();
    // Its own empty TMPDIR: a hidden work directory, whatever its name, would show up there.
    const tmp = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-exec-tmp-'));
    const r = await runFrom('/usr/share', ['exec', 'pwd; ls -d doc'], { CLOUDYA_HOME: home, TMPDIR: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('/usr/share\ndoc\n');
    expect(r.stderr).toMatch(/^\/usr\/share is a system directory: the sandbox shows it read-only/m);
    const json = await runFrom('/usr/share', ['exec', '-o', 'json', 'pwd'], { CLOUDYA_HOME: home });
    expect(JSON.parse(json.stdout)).toMatchObject({ workDir: '/usr/share', workDirWritable: false, stdout: '/usr/share\n', notices: [expect.stringContaining('read-only')] });
    expect(json.stderr).toBe('');
    // Writes are refused there, not sent to a hidden directory.
    const touch = await runFrom('/usr/share', ['exec', '--yes', 'touch made-here'], { CLOUDYA_HOME: home, TMPDIR: tmp });
    expect(touch.code).toBe(1);
    expect(touch.stderr).toContain('Read-only file system');
    expect(existsSync('/usr/share/made-here')).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    // Three CLI processes, each starting node and bwrap: generous on a loaded 2-core machine.
  }, 120_000);

  it('shows the work dir read-only to a line judged read-only (a wrong allow writes nothing); --write or the user\'s own allow rule lets it write', async () => {
    const dir = work();
    const mountOf = async (args: string[], env: Record<string, string> = {}) => {
      const r = await runCli(['exec', '-o', 'json', '--workdir', dir, ...args, 'findmnt -no OPTIONS --target .'], { CLOUDYA_HOME: tempHome(), ...env });
      return JSON.parse(r.stdout) as { verdict: string; stdout: string; workDirWritable: boolean };
    };
    const judged = await mountOf([]);
    expect(judged).toMatchObject({ verdict: 'allow', workDirWritable: false });
    expect(judged.stdout).toMatch(/^ro,/);
    const flagged = await mountOf(['--write']);
    expect(flagged).toMatchObject({ verdict: 'allow', workDirWritable: true });
    expect(flagged.stdout).toMatch(/^rw,/);
    const ruled = await mountOf([], { CLOUDYA_SAFETY_ALLOW: 'findmnt *' });
    expect(ruled.workDirWritable).toBe(true);
  });

  it('refuses a missing --workdir up front (exit 2, says which)', async () => {
    const r = await runCli(['exec', '--workdir', '/nonexistent-cloudya', 'ls'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('work directory /nonexistent-cloudya does not exist');
    expect(r.stderr).not.toContain('[bubblewrap]');
  });

  it('does not run sudo in the sandbox: one line says it needs the host (not a fake success)', async () => {
    const r = await runCli(['exec', '--workdir', work(), 'sudo du -xh / | sort -h | tail -20'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not run: sudo needs the host.*--no-sandbox/);
    expect(r.stdout + r.stderr).not.toContain('command not found');
    const json = await runCli(['exec', '-o', 'json', '--workdir', work(), 'sudo ss -tlnp'], { CLOUDYA_HOME: tempHome() });
    expect(JSON.parse(json.stdout)).toMatchObject({ executed: false, notRunReason: 'needs-host', exitCode: null });
  });

  it('says in French when the configured backend is not installed', async (t) => {
    if (toolPath('podman')) t.skip('podman is installed here');
    const r = await runCli(['exec', '--lang', 'fr', '--workdir', work(), 'ls'], { CLOUDYA_HOME: tempHome(), CLOUDYA_SANDBOX_BACKEND: 'podman', PATH: '/usr/bin:/bin' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("podman n'est pas installé");
    expect(r.stderr).not.toContain('is not installed');
  });
}, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', 'true']);
