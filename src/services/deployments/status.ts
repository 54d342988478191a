/** What a deployment's status means now, and what the user can do next. */
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { managedResourceCount } from './forget.js';
import { isLocked } from './lock.js';
import { RUNNING_STATUSES, type Deployment, type DeploymentStatus } from './types.js';

const m = defineMessages({
  en: {
    planning: 'A plan is running. Follow it with: cloudya deploy logs {id} --follow',
    applying: 'An apply is running. Follow it with: cloudya deploy logs {id} --follow',
    destroying: 'A destroy is running. Follow it with: cloudya deploy logs {id} --follow',
    planned: 'Planned, nothing created yet. Apply with: cloudya deploy apply {id}',
    applied: 'Deployed. Outputs: cloudya deploy outputs {id} · remove it: cloudya deploy destroy {id}',
    failed: 'The last operation failed (see the errors above and cloudya deploy logs {id}). Fix the cause, then resume with: cloudya deploy apply {id} · or remove what was created: cloudya deploy destroy {id}',
    failedNothing: 'The last operation failed before anything was created (see cloudya deploy logs {id}). Fix the cause, then run again: cloudya deploy apply {id} · or drop it: cloudya deploy forget {id}',
    interrupted: 'The last operation was interrupted; Terraform kept the state of what it had created ({count} resource(s)). Resume with: cloudya deploy apply {id} · or remove it: cloudya deploy destroy {id}',
    destroyed: 'Destroyed; its record and log are kept. Redeploy with: cloudya deploy apply {id}',
    secrets: 'Sensitive parameters are not stored; give them again with --params or as TF_VAR_<name>: {names}.',
  },
  fr: {
    planning: 'Un plan est en cours. Suivez-le avec : cloudya deploy logs {id} --follow',
    applying: 'Un apply est en cours. Suivez-le avec : cloudya deploy logs {id} --follow',
    destroying: 'Une destruction est en cours. Suivez-la avec : cloudya deploy logs {id} --follow',
    planned: 'Planifié, rien de créé. Appliquez avec : cloudya deploy apply {id}',
    applied: 'Déployé. Sorties : cloudya deploy outputs {id} · le supprimer : cloudya deploy destroy {id}',
    failed: "La dernière opération a échoué (voir les erreurs ci-dessus et cloudya deploy logs {id}). Corrigez la cause puis reprenez avec : cloudya deploy apply {id} · ou supprimez ce qui a été créé : cloudya deploy destroy {id}",
    failedNothing: "La dernière opération a échoué avant toute création (voir cloudya deploy logs {id}). Corrigez la cause puis relancez : cloudya deploy apply {id} · ou retirez-le : cloudya deploy forget {id}",
    interrupted: "La dernière opération a été interrompue ; Terraform a conservé l'état de ce qu'il avait créé ({count} ressource(s)). Reprenez avec : cloudya deploy apply {id} · ou supprimez-le : cloudya deploy destroy {id}",
    destroyed: 'Détruit ; sa fiche et son journal sont conservés. Redéployez avec : cloudya deploy apply {id}',
    secrets: 'Les paramètres sensibles ne sont pas enregistrés ; redonnez-les avec --params ou en TF_VAR_<nom> : {names}.',
  },
});

/** The status as it really is: a "running" status whose process is gone (no live lock) means interrupted. */
export async function effectiveStatus(d: Deployment): Promise<DeploymentStatus> {
  if (RUNNING_STATUSES.includes(d.status) && !(await isLocked(d.dir))) return 'interrupted';
  return d.status;
}

/**
 * How many resources Terraform manages for the deployment. The record's list is written when an
 * operation ends; when its process died (kill -9, crash) the record is stale, so the state file counts.
 */
export function resourceCount(d: Deployment, status: DeploymentStatus = d.status): number {
  const stale = status === 'interrupted' || d.operations[d.operations.length - 1]?.result === 'running';
  if (!stale) return d.resources.length;
  try {
    return managedResourceCount(path.dirname(d.dir), d.id);
  } catch {
    return d.resources.length; // an unreadable state: the record is all there is
  }
}

/** One or two sentences telling the user where the deployment stands and what to run next. */
export function nextSteps(d: Deployment, status: DeploymentStatus = d.status): string {
  const count = resourceCount(d, status);
  // Nothing to destroy: suggesting destroy would send the user to a command with nothing to do.
  const text = m(status === 'failed' && count === 0 ? 'failedNothing' : status, { id: d.id, count });
  const needsSecrets = d.sensitive.length > 0 && ['planned', 'failed', 'interrupted', 'applied', 'destroyed'].includes(status);
  return needsSecrets ? `${text}\n${m('secrets', { names: d.sensitive.join(', ') })}` : text;
}
