import { afterEach, describe, expect, it } from 'vitest';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { setLang } from '../../src/core/i18n.js';
import type { DeployFacade, DeploymentDocument } from '../../src/services/deployments/facade.js';
import { defaultRoots, listTemplates } from '../../src/services/terraform/catalog.js';
import { renderTui } from '../helpers/render.js';

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
