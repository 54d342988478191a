/** Where the deployment stands: its status, its last operation, and what to do next. */
import { userPaths } from '../../../../core/paths.js';
import { operationLabel, outcomeLabel, statusLabel } from '../../../deployments/labels.js';
import { effectiveStatus, nextSteps } from '../../../deployments/status.js';
import { loadDeployment } from '../../../deployments/store.js';
import { finding, t } from '../../finding.js';
import type { Check } from '../../types.js';

const ID = 'deployment-state';

const check: Check = {
  id: ID,
  title: t('Deployment state and last operation', 'État du déploiement et dernière opération'),
  applies: (ctx) => ctx.kind === 'deployment' && !!ctx.target,
  async run(ctx) {
    const d = await loadDeployment(userPaths(ctx.env).deployments, ctx.target!);
    const status = await effectiveStatus(d);
    const last = d.operations[d.operations.length - 1];
    const when = last ? (last.finished ?? last.started) : '';
    // A run still marked running whose process is gone (no lock) was interrupted.
    const result = last?.result === 'running' && status === 'interrupted' ? 'interrupted' : last?.result ?? '';
    const exit = last?.exit_code !== undefined ? t(` (exit ${last.exit_code})`, ` (code ${last.exit_code})`) : '';
    const evidence = [
      t(`status ${status}`, `état ${statusLabel(status)}`) + (status !== d.status ? t(` (recorded "${d.status}", but no process holds its lock)`, ` (« ${statusLabel(d.status)} » enregistré, mais aucun processus ne tient son verrou)`) : ''),
      `template ${d.template}`,
      t(`${d.resources.length} resource(s) in the state`, `${d.resources.length} ressource(s) dans l'état Terraform`),
      last ? t(`last operation: ${last.op} ${result} at ${when}${exit}`, `dernière opération : ${outcomeLabel(last.op, result)} le ${when}${exit}`) : t('no operation yet', 'aucune opération encore'),
    ].join(t('; ', ' ; '));
    const fix = nextSteps(d, status);
    switch (status) {
      case 'applied':
        return [finding(ID, 'ok', t(`Deployment ${d.id} is applied`, `Le déploiement ${d.id} est appliqué`), evidence)];
      case 'failed':
        return [finding(ID, 'critical', t(`Deployment ${d.id}: last ${last?.op ?? 'operation'} failed`, `Déploiement ${d.id} : la dernière ${last ? operationLabel(last.op) : 'opération'} a échoué`), evidence, fix)];
      case 'interrupted':
        return [finding(ID, 'warning', t(`Deployment ${d.id} was interrupted`, `Le déploiement ${d.id} a été interrompu`), evidence, fix)];
      case 'planned':
        return [finding(ID, 'info', t(`Deployment ${d.id} is planned, nothing created`, `Le déploiement ${d.id} est planifié, rien n'est créé`), evidence, fix)];
      case 'destroyed':
        return [finding(ID, 'info', t(`Deployment ${d.id} is destroyed`, `Le déploiement ${d.id} est détruit`), evidence, fix)];
      default:
        return [finding(ID, 'info', t(`Deployment ${d.id}: ${status} in progress`, `Déploiement ${d.id} : ${statusLabel(status)} en cours`), evidence, fix)];
    }
  },
};

export default check;
