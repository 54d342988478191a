/** Drift: does the real infrastructure still match the deployment? (terraform plan -detailed-exitcode) */
import { userPaths } from '../../../../core/paths.js';
import { detectDrift } from '../../../deployments/drift.js';
import { actionLabel, statusLabel } from '../../../deployments/labels.js';
import { isLocked } from '../../../deployments/lock.js';
import { effectiveStatus } from '../../../deployments/status.js';
import { loadDeployment } from '../../../deployments/store.js';
import { terraformSettings } from '../../../terraform/settings.js';
import { finding, skipped, t } from '../../finding.js';
import type { Check } from '../../types.js';

const ID = 'deployment-drift';

const check: Check = {
  id: ID,
  title: t('Drift from the deployed configuration', 'Dérive par rapport à la configuration déployée'),
  applies: (ctx) => ctx.kind === 'deployment' && !!ctx.target,
  async run(ctx) {
    const root = userPaths(ctx.env).deployments;
    const d = await loadDeployment(root, ctx.target!);
    if (d.status === 'destroyed' || (d.resources.length === 0 && d.status !== 'applied')) {
      const status = await effectiveStatus(d);
      return [skipped(ID, this.title, t(`nothing is deployed (status ${status})`, `rien n'est déployé (état ${statusLabel(status)})`))];
    }
    if (await isLocked(d.dir)) return [skipped(ID, this.title, t('an operation is running on this deployment', 'une opération est en cours sur ce déploiement'))];
    const missing = d.sensitive.filter((n) => ctx.env[`TF_VAR_${n}`] === undefined);
    if (missing.length) {
      return [skipped(ID, this.title, t(`sensitive parameters are not stored; set ${missing.map((n) => `TF_VAR_${n}`).join(', ')} to compare`, `les paramètres sensibles ne sont pas enregistrés ; définissez ${missing.map((n) => `TF_VAR_${n}`).join(', ')} pour comparer`))];
    }
    let settings;
    try {
      settings = await terraformSettings(ctx.config, ctx.env);
    } catch (err) {
      return [skipped(ID, this.title, (err as Error).message)];
    }
    const r = await detectDrift(root, d, settings, ctx.signal);
    if (r.kind === 'none') return [finding(ID, 'ok', t('No drift: the infrastructure matches the deployment', "Aucune dérive : l'infrastructure correspond au déploiement"), t(`terraform plan -detailed-exitcode: exit 0 (${d.resources.length} resource(s) checked)`, `terraform plan -detailed-exitcode : code 0 (${d.resources.length} ressource(s) vérifiée(s))`))];
    if (r.kind === 'error') {
      return [finding(ID, 'warning', t('Drift could not be checked: terraform plan failed', "La dérive n'a pas pu être vérifiée : terraform plan a échoué"), r.errors.join('\n'), t('Fix the error above (credentials, network, provider), then run the diagnosis again.', "Corrigez l'erreur ci-dessus (identifiants, réseau, provider), puis relancez le diagnostic."))];
    }
    const changes = r.plan.resources.filter((x) => x.action !== 'noop').map((x) => `${x.address} (${actionLabel(x.action)})`);
    const evidence = [
      t(`terraform plan -detailed-exitcode: exit 2; +${r.plan.add} ~${r.plan.change} -${r.plan.destroy}`, `terraform plan -detailed-exitcode : code 2 ; +${r.plan.add} ~${r.plan.change} -${r.plan.destroy}`),
      ...(r.drifted.length ? [t(`changed outside Terraform: ${r.drifted.join(', ')}`, `modifié hors de Terraform : ${r.drifted.join(', ')}`)] : []),
      ...(changes.length ? [t(`to converge: ${changes.join(', ')}`, `pour revenir à l'état voulu : ${changes.join(', ')}`)] : []),
    ].join('\n');
    return [finding(ID, 'warning', t(`Drift: ${changes.length || r.drifted.length} resource(s) differ from the deployment`, `Dérive : ${changes.length || r.drifted.length} ressource(s) diffèrent du déploiement`), evidence, t(`If the change outside Terraform was unintended, restore it with cloudya deploy apply ${d.id} (it shows the plan first); otherwise update the template parameters to match.`, `Si la modification hors Terraform n'était pas voulue, rétablissez-la avec cloudya deploy apply ${d.id} (le plan s'affiche d'abord) ; sinon adaptez les paramètres du template.`))];
  },
};

export default check;
