import { afterEach, describe, expect, it } from 'vitest';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { setLang } from '../../src/core/i18n.js';
import type { DeployFacade, DeploymentDocument } from '../../src/services/deployments/facade.js';
import { createDeployFacade } from '../../src/services/deployments/facade.js';
import { defaultRoots, listTemplates } from '../../src/services/terraform/catalog.js';
import { KEYS, renderTui } from '../helpers/render.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';

const row = (id: string, status: DeploymentDocument['status']): DeploymentDocument => ({
  id, template: 'local/demo', status, params: {}, created: '2026-11-25T12:00:00.000Z', updated: '2026-11-25T12:00:05.000Z', outputs: {}, resources: [], last_operation: null, dir: `/tmp/${id}`,
});

describe('Deploy screen wording', () => {
  it('names the provider of the template list without "a aws" / "a azure"', async () => {
    const facade = { listTemplates: () => listTemplates(defaultRoots()), listDeployments: async () => [] } as unknown as DeployFacade;
    const t = await renderTui(<DeployWizard active width={80} height={20} services={{ deploy: facade }} />);
    await t.waitFor((x) => x.includes('Pick a provider'));
    await t.press('\r');
    const f = await t.waitFor((x) => x.includes('aws/ec2'));
    expect(f).toContain('Pick a template (aws)');
    t.unmount();
  });
});

describe('Deploy screen in French', () => {
  afterEach(() => setLang('en'));
  it('names deployment statuses in French in the deployments tab, within the width', async () => {
    setLang('fr');
    const facade = {
      listTemplates: () => listTemplates(defaultRoots()),
      listDeployments: async () => [row('local-demo-aaaaaa', 'applied'), row('local-demo-bbbbbb', 'interrupted'), row('local-demo-cccccc', 'destroyed')],
    } as unknown as DeployFacade;
    const t = await renderTui(<DeployWizard active width={80} height={20} services={{ deploy: facade }} />);
    await t.waitFor((x) => x.includes('Choisissez un fournisseur'));
    await t.press('h');
    const f = await t.waitFor((x) => x.includes('local-demo-cccccc'));
    expect(f).toMatch(/local-demo-aaaaaa\s+local\/demo\s+appliqué/);
    expect(f).toMatch(/local-demo-bbbbbb\s+local\/demo\s+interrompu/);
    expect(f).toMatch(/local-demo-cccccc\s+local\/demo\s+détruit/);
    expect(f).not.toMatch(/applied|interrupted|destroyed/);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    t.unmount();
  });
});

describeWithTool('terraform', 'Deploy screen in French with real Terraform', () => {
  afterEach(() => setLang('en'));
  it('shows French template texts, parameter errors and resource actions from the form to the applied deployment', async () => {
    setLang('fr');
    const env = terraformTestEnv();
    const ui = await renderTui(<DeployWizard active width={100} height={24} services={{ deploy: createDeployFacade(env), env }} />);
    await ui.waitFor((x) => x.includes('Choisissez un fournisseur'));
    await ui.press(KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    let f = await ui.waitFor((x) => x.includes('local/demo'));
    expect(f).toContain('local/demo  Démo locale');
    expect(f).toContain('Démo hors ligne');
    await ui.press(KEYS.enter);
    f = await ui.waitFor((x) => x.includes('Paramètres de local/demo'));
    expect(f).toContain('Nombre de nœuds à créer (1-5)');
    await ui.press(KEYS.down, KEYS.down, KEYS.backspace);
    await ui.type('9');
    f = await ui.waitFor((x) => x.includes('Le nombre de nœuds doit être un entier entre 1 et 5.'));
    expect(f).not.toMatch(/Number of nodes|The node count/);
    await ui.press(KEYS.backspace);
    await ui.type('1');
    await ui.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    f = await ui.waitFor((x) => x.includes('Appliquer ce plan ?'), 30_000);
    expect(f).toContain('Plan : 3 à créer, 0 à modifier, 0 à détruire.');
    await ui.press('o');
    f = await ui.waitFor((x) => /Déploiement local-demo-\w+ appliqué en/.test(x), 30_000);
    expect(f).toMatch(/✓ terraform_data\.node\[0\]\s+création\s+\d+s/);
    expect(f).not.toMatch(/\bcreate\b/);
    await ui.press('h');
    f = await ui.waitFor((x) => /local-demo-\w+\s+local\/demo\s+appliqué/.test(x));
    ui.unmount();
  }, 90_000);
}, ['version']);
