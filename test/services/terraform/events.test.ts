import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseEventLine, parseTranscript } from '../../../src/services/terraform/events.js';
import { summarizePlan } from '../../../src/services/deployments/operations.js';
import { ROOT } from '../../helpers/cli.js';

// Transcripts recorded from real Terraform 1.11 runs of templates/terraform/local/demo and
// test/fixtures/terraform-templates/local/slow (see test/fixtures/terraform/README.md).
const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/terraform', name), 'utf8');

describe('terraform -json stream', () => {
  it('turns a plan into planned changes and a summary', () => {
    const events = parseTranscript(fixture('demo-plan.jsonl'));
    expect(events[0]).toMatchObject({ type: 'version', terraform: expect.stringMatching(/^1\./) });
    const plan = summarizePlan(events);
    expect(plan).toMatchObject({ add: 4, change: 0, destroy: 0, operation: 'plan' });
    expect(plan.resources.map((r) => r.address).sort()).toEqual(['terraform_data.endpoint', 'terraform_data.network', 'terraform_data.node[0]', 'terraform_data.node[1]']);
  });

  it('follows an apply resource by resource and reads the outputs', () => {
    const events = parseTranscript(fixture('demo-apply.jsonl'));
    const starts = events.filter((e) => e.type === 'apply_start').map((e) => (e as { address: string }).address);
    const completes = events.filter((e) => e.type === 'apply_complete');
    expect(new Set(starts)).toEqual(new Set(completes.map((e) => (e as { address: string }).address)));
    expect(completes[0]).toMatchObject({ action: 'create', idKey: 'id', elapsed: expect.any(Number) });
    const summary = events.find((e) => e.type === 'change_summary');
    expect(summary).toMatchObject({ changes: { add: 4, operation: 'apply' } });
    const outputs = events.find((e) => e.type === 'outputs');
    expect(outputs).toMatchObject({ outputs: { url: { sensitive: false, value: 'http://127.0.0.1:8080/' } } });
  });

  it('reports errors, drift and destroys', () => {
    const errored = parseTranscript(fixture('slow-apply-errored.jsonl'));
    expect(errored.find((e) => e.type === 'apply_errored')).toMatchObject({ address: 'terraform_data.slow', action: 'create' });
    const diag = errored.find((e) => e.type === 'diagnostic');
    expect(diag && diag.type === 'diagnostic' && formatDiagnostic(diag.diagnostic)).toMatch(/local-exec provisioner error/);
    expect(errored.some((e) => e.type === 'provision' && e.stage === 'errored')).toBe(true);

    const invalid = parseTranscript(fixture('demo-plan-invalid.jsonl')).find((e) => e.type === 'diagnostic');
    expect(invalid).toMatchObject({ diagnostic: { severity: 'error', summary: 'Invalid value for variable' } });

    const drift = summarizePlan(parseTranscript(fixture('demo-plan-drift.jsonl')));
    // node_count 2 -> 3 and health_url/password back to defaults: one node added, the endpoint replaced.
    expect(drift).toMatchObject({ add: 2, destroy: 1 });
    expect(drift.resources).toContainEqual({ address: 'terraform_data.endpoint', action: 'replace' });
    const destroy = parseTranscript(fixture('demo-destroy.jsonl'));
    expect(destroy.filter((e) => e.type === 'apply_complete').every((e) => (e as { action: string }).action === 'delete')).toBe(true);
    expect(destroy.filter((e) => e.type === 'change_summary').at(-1)).toMatchObject({ changes: { remove: 4, operation: 'destroy' } });
  });

  it('keeps the interruption visible', () => {
    const events = parseTranscript(fixture('slow-apply-interrupted.jsonl'));
    expect(events.some((e) => e.type === 'log' && /Interrupt received/.test(e.message))).toBe(true);
    expect(events.find((e) => e.type === 'apply_errored')).toMatchObject({ address: 'terraform_data.slow' });
  });

  it('ignores blank and non-JSON lines', () => {
    expect(parseEventLine('')).toBeUndefined();
    expect(parseEventLine('Terraform has been successfully initialized!')).toBeUndefined();
    expect(parseEventLine('{"type":"something_new","@message":"hi"}')).toMatchObject({ type: 'log', message: 'hi' });
  });
});
