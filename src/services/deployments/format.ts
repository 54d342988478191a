/** Renderings of deployments and plans shared by the command and the wizard. */
import { defineMessages } from '../../core/i18n.js';
import { actionLabel } from './labels.js';
import type { Deployment, DeploymentStatus, OperationRecord, PlanSummary } from './types.js';

const m = defineMessages({
  en: { plan: 'Plan: {add} to add, {change} to change, {destroy} to destroy.', noChanges: 'No changes: the infrastructure matches the configuration.' },
  fr: { plan: 'Plan : {add} à créer, {change} à modifier, {destroy} à détruire.', noChanges: "Aucun changement : l'infrastructure correspond à la configuration." },
});

/** The JSON shape of a deployment: { id, template, status, params (secrets masked), created, updated, outputs, ... }. */
export function deploymentDocument(d: Deployment, status: DeploymentStatus = d.status) {
  const last = d.operations[d.operations.length - 1];
  return {
    id: d.id,
    template: d.template,
    status,
    params: d.params,
    created: d.created,
    updated: d.updated,
    outputs: d.outputs,
    resources: d.resources,
    last_operation: (last ?? null) as OperationRecord | null,
    dir: d.dir,
  };
}

/** The marker Terraform users know for each action. */
export function actionSymbol(action: string): string {
  switch (action) {
    case 'create':
      return '+';
    case 'delete':
      return '-';
    case 'update':
      return '~';
    case 'replace':
      return '-/+';
    case 'read':
      return '<=';
    default:
      return ' ';
  }
}

/** The plan summary as text: counts line and one line per resource. */
export function planText(plan: PlanSummary): string {
  if (plan.add + plan.change + plan.destroy + plan.import === 0) return m('noChanges');
  const lines = plan.resources.filter((r) => r.action !== 'noop').map((r) => `  ${actionSymbol(r.action).padEnd(3)} ${r.address}  (${actionLabel(r.action)})`);
  return [...lines, m('plan', { add: plan.add, change: plan.change, destroy: plan.destroy })].join('\n');
}

/** A value for one line of text (strings as-is, the rest as compact JSON). */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
