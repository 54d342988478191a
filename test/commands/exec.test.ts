import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runBin, runCli, tempHome } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';

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
    expect(existsSync(path.join(dir, 'made.txt'))).toBe(false);
    const yes = await runCli(['exec', '--yes', '--workdir', dir, 'touch made.txt'], { CLOUDYA_HOME: tempHome() });
    expect(yes.code).toBe(0);
    expect(existsSync(path.join(dir, 'made.txt'))).toBe(true);
  });

  it('says which limit killed a run', async () => {
    const r = await runCli(['exec', '--workdir', work(), '--timeout', '1', 'sleep 10'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(124);
    expect(r.stderr).toContain('killed: time limit reached');
  });

  it('runs on the host only with --no-sandbox and a confirmation', async () => {
    const noTty = await runCli(['exec', '--no-sandbox', '--workdir', work(), 'echo on-host'], { CLOUDYA_HOME: tempHome() });
    expect(noTty.code).toBe(1);
    expect(noTty.stdout).not.toContain('on-host');
    const r = await runCli(['exec', '--no-sandbox', '--yes', '--workdir', work(), '--output', 'json', 'echo on-host'], { CLOUDYA_HOME: tempHome() });
    expect(JSON.parse(r.stdout)).toMatchObject({ backend: 'host', stdout: 'on-host\n', exitCode: 0 });
  });

  it('never echoes a secret of the command back (JSON document, refusal)', async () => {
    const json = await runCli(['exec', '--workdir', work(), '--output', 'json', 'true --password=Zq8secretvalue'], { CLOUDYA_HOME: tempHome() });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).command).toBe('true --password=****');
    const denied = await runCli(['exec', '--workdir', work(), 'echo --token=Zq8secretvalue; rm -rf /'], { CLOUDYA_HOME: tempHome() });
    expect(denied.code).toBe(3);
    expect(denied.stdout).toContain('--token=****; rm -rf /');
    for (const r of [json, denied]) expect(r.stdout + r.stderr).not.toContain('Zq8secretvalue');
  });
}, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', 'true']);
