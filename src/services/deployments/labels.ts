/**
 * Deployment words for humans: statuses, operations, results, plan actions and template
 * sources in the user's language. The stored and JSON values stay the English enum values;
 * only text output goes through these.
 */
import { defineMessages } from '../../core/i18n.js';
import type { DeploymentStatus, OperationKind, OperationResult } from './types.js';

const m = defineMessages({
  en: {
    st_planning: 'planning',
    st_planned: 'planned',
    st_applying: 'applying',
    st_applied: 'applied',
    st_failed: 'failed',
    st_destroying: 'destroying',
    st_destroyed: 'destroyed',
    st_interrupted: 'interrupted',
    op_plan: 'plan',
    op_apply: 'apply',
    op_destroy: 'destroy',
    op_forget: 'forget',
    res_running: 'running',
    res_succeeded: 'succeeded',
    res_failed: 'failed',
    res_interrupted: 'interrupted',
    res_declined: 'declined',
    res_planned: 'planned',
    outcome: '{op} {result}',
    act_create: 'create',
    act_delete: 'delete',
    act_update: 'update',
    act_replace: 'replace',
    act_read: 'read',
    act_noop: 'no change',
    src_builtin: 'built-in',
    src_user: 'user',
  },
  fr: {
    st_planning: 'planification',
    st_planned: 'planifié',
    st_applying: 'application',
    st_applied: 'appliqué',
    st_failed: 'en échec',
    st_destroying: 'destruction',
    st_destroyed: 'détruit',
    st_interrupted: 'interrompu',
    // Every operation name is feminine in French, so results and check titles agree with all of them.
    op_plan: 'planification',
    op_apply: 'application',
    op_destroy: 'destruction',
    op_forget: 'suppression de l’historique',
    res_running: 'en cours',
    res_succeeded: 'réussie',
    res_failed: 'en échec',
    res_interrupted: 'interrompue',
    res_declined: 'refusée',
    res_planned: 'arrêtée après le plan',
    outcome: '{op} {result}',
    act_create: 'création',
    act_delete: 'suppression',
    act_update: 'modification',
    act_replace: 'remplacement',
    act_read: 'lecture',
    act_noop: 'aucun changement',
    src_builtin: 'intégré',
    src_user: 'utilisateur',
  },
});

type Key = Parameters<typeof m>[0];

/** Looks a word up; an unknown value (a newer file, a future enum) is shown as stored. */
function word(prefix: string, value: string): string {
  const text = m(`${prefix}_${value}` as Key) as string | undefined;
  return text ?? value;
}

/** A deployment status ("applied") in the user's language. */
export function statusLabel(status: DeploymentStatus | string): string {
  return word('st', status);
}

/** An operation kind ("apply") in the user's language. */
export function operationLabel(op: OperationKind | string): string {
  return word('op', op);
}

/** An operation result ("succeeded") in the user's language. */
export function resultLabel(result: OperationResult | string): string {
  return word('res', result);
}

/** "apply succeeded" / "application réussie". */
export function outcomeLabel(op: OperationKind | string, result: OperationResult | string): string {
  return m('outcome', { op: operationLabel(op), result: resultLabel(result) });
}

/** A planned resource action ("create") in the user's language. */
export function actionLabel(action: string): string {
  return word('act', action);
}

/** Where a template comes from ("builtin" -> "built-in" / "intégré"). */
export function sourceLabel(source: string): string {
  return word('src', source);
}
