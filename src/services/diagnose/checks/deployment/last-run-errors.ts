/** The errors of the deployment's last Terraform run, from its record and its operation log. */
import { userPaths } from '../../../../core/paths.js';
import { operationLabel, outcomeLabel } from '../../../deployments/labels.js';
import { isLocked } from '../../../deployments/lock.js';
import { readOperationLog } from '../../../deployments/oplog.js';
import { deploymentFiles, loadDeployment } from '../../../deployments/store.js';
import { finding, skipped, t } from '../../finding.js';
import type { Check } from '../../types.js';

const ID = 'deployment-last-errors';

/** Known Terraform/provider error shapes and what usually fixes them. */
const ADVICE: Array<[RegExp, string, string]> = [
  [/No valid credential sources|InvalidClientTokenId|could not find default credentials|az login|AuthorizationFailed/i, 'The provider could not authenticate: check the credentials (cloudya connect <provider>, ~/.aws, gcloud auth application-default login, az login).', "Le fournisseur n'a pas pu s'authentifier : vérifiez les identifiants (cloudya connect <fournisseur>, ~/.aws, gcloud auth application-default login, az login)."],
  [/Failed to query available provider packages|could not connect to registry|Failed to install provider/i, 'Terraform could not download a provider: check the network, or point it at a local mirror with cloudya configure set terraform.plugin_dir /path/to/mirror.', "Terraform n'a pas pu télécharger un provider : vérifiez le réseau, ou indiquez un miroir local avec cloudya configure set terraform.plugin_dir /chemin/miroir."],
  [/quota|LimitExceeded|exceeded/i, 'A quota or limit was reached: raise it in the provider console or choose a smaller size/another region.', 'Un quota ou une limite est atteint : augmentez-le dans la console du fournisseur ou choisissez une taille/région différente.'],
  [/already exists|AlreadyExists|Duplicate/i, 'A resource with the same name already exists: change the name parameter or import the existing resource.', 'Une ressource du même nom existe déjà : changez le paramètre name ou importez la ressource existante.'],
  [/Invalid value for variable|No value for required variable/i, 'A parameter was refused: check it with cloudya deploy show <template> and resume with cloudya deploy apply <id> --params ...', 'Un paramètre a été refusé : vérifiez-le avec cloudya deploy show <template> puis reprenez avec cloudya deploy apply <id> --params ...'],
];

const check: Check = {
  id: ID,
  title: t('Errors of the last run', 'Erreurs de la dernière exécution'),
  applies: (ctx) => ctx.kind === 'deployment' && !!ctx.target,
  async run(ctx) {
    const root = userPaths(ctx.env).deployments;
    const d = await loadDeployment(root, ctx.target!);
    const last = d.operations[d.operations.length - 1];
    if (!last) return [skipped(ID, this.title, t('no operation has run yet', "aucune opération n'a encore tourné"))];
    const op = operationLabel(last.op);
    const when = last.finished ?? last.started;
    const lines = await readOperationLog(deploymentFiles(root, d.id).log);
    // The log lines of the last run: from its start time on.
    const since = lines.filter((l) => l.slice(0, 24) >= last.started.slice(0, 24));
    const logErrors = since.filter((l) => /\] (Error: |│ Error: )/.test(l)).map((l) => l.replace(/^\S+ \[[^\]]+\] (│ )?/, ''));
    const errors = [...new Set([...(last.errors ?? []), ...logErrors])].filter((e) => !/^Error: execution halted$/.test(e));
    if (last.result === 'running') {
      // A run whose process still holds the lock is not over; one whose process is gone was cut short.
      if (await isLocked(d.dir)) return [skipped(ID, this.title, t(`the ${last.op} started at ${last.started} is still running`, `la ${op} lancée le ${last.started} est encore en cours`))];
    }
    if (last.result === 'interrupted' || last.result === 'running') {
      return [finding(ID, 'warning', t(`The last ${last.op} was interrupted`, `La dernière ${op} a été interrompue`), errors.join('\n') || (last.result === 'running' ? t(`${last.op} started at ${last.started}; its process is gone without recording an end`, `${op} lancée le ${last.started} ; son processus a disparu sans en enregistrer la fin`) : t(`${last.op} interrupted at ${when}`, `${op} interrompue le ${when}`)), t(`Resume with cloudya deploy apply ${d.id}, or remove it with cloudya deploy destroy ${d.id}.`, `Reprenez avec cloudya deploy apply ${d.id}, ou supprimez-le avec cloudya deploy destroy ${d.id}.`))];
    }
    if (last.result !== 'failed' && errors.length === 0) {
      return [finding(ID, 'ok', t(`The last ${last.op} ran without errors`, `La dernière ${op} s'est déroulée sans erreur`), t(`${last.op} ${last.result} at ${when}`, `${outcomeLabel(last.op, last.result)} le ${when}`))];
    }
    const text = errors.join('\n');
    const advice = ADVICE.find(([re]) => re.test(text));
    const fix = advice ? t(advice[1], advice[2]) : t(`Read the full log (cloudya deploy logs ${d.id}), fix the cause, then resume with cloudya deploy apply ${d.id}.`, `Lisez le journal complet (cloudya deploy logs ${d.id}), corrigez la cause, puis reprenez avec cloudya deploy apply ${d.id}.`);
    return [finding(ID, 'critical', t(`The last ${last.op} failed: ${errors[0] ?? `exit ${last.exit_code}`}`, `La dernière ${op} a échoué : ${errors[0] ?? `code ${last.exit_code}`}`), text || t(`exit ${last.exit_code}`, `code ${last.exit_code}`), fix)];
  },
};

export default check;
