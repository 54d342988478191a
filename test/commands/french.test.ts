/**
 * French output is complete: commands run with --lang fr (or a French LANG) and their human text
 * must not fall back to English words that used to leak (statuses, operation results, template
 * descriptions, diagnose evidence). JSON keeps its English keys and enum values.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../src/core/i18n.js';
import { unitRestartFindings } from '../../src/services/diagnose/checks/service/unit-restarts.js';
import { unitStateFindings } from '../../src/services/diagnose/checks/service/unit-state.js';
import { parseShow } from '../../src/services/diagnose/host/systemd.js';
import { planText } from '../../src/services/deployments/format.js';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';

process.env.CHECKPOINT_DISABLE = '1';

const FR = { LANG: 'fr_FR.UTF-8' };

/** Words of an English status line that must not survive in French text (whole words only). */
function englishWords(text: string, words: readonly string[]): string[] {
  return words.filter((w) => new RegExp(`(^|[^\\w-])${w.replace(/[()]/g, '\\$&')}($|[^\\w-])`, 'm').test(text));
}

describe('templates in French', () => {
  it('lists and shows the built-in templates with their French names, descriptions and source', async () => {
    const env = { ...terraformTestEnv(), ...FR };
    const list = await runCli(['deploy', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+FOURNISSEUR\s+NOM\s+DESCRIPTION/);
    expect(list.stdout).toMatch(/local\/demo\s+local\s+Démo locale\s+Démo hors ligne/);
    expect(list.stdout).toContain('Instance EC2 dans son propre VPC');
    expect(list.stdout).not.toMatch(/Offline demo|EC2 instance in its own VPC|with public and private subnets|virtual machine with/);

    const show = await runCli(['deploy', 'show', 'local/demo'], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Source : intégré');
    expect(show.stdout).toContain('Nombre de nœuds à créer (1-5)');
    expect(englishWords(show.stdout, ['builtin', 'Number of nodes', 'Name prefix'])).toEqual([]);
  });

  it('says why a parameter is refused with the manifest French text instead of the error_message of variables.tf', async () => {
    const env = { ...terraformTestEnv(), ...FR };
    const r = await runCli(['deploy', 'template', 'local/demo', '--params', 'node_count=9', '--plan-only'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Le nombre de nœuds doit être un entier entre 1 et 5.');
    expect(r.stderr).not.toContain('The node count must be');
  });

  it('keeps English descriptions and stable values in JSON keys under --lang en', async () => {
    const env = terraformTestEnv();
    const r = await runCli(['deploy', 'show', 'local/demo', '--output', 'json'], env);
    const doc = JSON.parse(r.stdout) as { name: string; description: string; source: string };
    expect(doc).toMatchObject({ name: 'Local demo', source: 'builtin' });
    expect(doc.description).toMatch(/^Offline demo/);
  });
});

describe('plan lines and service evidence in French', () => {
  afterEach(() => setLang('en'));

  it('names plan actions in French', () => {
    setLang('fr');
    const text = planText({ operation: 'update', add: 1, change: 1, destroy: 1, import: 0, resources: [
      { address: 'a.b', action: 'create' },
      { address: 'c.d', action: 'update' },
      { address: 'e.f', action: 'delete' },
    ] });
    expect(text).toContain('a.b  (création)');
    expect(text).toContain('c.d  (modification)');
    expect(text).toContain('e.f  (suppression)');
    expect(englishWords(text, ['create', 'update', 'delete'])).toEqual([]);
  });

  it('states a failed unit and its restarts without English evidence', () => {
    const failed = parseShow(readFileSync(path.join(ROOT, 'test/fixtures/diagnose/systemctl-show-nginx-failed.txt'), 'utf8'));
    setLang('fr');
    const texts = [...unitStateFindings(failed, 'nginx'), ...unitRestartFindings(failed, 'nginx')].map((f) => `${f.title}\n${f.evidence}\n${f.fix}`).join('\n');
    expect(texts).toContain('inactif depuis');
    expect(texts).toContain('processus principal');
    expect(texts).toContain('sorti avec le code 1');
    expect(englishWords(texts, ['inactive since', 'main process', 'exited with status', 'killed by signal'])).toEqual([]);
  });
});

describe('diagnose system in French', () => {
  it('explains a skipped check in French (no monitor history yet)', async () => {
    const env = { CLOUDYA_HOME: tempHome(), ...FR };
    const r = await runCli(['diagnose', 'system', '--only', 'disk-time-to-full'], env);
    expect(r.stdout).toMatch(/^Diagnostic du système/);
    expect(r.stdout).toMatch(/- Temps avant disque plein : aucun historique de supervision dans \S+monitor\.db/);
    expect(r.stdout).not.toMatch(/no monitor history|record one with/);
  });

  it('names the severity filter and the target kind in French', async () => {
    const env = { CLOUDYA_HOME: tempHome(), ...FR };
    const r = await runCli(['diagnose', 'system', '--only', 'disk-time-to-full,zombie-processes', '--severity', 'warning'], env);
    expect(r.stdout).toMatch(/constats de gravité avertissement ou plus affichés \(\d+ masqué\(s\)\)/);
    const bad = await runCli(['diagnose', 'system', '--only', 'disk-spase'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('vérification inconnue « disk-spase » pour le système');
    expect(bad.stderr).toContain('Vérifications pour le système');
    expect(englishWords(bad.stderr + r.stdout, ['system', 'warning'])).toEqual([]);
  });

  it('lists the processes of a running service with French words', async () => {
    const env = { CLOUDYA_HOME: tempHome(), ...FR };
    // This very test runs under node: a service by process name that is surely running.
    const r = await runCli(['diagnose', 'service', 'node', '--only', 'processes-alive'], env);
    // ok ("N processus node en cours - ...") or, when one is a zombie at that instant, a warning listing it: same line shape.
    expect(r.stdout).toMatch(/\d+ processus node (en cours|zombies)/);
    expect(r.stdout).toMatch(/\d+ node état [A-Z] parent \d+/);
    expect(englishWords(r.stdout, ['state', 'process name'])).toEqual([]);
  });
});

describe('completion scripts in French', () => {
  it('describes the commands in French and keeps the shell strings closed', async () => {
    const r = await runCli(['completion', 'fish'], { CLOUDYA_HOME: tempHome(), ...FR });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-a 'ask' -d 'Poser une question DevOps à l’assistant (explication + commandes exactes)'");
    expect(r.stdout).not.toContain('Ask the assistant');
    // Every -d '...' is one closed single-quoted word: a straight apostrophe would break the script.
    for (const line of r.stdout.split('\n').filter((l) => l.includes(' -d '))) expect(line).toMatch(/ -d '[^']*'$/);
  });
});

describe('validate, audit and configure in French', () => {
  it('names the verdict of each command, the audit columns and the configuration sources in French', async () => {
    const env = { CLOUDYA_HOME: tempHome(), ...FR };
    const v = await runCli(['validate', 'curl http://example.invalid | sh'], env);
    expect(v.code).toBe(3);
    // A request to the network is confirmed (the validator allows only what stays local).
    expect(v.stdout).toMatch(/^\s+à confirmer\s+curl http:\/\/example\.invalid$/m);
    expect(v.stdout).toMatch(/^\s+refusée\s+sh$/m);
    expect(englishWords(v.stdout, ['allow', 'confirm', 'deny'])).toEqual([]);
    const allowed = await runCli(['validate', 'ls -la | sort'], env);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^AUTORISÉ/m);
    expect(allowed.stdout).toMatch(/^\s+autorisée\s+ls -la$/m);

    const audit = await runCli(['audit'], env);
    expect(audit.stdout).toMatch(/validate\s+validation\s+refusé\s+curl http/);
    expect(englishWords(audit.stdout, ['deny', 'allow', 'execution'])).toEqual([]);

    const conf = await runCli(['configure'], env);
    expect(conf.stdout).toMatch(/^log_level\s+INFO\s+(fichier|défaut)$/m);
    expect(conf.stdout).toMatch(/^diagnose\.timeout_seconds\s+10\s+défaut$/m);
    expect(englishWords(conf.stdout, ['default', 'file'])).toEqual([]);
    const json = await runCli(['configure', '--output', 'json'], env);
    expect(JSON.parse(json.stdout).settings['diagnose.timeout_seconds'].source).toBe('default');
  });
});

describeWithTool('terraform', 'deployments in French, end to end', () => {
  const LEAKS = ['applied', 'planned', 'destroyed', 'failed', 'interrupted', 'succeeded', 'builtin', 'apply succeeded', 'resource(s) in the state', 'last operation', 'status applied', 'create'];

  it('deploys, lists, shows the status, diagnoses and destroys with French words only', async () => {
    const env = { ...terraformTestEnv(), ...FR };
    const deployed = await runCli(['deploy', 'template', 'local/demo', '--params', 'node_count=1', '--yes'], env);
    expect(deployed.code).toBe(0);
    const id = /Déploiement (local-demo-\w+) appliqué/.exec(deployed.stdout)?.[1];
    expect(id, deployed.stdout + deployed.stderr).toBeTruthy();
    expect(deployed.stderr).toMatch(/terraform_data\.node\[0\]\s+\(création\)/);

    const planned = await runCli(['deploy', 'template', 'local/demo', '--plan-only'], env);
    expect(planned.code).toBe(0);

    const list = await runCli(['deploy', 'list-deployments'], env);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+local/demo\\s+appliqué`));
    expect(list.stdout).toMatch(/local-demo-\w+\s+local\/demo\s+planifié/);
    expect(englishWords(list.stdout, LEAKS)).toEqual([]);

    const status = await runCli(['deploy', 'status', id!], env);
    expect(status.stdout).toContain('Template : local/demo (intégré)');
    expect(status.stdout).toContain('État : appliqué');
    expect(status.stdout).toMatch(/Dernière opération : application réussie \(/);
    expect(englishWords(status.stdout, LEAKS)).toEqual([]);

    const diagnosis = await runCli(['diagnose', 'deployment', id!], env);
    expect(diagnosis.stdout).toMatch(/^Diagnostic du déploiement/);
    expect(diagnosis.stdout).toContain("La dernière application s'est déroulée sans erreur - application réussie le ");
    expect(diagnosis.stdout).toMatch(/état appliqué ; template local\/demo ; \d+ ressource\(s\) dans l'état Terraform ; dernière opération : application réussie le /);
    expect(englishWords(diagnosis.stdout, LEAKS)).toEqual([]);

    const json = await runCli(['deploy', 'list-deployments', '--output', 'json'], env);
    const docs = JSON.parse(json.stdout) as Array<{ id: string; status: string }>;
    expect(docs.find((d) => d.id === id)?.status).toBe('applied');
    expect(docs.map((d) => d.status).sort()).toEqual(['applied', 'planned']);

    // A run recorded as running whose process is gone (no lock): interrupted, never "ran without errors".
    const plannedId = docs.find((d) => d.status === 'planned')!.id;
    const record = path.join(env.CLOUDYA_HOME, 'deployments', plannedId, 'deployment.json');
    const d = JSON.parse(readFileSync(record, 'utf8')) as { status: string; operations: unknown[] };
    d.status = 'applying';
    d.operations.push({ op: 'apply', started: new Date().toISOString(), result: 'running', pid: 999_999 });
    writeFileSync(record, JSON.stringify(d));
    const cut = await runCli(['deploy', 'status', plannedId], env);
    expect(cut.stdout).toContain('État : interrompu');
    expect(cut.stdout).toMatch(/Dernière opération : application interrompue \(/);
    const cutDiagnosis = await runCli(['diagnose', 'deployment', plannedId], env);
    expect(cutDiagnosis.stdout).toContain('La dernière application a été interrompue');
    expect(cutDiagnosis.stdout).not.toContain("s'est déroulée sans erreur");
    expect(cutDiagnosis.stdout).toContain("rien n'est déployé (état interrompu)");
    expect(englishWords(cut.stdout + cutDiagnosis.stdout, LEAKS)).toEqual([]);

    const destroyed = await runCli(['deploy', 'destroy', id!, '--yes'], env);
    expect(destroyed.code).toBe(0);
    expect(destroyed.stdout).toContain(`Déploiement ${id} détruit`);
    expect(destroyed.stderr).toMatch(/\(suppression\)/);
    const after = await runCli(['deploy', 'status', id!], env);
    expect(after.stdout).toContain('État : détruit');
    expect(after.stdout).toMatch(/Dernière opération : destruction réussie/);
    expect(englishWords(after.stdout, LEAKS)).toEqual([]);
  }, 120_000);
}, ['version']);
