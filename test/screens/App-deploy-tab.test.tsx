import { describe, expect, it } from 'vitest';
import { App } from '../../screens/App.js';
import type { DeployFacade } from '../../src/services/deployments/facade.js';
import { defaultRoots, listTemplates } from '../../src/services/terraform/catalog.js';
import { tempHome } from '../helpers/cli.js';
import { KEYS, renderTui } from '../helpers/render.js';

// Several screens and waits of up to 30 s each on a loaded machine: more than the default 30 s per test.
describe('Tab in the deploy form', { timeout: 120_000 }, () => {
  it('switches screens without also moving the form to the next field', async () => {
    const facade = { listTemplates: () => listTemplates(defaultRoots()), listDeployments: async () => [] } as unknown as DeployFacade;
    const t = await renderTui(<App initialScreen="deploy" size={{ columns: 100, rows: 30 }} services={{ env: { CLOUDYA_HOME: tempHome() }, deploy: facade }} />);
    await t.waitFor((x) => x.includes('Pick a provider'));
    await t.press(KEYS.down, KEYS.down, KEYS.down);
    await t.waitFor((x) => /› local\s+\(\d+\)/.test(x));
    await t.press(KEYS.enter, KEYS.enter);
    await t.waitFor((x) => /› name\s+demo/.test(x));
    await t.press(KEYS.tab);
    await t.waitFor((x) => x.includes('choose what to check'));
    await t.press(KEYS.shiftTab);
    const f = await t.waitFor((x) => x.includes('Parameters of local/demo'));
    expect(f).toMatch(/› name\s+demo/);
    expect(f).not.toMatch(/› environment/);
    t.unmount();
  });
});
