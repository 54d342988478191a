/** cloudya diagnose: actions, report formats, filters, exit codes and errors. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runBin, runCli, tempHome } from '../helpers/cli.js';

const env = () => ({ CLOUDYA_HOME: tempHome() });
const SUMMARY = /^\d+ critical, \d+ warnings?, (\d+ info, )?\d+ ok, \d+ skipped/m;

describe('cloudya diagnose', () => {
  it('system: text report with the summary line; exit code follows the critical count', async () => {
    const r = await runCli(['diagnose', 'system', '--only', 'disk-space,disk-inodes,load-per-core,memory-available'], env());
    expect(r.stdout).toContain('Diagnosis of system');
    const summary = SUMMARY.exec(r.stdout)?.[0];
    expect(summary).toBeDefined();
    const critical = Number(/^(\d+) critical/.exec(summary!)![1]);
    expect(r.code).toBe(critical > 0 ? 3 : 0);
  });

  it('--output json prints one document { target, status, problems, findings }', async () => {
    const r = await runCli(['diagnose', 'system', '--only', 'disk-space,swap-usage', '--output', 'json'], env());
    const doc = JSON.parse(r.stdout);
    expect(doc.target).toEqual({ kind: 'system', name: os.hostname() });
    expect(['ok', 'warning', 'critical']).toContain(doc.status);
    expect(doc.problems).toBe(doc.summary.critical + doc.summary.warning);
    expect(new Set(doc.findings.map((f: { check: string }) => f.check))).toEqual(new Set(['disk-space', 'swap-usage']));
    for (const f of doc.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['check', 'severity', 'title', 'evidence', 'fix']));
    expect(r.stderr).toBe('');
  });

  it('--timeout 1 still gives every sampling check room to finish (windows shrink to a third of it)', async () => {
    const r = await runCli(['diagnose', 'system', '--timeout', '1', '--only', 'cpu-iowait-steal,swap-activity,zombie-processes,dstate-processes,tcp-listen-overflows', '--output', 'json'], env());
    const doc = JSON.parse(r.stdout);
    expect(new Set(doc.findings.map((f: { check: string }) => f.check)).size).toBe(5);
    for (const f of doc.findings) expect(f.title).not.toMatch(/no answer within/);
    expect(doc.findings.find((f: { check: string }) => f.check === 'cpu-iowait-steal').evidence).toMatch(/^over 0\.3 s: iowait/);
  });

  it('service: an unknown service is a critical finding (exit 3), not a usage error', async () => {
    const r = await runCli(['diagnose', 'service', 'no-such-daemon-xyz', '--output', 'json'], env());
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ target: { kind: 'service', name: 'no-such-daemon-xyz' }, status: 'critical', problems: 1 });
    expect(doc.findings[0].title).toBe('No service named "no-such-daemon-xyz" on this host');
  });

  it('--severity critical hides the rest of the list but keeps the full summary', async () => {
    const r = await runCli(['diagnose', 'service', 'no-such-daemon-xyz', '--severity', 'critical'], env());
    expect(r.stdout).toContain('CRITICAL (1)');
    expect(r.stdout).toContain('evidence:');
    expect(r.stdout).toContain('fix:');
    expect(r.stdout).toContain('1 critical, 0 warnings, 0 ok, 0 skipped');
  });

  it('a malformed service name is a usage error (exit 2) with a hint', async () => {
    const r = await runCli(['diagnose', 'service', '../etc/passwd'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('malformed service name "../etc/passwd"');
    expect(r.stderr).toContain('hint:');
  });

  it('--only with an unknown check id suggests the closest one', async () => {
    const r = await runCli(['diagnose', 'system', '--only', 'disk-spac'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown check "disk-spac" for system');
    expect(r.stderr).toContain('did you mean "disk-space"?');
  });

  it('bad --ports and --severity values are usage errors', async () => {
    expect((await runCli(['diagnose', 'service', 'nginx', '--ports', '80,http'], env())).code).toBe(2);
    expect((await runCli(['diagnose', 'system', '--severity', 'loud'], env())).code).toBe(2);
    const ports = await runCli(['diagnose', 'service', 'nginx', '--ports', '99999'], env());
    expect(ports.stderr).toMatch(/invalid port "99999" in --ports.*\nhint: e\.g\. --ports 80,443/);
  });

  it('deployment: an unknown id is a usage error (exit 2) with a clear message and a hint', async () => {
    for (const r of [await runCli(['diagnose', 'deployment', 'nope-123'], env()), await runBin(['diagnose', 'deployment', 'nope-123'], env())]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^cloudya: error: unknown deployment "nope-123"\nhint: .*cloudya deploy list-deployments/m);
    }
  });

  it('the npm package ships every check of every kind (a missing one would leave "diagnose deployment" with none)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readdirSync } = await import('node:fs');
    const { ROOT } = await import('../helpers/cli.js');
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ files: Array<{ path: string }> }>;
    const files = new Set(packed[0].files.map((f) => f.path));
    for (const kind of ['system', 'service', 'deployment']) {
      const sources = readdirSync(`${ROOT}/src/services/diagnose/checks/${kind}`).filter((f) => f.endsWith('.ts'));
      expect(sources.length, kind).toBeGreaterThan(0);
      for (const f of sources) expect(files, `${kind}/${f}`).toContain(`dist/src/services/diagnose/checks/${kind}/${f.replace(/\.ts$/, '.js')}`);
    }
  });

  it('French messages with --lang fr', async () => {
    const r = await runCli(['diagnose', 'service', 'no-such-daemon-xyz', '--lang', 'fr'], env());
    expect(r.stdout).toContain('Aucun service nommé « no-such-daemon-xyz » sur cet hôte');
    expect(r.stdout).toMatch(/1 critique\(s\), 0 avertissements/);
    // The kind is translated in the title, and labels take the French space before the colon.
    expect(r.stdout).toMatch(/^Diagnostic du service no-such-daemon-xyz$/m);
    expect(r.stdout).toContain('constat : ');
    expect(r.stdout).not.toMatch(/constat:|correctif:/);
  });

  it('French skip reasons name the host kind in French too (no systemd, container)', async () => {
    const { existsSync } = await import('node:fs');
    const r = await runCli(['diagnose', 'system', '--only', 'systemd-failed-units,pending-reboot,temperature,clock-sync', '--lang', 'fr'], env());
    expect(r.stdout).not.toMatch(/is not the init system|inside a|a Docker container|a container|not Linux/);
    // Where there is no systemd (containers, CI runners without it) the reason itself is French.
    if (!existsSync('/run/systemd/system')) expect(r.stdout).toContain("systemd n'est pas le système d'init ici");
  });

  it('the built binary discovers its checks from dist/ (.js files)', async () => {
    const r = await runBin(['diagnose', 'system', '--only', 'disk-space,pid-exhaustion', '--output', 'json'], env());
    const doc = JSON.parse(r.stdout);
    expect(new Set(doc.findings.map((f: { check: string }) => f.check))).toEqual(new Set(['disk-space', 'pid-exhaustion']));
  });
});

describe('diagnose interrupted', () => {
  it('Ctrl+C keeps what was already found: the findings so far, marked partial, then exit 130', async () => {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    const stdin = new PassThrough();
    stdin.end();
    const ac = new AbortController();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Interrupt once the first check is done, whichever it is (disk-space is usually first, while
    // cpu-iowait-steal samples /proc/stat for 1 s, but a loaded machine may finish them either way).
    let first = '';
    stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const done = /\[1\/2\] ([^\r\n\x1b]+)/.exec(err);
      if (done && !first) {
        first = done[1];
        ac.abort();
      }
    });
    const code = await main(['diagnose', 'system', '--only', 'disk-space,cpu-iowait-steal', '--timeout', '30'], {
      io: { stdout, stderr, stdin },
      env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8', NO_COLOR: '1', CLOUDYA_HOME: tempHome() },
      signal: ac.signal,
    });
    expect(code).toBe(130);
    expect(out).toContain('Interrupted after 1 of 2 checks: the findings above are partial.');
    // The finished check's finding is there; the interrupted one's is not.
    const disk = /Disk|Filesystem|full|space/i;
    const cpu = /iowait/;
    expect(first).toMatch(/^(Disk space per filesystem|CPU iowait and steal)$/);
    const [kept, dropped] = first.startsWith('Disk') ? [disk, cpu] : [cpu, disk];
    expect(out).toMatch(kept);
    expect(out).not.toMatch(dropped);
  });
});

describe('diagnose on a terminal', () => {
  it('lists a check\'s findings as soon as it ends, while the slower check still runs; the full report then replaces that list', async () => {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120, rows: 24 });
    const stdin = new PassThrough();
    stdin.end();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await main(['diagnose', 'system', '--only', 'disk-space,cpu-iowait-steal', '--timeout', '30'], {
      io: { stdout, stderr, stdin },
      env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8', NO_COLOR: '1', CLOUDYA_HOME: tempHome() },
    });
    expect([0, 3]).toContain(code);
    // Every write to the terminal starts by clearing its row: a finding row ends with a newline, the progress row does not.
    const rows = err.split('\r\x1b[2K').filter(Boolean);
    const isFinding = (r: string) => /^ {2}[✗!i✓-] .+\n$/.test(r);
    const disk = /Disk|Filesystem|full|space/i;
    const cpu = /iowait/;
    // Whichever check ends first (disk-space reads statfs at once, cpu-iowait-steal samples /proc/stat for a second,
    // but a loaded machine may finish them either way), its finding is listed while the other one still runs.
    const firstDone = rows.findIndex((r) => r.startsWith('[1/2] '));
    const secondDone = rows.findIndex((r) => r.startsWith('[2/2] '));
    expect(firstDone).toBeGreaterThan(0);
    const first = rows[firstDone].slice(6);
    expect(first).toMatch(/^(Disk space per filesystem|CPU iowait and steal)$/);
    const [mine, other] = first.startsWith('Disk') ? [disk, cpu] : [cpu, disk];
    expect(rows.slice(0, firstDone).filter(isFinding)).toEqual([expect.stringMatching(mine)]);
    // The other check's finding comes after, when that check ends.
    expect(rows.slice(firstDone + 1, secondDone).filter(isFinding)).toEqual([expect.stringMatching(other)]);
    // Both rows are erased before the report, so no finding shows twice on the screen.
    expect(rows.at(-1)).toBe('\x1b[2A\x1b[J');
    expect(out).toContain('Diagnosis of system');
    expect(out).toMatch(/Disk|Filesystem/);
    expect(out).toMatch(/iowait/);
  });
});
