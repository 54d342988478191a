import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { prism } from '../helpers/provider-doubles/rest.js';
import { startDouble, type Double } from '../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../helpers/provider-doubles/tls.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

const SECRET = 'Typed-Hidden-Pa55!';

describeWithTool('tmux', 'cloudya connect on a real terminal (tmux): prompts, defaults, hidden secret', () => {
  let pki: TestPki;
  let d: Double;
  beforeAll(async () => {
    pki = makePki('prism-double.test');
    d = await startDouble(pki, prism('admin', SECRET));
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });

  it('asks each value, hides the typed secret, then offers the saved values as defaults', async () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home, LANG: 'en_US.UTF-8', NO_COLOR: '1' };
    const t = new TmuxSession(`node ${BIN} connect nutanix; echo "EXIT=$?"; sleep 60`, { columns: 160, rows: 30, env });
    try {
      await t.waitFor((s) => s.includes('Prism Central address (https://prism:9440):'));
      t.send('-l', d.url);
      t.send('Enter');
      await t.waitFor((s) => /^User:\s*$/m.test(s));
      t.send('-l', 'admin');
      t.send('Enter');
      await t.waitFor((s) => s.includes('CA bundle file for a private CA (empty: the system CAs):'));
      t.send('-l', pki.caFile);
      t.send('Enter');
      await t.waitFor((s) => s.includes('Keep the password in an environment variable (recommended) or store it in credentials.yaml (mode 0600)? [env/store] [env]:'));
      t.send('-l', 'store');
      t.send('Enter');
      await t.waitFor((s) => s.includes('Password (hidden):'));
      t.send('-l', SECRET);
      // What was typed is not on the screen.
      expect(t.capture()).not.toContain(SECRET);
      t.send('Enter');
      const screen = await t.waitFor((s) => s.includes('EXIT='));
      expect(screen).toContain('Connected to Nutanix Prism');
      expect(screen).toMatch(/clusters: prod-ahv, Unnamed/);
      expect(screen).toContain('EXIT=0');
      expect(screen).not.toContain(SECRET);
      expect(readFileSync(path.join(home, 'credentials.yaml'), 'utf8')).toContain(SECRET);
    } finally {
      t.kill();
    }
    // Again: every value is offered as the default; Enter keeps it; the stored secret is reused.
    const again = new TmuxSession(`node ${BIN} connect nutanix; echo "EXIT=$?"; sleep 60`, { columns: 160, rows: 30, env });
    try {
      await again.waitFor((s) => s.includes(`Prism Central address (https://prism:9440) [${d.url}]:`));
      again.send('Enter');
      await again.waitFor((s) => s.includes('User [admin]:'));
      again.send('Enter');
      await again.waitFor((s) => s.includes(`[${pki.caFile}]:`));
      again.send('Enter');
      const screen = await again.waitFor((s) => s.includes('EXIT='));
      expect(screen).toContain('EXIT=0');
      expect(screen).toContain('stored in credentials.yaml (mode 0600)');
    } finally {
      again.kill();
    }
  }, 60_000);
});
