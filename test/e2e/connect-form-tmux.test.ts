import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { proxmox } from '../helpers/provider-doubles/rest.js';
import { startDouble, type Double } from '../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../helpers/provider-doubles/tls.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWithTool } from '../helpers/tools.js';

const TOKEN_ID = 'terraform@pve!ci';
const SECRET = '7f3e9a52-5c4b-4f0e-9d1a-proxmox-secret';

/** The shell's status bar (last non-empty line): it names the screen shown. */
function statusLine(screen: string): string {
  return screen.trimEnd().split('\n').at(-1) ?? '';
}

describeWithTool('tmux', 'the connect form in a real terminal (tmux)', () => {
  let pki: TestPki;
  let d: Double;
  beforeAll(async () => {
    pki = makePki('proxmox-double.test');
    d = await startDouble(pki, proxmox(TOKEN_ID, SECRET));
  });
  afterAll(async () => {
    await d?.close();
    pki?.cleanup();
  });

  it('Deploy screen, c, Proxmox: typed secret masked on screen, wrong then right secret, saved, shown as connected', { timeout: 180_000 }, async () => {
    const home = tempHome();
    const cloudya = path.join(home, 'cloudya');
    const t = new TmuxSession(`node ${BIN}; echo "EXIT=$?"; sleep 60`, { columns: 110, rows: 32, env: { HOME: home, CLOUDYA_HOME: cloudya, LANG: 'en_US.UTF-8' } });
    try {
      // The status bar is drawn once the shell reads keys.
      await t.waitFor((s) => s.includes('1 Chat') && / Chat .*quit/.test(s), 60_000);
      // Tab until the Deploy screen shows (the chat's input takes digits); on a loaded machine the first
      // key may come before the shell reads keys, so each Tab waits for the screen to change.
      for (let i = 0; i < 12 && !t.capture().includes('Pick a provider'); i++) {
        const before = statusLine(t.capture());
        t.send('Tab');
        await t.waitFor((s) => statusLine(s) !== before, 10_000).catch(() => undefined);
      }
      await t.waitFor((s) => s.includes('Pick a provider') && s.includes('c connect a provider'), 60_000);
      t.send('c');
      await t.waitFor((s) => s.includes('Connect a provider') && s.includes('nutanix'), 30_000);
      t.send('Up', 'Up', 'Up', 'Up', 'Up', 'Up', 'Up', 'Down', 'Down', 'Down', 'Down');
      await t.waitFor((s) => /› proxmox /.test(s));
      t.send('Enter');
      await t.waitFor((s) => s.includes('Connect to Proxmox VE'));
      t.send('-l', d.url);
      t.send('Enter');
      t.send('-l', TOKEN_ID);
      t.send('Enter');
      t.send('Space'); // keep the secret in credentials.yaml
      await t.waitFor((s) => /\(•\) credentials/.test(s));
      t.send('Enter');
      t.send('-l', 'wrong-secret-0000');
      await t.waitFor((s) => /› API token secret\s+•{17}/.test(s));
      t.send('Enter');
      t.send('-l', pki.caFile);
      t.send('Enter', 'Enter', 'Enter');
      const bad = await t.waitFor((s) => s.includes('Wrong credentials'), 60_000);
      expect(bad).toMatch(/credentials were refused by 127\.0\.0\.1:\d+/);
      // Back to the form on the secret's choice row; down to the value, replace it.
      t.send('Escape');
      await t.waitFor((s) => /› Keep the secret in/.test(s));
      t.send('Down');
      await t.waitFor((s) => /› API token secret/.test(s));
      t.send('-l', '\x7f'.repeat(40));
      t.send('-l', SECRET);
      await t.waitFor((s) => /› API token secret\s+•{24}/.test(s));
      t.send('Down', 'Down', 'Down');
      await t.waitFor((s) => /› \[ Test connection \]/.test(s));
      t.send('Enter');
      const ok = await t.waitFor((s) => s.includes('Proxmox VE accepted the connection'), 60_000);
      expect(ok).toContain('version: 8.2.4');
      t.send('Enter');
      await t.waitFor((s) => s.includes('Saved in'));
      t.send('Enter');
      const deploy = await t.waitFor((s) => /proxmox\s+\(\d+\)\s+✓ connected/.test(s));
      expect(deploy).not.toContain(SECRET);
      expect(readFileSync(path.join(cloudya, 'credentials.yaml'), 'utf8')).toContain(`token_secret: ${SECRET}`);
      t.send('q');
      await t.waitFor((s) => s.includes('EXIT=0'));
      // Only credentials.yaml (0600, the user's choice) holds the secret.
      for (const f of readdirSync(cloudya, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
        const file = path.join(f.parentPath, f.name);
        if (f.name !== 'credentials.yaml') expect(readFileSync(file, 'latin1'), file).not.toContain(SECRET);
      }
    } finally {
      t.kill();
    }
  });
});
