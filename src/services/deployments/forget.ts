/**
 * Removing a deployment from the history: only once Terraform manages nothing for it any more
 * (destroyed, only planned, or failed before creating anything), so no cloud resource is orphaned.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { lockDeployment } from './lock.js';
import { deploymentFiles, loadDeployment } from './store.js';
import type { Deployment } from './types.js';

const m = defineMessages({
  en: {
    stillManaged: 'deployment {id} still manages {count} resource(s) in its Terraform state',
    stillManagedHint: 'destroy it first (cloudya deploy destroy {id}); forgetting it now would leave them running with no state to remove them',
    unreadableState: 'the Terraform state of deployment {id} cannot be read ({reason})',
    unreadableStateHint: 'check {file} by hand; nothing was removed',
  },
  fr: {
    stillManaged: 'le déploiement {id} gère encore {count} ressource(s) dans son état Terraform',
    stillManagedHint: 'détruisez-le d’abord (cloudya deploy destroy {id}) ; l’oublier maintenant les laisserait tourner sans état pour les supprimer',
    unreadableState: "l'état Terraform du déploiement {id} est illisible ({reason})",
    unreadableStateHint: 'vérifiez {file} à la main ; rien n’a été supprimé',
  },
});

/** Resources Terraform still tracks for a deployment (0 when there is no state). */
export function managedResourceCount(root: string, id: string): number {
  const file = deploymentFiles(root, id).state;
  if (!existsSync(file)) return 0;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { resources?: Array<{ mode?: string; instances?: unknown[] }> };
    // Counted as the plan counts them (node[0], node[1]...); data sources are reads, not things to destroy.
    return (state.resources ?? []).filter((r) => r.mode !== 'data').reduce((n, r) => n + (r.instances?.length ?? 1), 0);
  } catch (err) {
    throw new CloudyaError(m('unreadableState', { id, reason: (err as Error).message }), { hint: m('unreadableStateHint', { file }), code: 'state_unreadable' });
  }
}

/** Checks a deployment can be forgotten (throws why not) and returns it. */
export async function checkForgettable(root: string, id: string): Promise<Deployment> {
  const d = await loadDeployment(root, id);
  const count = managedResourceCount(root, d.id);
  if (count > 0) throw new CloudyaError(m('stillManaged', { id: d.id, count }), { hint: m('stillManagedHint', { id: d.id }), code: 'deployment_not_empty' });
  return d;
}

/** Deletes a deployment's folder (record, template copy, log) under its lock, once nothing is managed. */
export async function forgetDeployment(root: string, id: string): Promise<Deployment> {
  const d = await checkForgettable(root, id);
  const release = await lockDeployment(d.id, d.dir, 'forget');
  try {
    // Checked again under the lock: an apply may have finished in between.
    await checkForgettable(root, d.id);
    await rm(d.dir, { recursive: true, force: true });
  } finally {
    await release().catch(() => undefined); // the folder, and its lock, are gone
  }
  return d;
}
