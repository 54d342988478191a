/** Drift: `terraform plan -detailed-exitcode` on a deployment (0 = matches, 2 = changes, 1 = error). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { formatDiagnostic, type TfEvent } from '../terraform/events.js';
import { initArgs, runTerraform, type TerraformSettings } from '../terraform/runner.js';
import { actionLabel } from './labels.js';
import { summarizePlan } from './operations.js';
import { deploymentFiles } from './store.js';
import type { Deployment, PlanSummary } from './types.js';

const m = defineMessages({
  en: { exited: 'terraform {command} exited with code {code}' },
  fr: { exited: 'terraform {command} a quitté avec le code {code}' },
});

export type DriftResult =
  | { kind: 'none' }
  | { kind: 'drift'; plan: PlanSummary; drifted: string[] }
  | { kind: 'error'; errors: string[] };

/** Plans the deployment with its stored variables (and TF_VAR_ secrets from the environment) without changing anything. */
export async function detectDrift(root: string, d: Deployment, settings: TerraformSettings, signal?: AbortSignal): Promise<DriftResult> {
  const files = deploymentFiles(root, d.id);
  if (!existsSync(path.join(files.workdir, '.terraform')) && existsSync(path.join(files.workdir, 'main.tf'))) {
    const init = await runTerraform(settings, initArgs(settings), { cwd: files.workdir, signal });
    if (init.exitCode !== 0) return { kind: 'error', errors: [init.stderr.split('\n').find((l) => /Error/.test(l)) ?? m('exited', { command: 'init', code: init.exitCode })] };
  }
  const r = await runTerraform(settings, ['plan', '-json', '-input=false', '-lock=false', '-detailed-exitcode', `-var-file=${files.tfvars}`], { cwd: files.workdir, signal });
  if (r.exitCode === 0) return { kind: 'none' };
  if (r.exitCode === 2) {
    const drifted = r.events.filter((e): e is Extract<TfEvent, { type: 'resource_drift' }> => e.type === 'resource_drift').map((e) => `${e.address} (${actionLabel(e.action)})`);
    return { kind: 'drift', plan: summarizePlan(r.events), drifted };
  }
  const errors = r.events.filter((e): e is Extract<TfEvent, { type: 'diagnostic' }> => e.type === 'diagnostic' && e.diagnostic.severity === 'error').map((e) => formatDiagnostic(e.diagnostic));
  return { kind: 'error', errors: errors.length ? errors : [r.stderr.trim().split('\n').slice(-1)[0] || m('exited', { command: 'plan', code: r.exitCode })] };
}
