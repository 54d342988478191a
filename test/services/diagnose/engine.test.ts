/** The engine: discovery, concurrency, per-check timeout, crash containment, --only, events and the report. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { checkFiles, loadChecks } from '../../../src/services/diagnose/discover.js';
import { diagnose, runDiagnosis } from '../../../src/services/diagnose/engine.js';
import type { DiagnoseEvent } from '../../../src/services/diagnose/events.js';
import { finding } from '../../../src/services/diagnose/finding.js';
import { filterBySeverity, renderText, summaryLine, toDocument } from '../../../src/services/diagnose/report.js';
import type { Check } from '../../../src/services/diagnose/types.js';
import { tempHome } from '../../helpers/cli.js';

const config = () => loadConfig({ env: { CLOUDYA_HOME: tempHome() } });

function fake(id: string, run: Check['run'], applies: Check['applies'] = () => true): Check {
  return { id, title: `title of ${id}`, applies, run };
}

describe('check discovery', () => {
  it('finds at least 18 system checks and the service checks, each with a unique id', async () => {
    const system = await loadChecks('system');
    expect(system.broken).toEqual([]);
    expect(system.checks.length).toBeGreaterThanOrEqual(18);
    expect(new Set(system.checks.map((c) => c.id)).size).toBe(system.checks.length);
    // File name and id agree, so `--only` and the file tree tell the same story.
    expect(system.checks.map((c) => `${c.id}.ts`).sort()).toEqual(checkFiles('system'));
    const service = await loadChecks('service');
    expect(service.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['service-known', 'unit-state', 'processes-alive', 'ports-listening', 'http-probe', 'recent-errors', 'config-test', 'resource-usage']));
  });
});

describe('runDiagnosis', () => {
  it('runs checks concurrently and streams start, per-check and done events', async () => {
    let running = 0;
    let finished = 0;
    const seenRunning: number[] = [];
    const slow = (id: string): Check =>
      fake(id, async () => {
        running++;
        await new Promise((r) => setTimeout(r, 300));
        // Concurrent: when the first check ends, the others are already running.
        if (!finished++) seenRunning.push(running);
        running--;
        return [finding(id, 'ok', `${id} fine`, 'seen')];
      });
    const events: DiagnoseEvent[] = [];
    const report = await diagnose({ kind: 'system', config: config(), checks: [slow('a'), slow('b'), slow('c')] }, (e) => events.push(e));
    expect(seenRunning).toEqual([3]);
    expect(events[0]).toEqual({ type: 'start', checks: [{ id: 'a', title: 'title of a' }, { id: 'b', title: 'title of b' }, { id: 'c', title: 'title of c' }] });
    expect(events.filter((e) => e.type === 'check-start')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'check-done')).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('done');
    expect(report.counts).toEqual({ critical: 0, warning: 0, info: 0, ok: 3, skipped: 0 });
    expect(report.status).toBe('ok');
  });

  it('reports a check that ends at once before the next checks start: their synchronous start (reading /proc, spawning a tool) never delays it', async () => {
    const busyStart = (id: string): Check =>
      fake(id, () => {
        // Synchronous work before the first await, as checks that scan /proc do.
        const until = Date.now() + 20;
        while (Date.now() < until);
        return Promise.resolve([finding(id, 'ok', `${id} fine`, 'seen')]);
      });
    const quick = fake('quick', async () => [finding('quick', 'warning', 'quick found something', 'seen')]);
    const events: DiagnoseEvent[] = [];
    await diagnose({ kind: 'system', config: config(), checks: [quick, busyStart('b'), busyStart('c'), busyStart('d')] }, (e) => events.push(e));
    const order = events.filter((e) => e.type === 'check-start' || e.type === 'check-done').map((e) => `${e.type === 'check-start' ? '>' : '<'}${e.check.id}`);
    expect(order.slice(0, 3)).toEqual(['>quick', '<quick', '>b']);
    expect(order.filter((x) => x.startsWith('<')).sort()).toEqual(['<b', '<c', '<d', '<quick']);
  });

  it('turns a hanging check into a timeout warning, a throwing one into skipped, an empty one into skipped', async () => {
    let aborted = false;
    const hang = fake('hang', (ctx) => new Promise(() => ctx.signal.addEventListener('abort', () => (aborted = true))));
    const boom = fake('boom', async () => {
      throw new Error('EACCES reading /proc/kmsg');
    });
    const empty = fake('empty', async () => []);
    const report = await diagnose({ kind: 'system', config: config(), checks: [hang, boom, empty], timeoutMs: 200 });
    const by = Object.fromEntries(report.findings.map((f) => [f.check, f]));
    expect(by.hang.severity).toBe('warning');
    expect(by.hang.evidence).toContain('0.2 s');
    expect(aborted).toBe(true);
    expect(by.boom).toMatchObject({ severity: 'skipped' });
    expect(by.boom.evidence).toContain('EACCES reading /proc/kmsg');
    expect(by.empty.severity).toBe('skipped');
  });

  it('honours applies(), --only and the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    const counted = (id: string): Check =>
      fake(id, async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 50));
        running--;
        return [finding(id, 'critical', 'bad', 'proof', 'do this')];
      });
    const checks = [counted('a'), counted('b'), counted('c'), counted('d'), fake('never', async () => [], () => false)];
    const report = await diagnose({ kind: 'system', config: config(), checks, concurrency: 2 });
    expect(peak).toBe(2);
    expect(report.findings.map((f) => f.check).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(report.status).toBe('critical');
    const only = await diagnose({ kind: 'system', config: config(), checks, only: ['b'] });
    expect(only.findings.map((f) => f.check)).toEqual(['b']);
  });

  it('stops with the abort error when the caller cancels', async () => {
    const controller = new AbortController();
    const check = fake('slow', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    const run = (async () => {
      for await (const e of runDiagnosis({ kind: 'system', config: config(), checks: [check], signal: controller.signal })) if (e.type === 'done') return e;
    })();
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toThrow();
  });
});

describe('report rendering', () => {
  const report = {
    kind: 'service' as const,
    target: 'nginx',
    status: 'critical' as const,
    durationMs: 1234,
    counts: { critical: 1, warning: 2, info: 0, ok: 1, skipped: 1 },
    findings: [
      finding('config-test', 'critical', 'nginx -t fails', 'unknown directive "x" in /etc/nginx/nginx.conf:3', 'Fix line 3'),
      finding('recent-errors', 'warning', '3 error lines', 'line one\nline two', 'Read them'),
      finding('unit-enabled', 'warning', 'not enabled', 'UnitFileState=disabled', 'systemctl enable nginx'),
      finding('processes-alive', 'ok', '2 processes', '10 nginx'),
      finding('unit-state', 'skipped', 'systemd unit state', 'systemd is not the init system here'),
    ],
  };

  it('prints the summary line in the documented form', () => {
    expect(summaryLine(report.counts)).toBe('1 critical, 2 warnings, 1 ok, 1 skipped');
    expect(summaryLine({ critical: 3, warning: 1, info: 2, ok: 14, skipped: 2 })).toBe('3 critical, 1 warning, 2 info, 14 ok, 2 skipped');
  });

  it('groups by severity with evidence and fix under each problem', () => {
    const text = renderText(report);
    const order = ['CRITICAL (1)', 'WARNING (2)', 'OK (1)', 'SKIPPED'].map((h) => text.indexOf(h));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(text).toContain('evidence: unknown directive "x" in /etc/nginx/nginx.conf:3');
    expect(text).toContain('fix: Fix line 3');
    expect(text).toContain('line two');
    expect(text).toContain('systemd unit state: systemd is not the init system here');
    expect(text).toContain('1 critical, 2 warnings, 1 ok, 1 skipped');
  });

  it('filters by minimum severity in text and JSON, keeping the counts whole', () => {
    expect(filterBySeverity(report.findings, 'warning').map((f) => f.severity)).toEqual(['critical', 'warning', 'warning']);
    expect(renderText(report, 'critical')).not.toContain('3 error lines');
    const doc = toDocument(report, 'warning');
    expect(doc).toMatchObject({ target: { kind: 'service', name: 'nginx' }, status: 'critical', problems: 3, summary: report.counts });
    expect(doc.findings).toHaveLength(3);
    expect(Object.keys(doc.findings[0])).toEqual(['check', 'severity', 'title', 'evidence', 'fix']);
  });
});
