/** The Diagnose screen with a fake diagnosis runner and a fake assistant (and once with the real engine). */
import { describe, expect, it } from 'vitest';
import type { Engine, AskRequest, EngineEvent } from '../../src/services/ai/types.js';
import type { DiagnoseEvent, DiagnosisReport } from '../../src/services/diagnose/events.js';
import type { Finding } from '../../src/services/diagnose/types.js';
import { DiagnoseScreen } from '../../screens/DiagnoseScreen.js';
import type { DiagnoseServices, DiagnoseTarget } from '../../screens/hooks/useDiagnose.js';
import { KEYS, renderTui } from '../helpers/render.js';
import { tempHome } from '../helpers/cli.js';

const disk: Finding = { check: 'disk-space', severity: 'critical', title: '/var is 99 % full', evidence: '/var (ext4 on /dev/sda2): 99.0 % used, 120 MiB free of 20 GiB', fix: 'du -xh --max-depth=2 /var | sort -h | tail -20' };
const load: Finding = { check: 'load-per-core', severity: 'ok', title: 'Load is within capacity', evidence: 'load 0.1 / 0.2 / 0.3', fix: '' };

/** A runner whose second check finishes only when the test says so. */
function gatedRunner() {
  const calls: DiagnoseTarget[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const run: DiagnoseServices['run'] = async function* (req) {
    calls.push({ kind: req.kind, target: req.target });
    const checks = [
      { id: 'load-per-core', title: 'Load per core' },
      { id: 'disk-space', title: 'Disk space per filesystem' },
    ];
    yield { type: 'start', checks } as DiagnoseEvent;
    yield { type: 'check-done', check: checks[0], findings: [load], durationMs: 3 } as DiagnoseEvent;
    await gate;
    yield { type: 'check-done', check: checks[1], findings: [disk], durationMs: 5 } as DiagnoseEvent;
    const report: DiagnosisReport = { kind: req.kind, target: req.target, status: 'critical', findings: [disk, load], counts: { critical: 1, warning: 0, info: 0, ok: 1, skipped: 0 }, durationMs: 1200 };
    yield { type: 'done', report } as DiagnoseEvent;
  };
  return { run, calls, release };
}

function fakeEngine(requests: AskRequest[]): Engine {
  return {
    name: 'fake',
    async *ask(req): AsyncIterable<EngineEvent> {
      requests.push(req);
      yield { type: 'token', text: 'The disk ' };
      yield { type: 'done', answer: { explanation: 'The /var filesystem is almost full: logs grew.', commands: [{ command: 'journalctl --vacuum-size=500M', description: 'trim the journal' }], risks: [], sources: [] } };
    },
  };
}

describe('DiagnoseScreen', () => {
  it('runs the system checks with live progress, lists findings worst first, shows details and explains one', async () => {
    const runner = gatedRunner();
    const requests: AskRequest[] = [];
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ diagnose: { run: runner.run, createEngine: () => fakeEngine(requests) } }} />);
    expect(ui.frame()).toContain('choose what to check');
    await ui.press(KEYS.enter);
    const during = await ui.waitFor((f) => f.includes('1/2'));
    expect(during).toContain('Load is within capacity');
    expect(during).toContain('Disk space per filesystem'); // still running, with its spinner
    expect(runner.calls).toEqual([{ kind: 'system', target: undefined }]);
    runner.release();
    const after = await ui.waitFor((f) => f.includes('1 critical, 0 warnings, 1 ok, 0 skipped'));
    expect(after.indexOf('/var is 99 % full')).toBeLessThan(after.indexOf('Load is within capacity'));
    await ui.press(KEYS.enter);
    const details = ui.frame();
    expect(details).toContain('Evidence:');
    expect(details).toContain('120 MiB free of 20 GiB');
    expect(details).toContain('du -xh --max-depth=2 /var');
    await ui.press('e');
    const explained = await ui.waitFor((f) => f.includes('logs grew'));
    expect(explained).toContain('journalctl --vacuum-size=500M');
    expect(requests[0].context).toContain('Evidence:\n/var (ext4 on /dev/sda2): 99.0 % used');
    expect(requests[0].context).toContain('Check: disk-space');
    expect(requests[0].subject).toBe('/var is 99 % full');
    await ui.press(KEYS.escape);
    expect(ui.frame()).not.toContain('Evidence:');
    ui.unmount();
  });

  it('says how many findings are hidden above and below when they do not fit', async () => {
    const many: Finding[] = Array.from({ length: 21 }, (_, i) => ({ check: `c${i}`, severity: 'ok', title: `finding number ${i}`, evidence: 'e', fix: '' }));
    const run: DiagnoseServices['run'] = async function* (req) {
      const checks = many.map((f) => ({ id: f.check, title: f.title }));
      yield { type: 'start', checks } as DiagnoseEvent;
      const report: DiagnosisReport = { kind: req.kind, target: req.target, status: 'ok', findings: many, counts: { critical: 0, warning: 0, info: 0, ok: 21, skipped: 0 }, durationMs: 10 };
      yield { type: 'done', report } as DiagnoseEvent;
    };
    const ui = await renderTui(<DiagnoseScreen active width={80} height={12} services={{ diagnose: { run, initialTarget: { kind: 'system' } } }} />);
    let f = await ui.waitFor((x) => x.includes('finding number 0'));
    expect(f).toMatch(/↓\d+ /);
    expect(f).not.toMatch(/↑\d+ /);
    await ui.press(...Array(20).fill(KEYS.down));
    f = await ui.waitFor((x) => x.includes('finding number 20'));
    expect(f).toMatch(/↑\d+ /);
    expect(f).not.toMatch(/↓\d+ /);
    ui.unmount();
  });

  it('asks a service name and refuses a malformed one', async () => {
    const runner = gatedRunner();
    runner.release();
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ diagnose: { run: runner.run } }} />);
    await ui.press(KEYS.down, KEYS.enter);
    expect(ui.frame()).toContain('Service name:');
    await ui.type('a/b');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Malformed name');
    expect(runner.calls).toEqual([]);
    await ui.press(KEYS.backspace, KEYS.backspace, KEYS.backspace);
    await ui.type('nginx');
    await ui.press(KEYS.enter);
    await ui.waitFor((f) => f.includes('service nginx'));
    expect(runner.calls).toEqual([{ kind: 'service', target: 'nginx' }]);
    ui.unmount();
  });

  it('says so clearly when the assistant is unavailable', async () => {
    const runner = gatedRunner();
    runner.release();
    const services = { diagnose: { run: runner.run, initialTarget: { kind: 'system' as const }, createEngine: () => Promise.reject(new Error('Cannot find module ai/index.js')) } };
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={services} />);
    await ui.waitFor((f) => f.includes('1 critical'));
    await ui.press('e');
    const f = await ui.waitFor((x) => x.includes('not available'));
    expect(f).toContain('The assistant is not available in this build (Cannot find module ai/index.js)');
    ui.unmount();
  });

  it('never draws a frame taller than its height, even with many findings', async () => {
    const many: Finding[] = Array.from({ length: 60 }, (_, i) => ({ check: `c${i}`, severity: i % 3 ? 'ok' : 'warning', title: `finding number ${i} with a rather long title that must not wrap past the width`, evidence: 'e', fix: 'f' }));
    const run: DiagnoseServices['run'] = async function* () {
      yield { type: 'start', checks: [] } as DiagnoseEvent;
      yield { type: 'done', report: { kind: 'system', status: 'warning', findings: many, counts: { critical: 0, warning: 20, info: 0, ok: 40, skipped: 0 }, durationMs: 1 } } as DiagnoseEvent;
    };
    const ui = await renderTui(<DiagnoseScreen active width={60} height={10} services={{ diagnose: { run, initialTarget: { kind: 'system' } } }} />);
    await ui.waitFor((f) => f.includes('20 warnings'));
    expect(ui.frame().split('\n').length).toBeLessThanOrEqual(10);
    for (let i = 0; i < 30; i++) await ui.press(KEYS.down);
    const f = ui.frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(10);
    expect(f).toMatch(/>. ok\s+finding number \d+/);
    ui.unmount();
  });

  it('e scrolls a long finding to the assistant answer, PgUp goes back to the evidence', async () => {
    const long: Finding = { ...disk, evidence: Array.from({ length: 30 }, (_, i) => `evidence line ${i}`).join('\n') };
    const run: DiagnoseServices['run'] = async function* () {
      yield { type: 'start', checks: [] } as DiagnoseEvent;
      yield { type: 'done', report: { kind: 'system', status: 'critical', findings: [long], counts: { critical: 1, warning: 0, info: 0, ok: 0, skipped: 0 }, durationMs: 1 } } as DiagnoseEvent;
    };
    const ui = await renderTui(<DiagnoseScreen active width={80} height={12} services={{ diagnose: { run, initialTarget: { kind: 'system' }, createEngine: () => fakeEngine([]) } }} />);
    await ui.waitFor((f) => f.includes('1 critical'));
    await ui.press('e');
    const f = await ui.waitFor((x) => x.includes('logs grew'));
    expect(f).toContain('Assistant:');
    expect(f).not.toContain('evidence line 0');
    expect(f.split('\n').length).toBeLessThanOrEqual(12);
    await ui.press(KEYS.pageUp, KEYS.pageUp, KEYS.pageUp, KEYS.pageUp);
    expect(ui.frame()).toContain('evidence line 0');
    ui.unmount();
  });

  it('with the real engine: an unknown service gets its clear finding', async () => {
    const ui = await renderTui(<DiagnoseScreen active width={100} height={16} services={{ env: { ...process.env, CLOUDYA_HOME: tempHome() }, diagnose: { initialTarget: { kind: 'service', target: 'no-such-daemon-xyz' } } }} />);
    const f = await ui.waitFor((x) => x.includes('1 critical'), 15_000);
    expect(f).toContain('No service named "no-such-daemon-xyz" on this host');
    ui.unmount();
  });
});
