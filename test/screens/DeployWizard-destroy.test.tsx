/**
 * Destroying a deployment from the Deploy screen through the real facade and real Terraform, with
 * the template's required secret given the only way a destroy can get it: TF_VAR_<name> in the
 * environment (Cloudya never stores it). Without it the destroy fails and says which variable.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { createDeployFacade } from '../../src/services/deployments/facade.js';
import { loadDeployment } from '../../src/services/deployments/store.js';
import { ROOT } from '../helpers/cli.js';
import { KEYS, renderTui } from '../helpers/render.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';

const TOKEN = 'tok-Zq8wR4nV2pLx';

/** Every file under a folder whose text holds the needle. */
function filesHolding(dir: string, needle: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile() && readFileSync(f).includes(needle));
}

describeWithTool('terraform', 'destroy from the Deploy screen with real Terraform', () => {
  it('needs the secret from TF_VAR_<name>: without it the destroy fails naming it; with it the deployment is destroyed, the secret on no disk', async () => {
    const env = terraformTestEnv();
    const userTemplates = path.join(env.CLOUDYA_HOME, 'templates/terraform/local');
    mkdirSync(userTemplates, { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/terraform-templates/local/secretive'), path.join(userTemplates, 'secretive'), { recursive: true });

    // Deployed beforehand (the wizard's apply path is tested elsewhere), with the secret typed in.
    const facade = createDeployFacade(env);
    const template = (await facade.listTemplates()).find((t) => t.id === 'local/secretive')!;
    let id = '';
    for await (const e of facade.deploy(template, { api_token: TOKEN }, async () => true, new AbortController().signal)) {
      if (e.type === 'done') {
        expect(e.result, e.errors.join('\n')).toBe('applied');
        id = e.id;
      }
    }

    const destroyFrom = async (facadeEnv: NodeJS.ProcessEnv) => {
      const ui = await renderTui(<DeployWizard active width={100} height={24} services={{ deploy: createDeployFacade(facadeEnv), env: facadeEnv }} />);
      await ui.waitFor((x) => x.includes('Pick a provider'));
      await ui.press('h');
      await ui.waitFor((x) => new RegExp(`${id}\\s+local/secretive\\s+applied`).test(x));
      await ui.press(KEYS.enter);
      await ui.waitFor((x) => x.includes('Log (last lines)'));
      await ui.press('d');
      return ui;
    };

    // A user who did not export the secret: told which one and how, before Terraform runs.
    const without = await destroyFrom(env);
    const failed = await without.waitFor((x) => x.includes(`${id} failed`), 60_000);
    expect(failed).toContain('sensitive parameter "api_token" is needed again (it is never stored)');
    expect(failed).toContain('quit, export TF_VAR_api_token=<value> in this shell, start cloudya again and destroy');
    expect(failed).not.toContain('Destroy these resources?');
    without.unmount();
    const untouched = await loadDeployment(path.join(env.CLOUDYA_HOME, 'deployments'), id);
    expect(untouched.status).toBe('applied');
    expect(untouched.operations.map((o) => o.op)).not.toContain('destroy');

    // With TF_VAR_api_token exported, as the help says.
    const ui = await destroyFrom({ ...env, TF_VAR_api_token: TOKEN });
    const plan = await ui.waitFor((x) => x.includes('Destroy these resources?'), 60_000);
    expect(plan).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
    await ui.press('y');
    await ui.waitFor((x) => x.includes(`✓ Deployment ${id} destroyed`), 60_000);
    ui.unmount();
    const after = await loadDeployment(path.join(env.CLOUDYA_HOME, 'deployments'), id);
    expect(after.status).toBe('destroyed');
    expect(after.resources).toEqual([]);
    expect(filesHolding(env.CLOUDYA_HOME, TOKEN)).toEqual([]);
  }, 180_000);
}, ['version']);
