import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { setLang } from '../../src/core/i18n.js';
import { createDeployFacade } from '../../src/services/deployments/facade.js';
import { tempHome } from '../helpers/cli.js';
import { renderTui } from '../helpers/render.js';

describe('Deploy screen: connection state per provider', () => {
  it('shows which providers are connected (with region/endpoint) and how to connect the others, from credentials.yaml', async () => {
    const home = tempHome();
    writeFileSync(path.join(home, 'credentials.yaml'), 'aws:\n  default_profile: prod\n  default_region: eu-west-3\n  connected_at: "2026-12-01T10:00:00.000Z"\n', { mode: 0o600 });
    const facade = createDeployFacade({ ...process.env, CLOUDYA_HOME: home, HOME: home });
    const ui = await renderTui(<DeployWizard active width={100} height={24} services={{ deploy: facade }} />);
    const f = await ui.waitFor((x) => x.includes('Pick a provider') && x.includes('connected'));
    expect(f).toMatch(/aws\s+\(2\)\s+✓ connected \(eu-west-3\)/);
    expect(f).toMatch(/proxmox\s+\(1\)\s+not connected: cloudya connect proxmox/);
    expect(f).toMatch(/gcp\s+\(1\)\s+not connected: cloudya connect gcp/);
    // Providers Cloudya does not connect to get no label.
    expect(f).toMatch(/local\s+\(2\)\s*$/m);
    ui.unmount();
  });

  it('says it in French too, and a broken credentials.yaml just shows no state', async () => {
    setLang('fr');
    try {
      const home = tempHome();
      writeFileSync(path.join(home, 'credentials.yaml'), 'aws: [\n', { mode: 0o600 });
      const facade = createDeployFacade({ ...process.env, CLOUDYA_HOME: home, HOME: home });
      const ui = await renderTui(<DeployWizard active width={100} height={24} services={{ deploy: facade }} />);
      const f = await ui.waitFor((x) => x.includes('Choisissez un fournisseur'));
      expect(f).toMatch(/aws\s+\(2\)\s*$/m);
      ui.unmount();
      const ok = tempHome();
      const ui2 = await renderTui(<DeployWizard active width={100} height={24} services={{ deploy: createDeployFacade({ ...process.env, CLOUDYA_HOME: ok, HOME: ok }) }} />);
      expect(await ui2.waitFor((x) => x.includes('non connecté'))).toMatch(/vmware\s+\(1\)\s+non connecté : cloudya connect vmware/);
      ui2.unmount();
    } finally {
      setLang('en');
    }
  });
});
