import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { proxmox } from '../helpers/provider-doubles/rest.js';
import { startDouble, type Double } from '../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../helpers/provider-doubles/tls.js';
import { KEYS } from '../helpers/render.js';
import { allFrames, credentialsText, filesUnder, fill, focusRow, formEnv, openProvider, renderDeploy } from './connect-form-helpers.js';

const TOKEN_ID = 'terraform@pve!ci';
const SECRET = '7f3e9a52-5c4b-4f0e-9d1a-proxmox-secret';
const WRONG = '00000000-bad0-bad0-bad0-wrongsecret1';

// Each test types a whole form and waits for a real HTTPS exchange: generous on a loaded machine.
describe('Deploy screen: connect form for Proxmox VE (an on-premise API token provider)', { timeout: 120_000 }, () => {
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
  beforeEach(() => {
    d.mode = 'ok';
  });

  it('connects with the secret in an environment variable: identity shown, saved only on Enter, the secret in no frame nor file', async () => {
    const { cloudya, env } = formEnv({ PVE_TOKEN_SECRET: SECRET });
    const ui = await renderDeploy(env);
    await openProvider(ui, 'proxmox');
    await fill(ui, d.url);
    await fill(ui, TOKEN_ID);
    await ui.press(KEYS.enter); // keep: environment variable
    await ui.waitFor((x) => /› Environment variable holding the api token secret\s+PROXMOX_VE_API_TOKEN_SECRET/.test(x));
    await fill(ui, 'PVE_TOKEN_SECRET');
    await fill(ui, pki.caFile);
    await ui.press(KEYS.enter); // insecure stays off
    await ui.waitFor((x) => /› \s*\[ Test connection \]/.test(x));
    await ui.press(KEYS.enter);
    const ok = await ui.waitFor((x) => x.includes('Proxmox VE accepted the connection'));
    expect(ok).toContain('version: 8.2.4');
    expect(ok).toContain('nodes: pve1 (online), pve2 (online)');
    expect(ok).toContain('Secret: read from $PVE_TOKEN_SECRET at each use');
    expect(ok).toContain('Enter: save to credentials.yaml');
    // Tested, not saved yet.
    expect(credentialsText(cloudya)).not.toMatch(/^proxmox:/m);
    await ui.press(KEYS.enter);
    const saved = await ui.waitFor((x) => x.includes('Saved in'));
    expect(saved).toContain(path.join(cloudya, 'credentials.yaml'));
    const file = credentialsText(cloudya);
    expect(file).toMatch(/^proxmox:/m);
    expect(file).toContain('token_secret_env: PVE_TOKEN_SECRET');
    expect(file).toContain(`token_id: ${TOKEN_ID}`);
    expect(file).toContain(`ca_bundle: ${pki.caFile}`);
    expect(statSync(path.join(cloudya, 'credentials.yaml')).mode & 0o777).toBe(0o600);
    await ui.press(KEYS.enter);
    // Back on the Deploy screen, which now shows the connection.
    await ui.waitFor((x) => /proxmox\s+\(\d+\)\s+✓ connected \(https:\/\/127\.0\.0\.1:\d+\)/.test(x));
    expect(allFrames(ui)).not.toContain(SECRET);
    for (const f of filesUnder(cloudya)) expect(readText(f), f).not.toContain(SECRET);
    ui.unmount();
  });

  it('stores a typed secret as `connect --store-secret` does: masked while typed, only in the 0600 file, never in the audit log', async () => {
    const { cloudya, env } = formEnv();
    const ui = await renderDeploy(env);
    await openProvider(ui, 'proxmox');
    await fill(ui, d.url);
    await fill(ui, TOKEN_ID);
    await ui.press(' '); // secret kept in: credentials.yaml
    await ui.waitFor((x) => /\( \) an environment variable \(recommended\)\s+\(•\) credentials/.test(x));
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => /› API token secret/.test(x));
    await ui.type(SECRET);
    const typed = await ui.waitFor((x) => /› API token secret\s+•{24}/.test(x));
    expect(typed).toContain('hidden while typing, never shown again');
    await ui.press(KEYS.enter);
    await fill(ui, pki.caFile);
    await ui.press(KEYS.enter, KEYS.enter);
    const ok = await ui.waitFor((x) => x.includes('accepted the connection'));
    expect(ok).toContain('Secret: stored in credentials.yaml (mode 0600)');
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => x.includes('Saved in'));
    const file = credentialsText(cloudya);
    expect(file).toContain(`token_secret: ${SECRET}`);
    expect(statSync(path.join(cloudya, 'credentials.yaml')).mode & 0o777).toBe(0o600);
    expect(allFrames(ui)).not.toContain(SECRET);
    for (const f of filesUnder(cloudya)) if (!f.endsWith('credentials.yaml')) expect(readText(f), f).not.toContain(SECRET);
    // The audit log has the attempt (where; the secret's form is redacted there like any secret=).
    expect(readText(path.join(cloudya, 'audit.log'))).toMatch(/"command":"connect proxmox https:\/\/127\.0\.0\.1:\d+ secret=\*+","executed":true/);
    ui.unmount();
  });

  it('a wrong secret says so with a hint, saves nothing, and Esc goes back to the form with everything typed kept', async () => {
    const { cloudya, env } = formEnv({ PVE_TOKEN_SECRET: WRONG });
    const ui = await renderDeploy(env);
    await openProvider(ui, 'proxmox');
    await fill(ui, d.url);
    await fill(ui, TOKEN_ID);
    await ui.press(KEYS.enter);
    await fill(ui, 'PVE_TOKEN_SECRET');
    await fill(ui, pki.caFile);
    await ui.press(KEYS.enter, KEYS.enter);
    const bad = await ui.waitFor((x) => x.includes('Wrong credentials'));
    expect(bad).toMatch(/proxmox: the credentials were refused by 127\.0\.0\.1:\d+ \(HTTP 401\)/);
    expect(bad).toMatch(/hint: check the user\/key and the secret/);
    expect(bad).toContain('nothing was saved');
    expect(credentialsText(cloudya)).not.toMatch(/^proxmox:/m);
    await ui.press(KEYS.escape);
    // Back on the form, on the secret's row, with the values as typed.
    const form = await ui.waitFor((x) => x.includes('Connect to Proxmox VE'));
    expect(form).toMatch(/› Keep the secret in/);
    expect(form).toContain(TOKEN_ID);
    expect(form).toContain(d.url);
    // Esc twice: the provider list, then the Deploy screen; c and Enter bring the same values back.
    await ui.press(KEYS.escape);
    await ui.waitFor((x) => x.includes('Connect a provider'));
    await ui.press(KEYS.escape);
    const again = await openProvider(ui, 'proxmox');
    expect(again).toContain(TOKEN_ID);
    expect(again).toContain(d.url);
    expect(allFrames(ui)).not.toContain(WRONG);
    expect(readText(path.join(cloudya, 'audit.log'))).toMatch(/"command":"connect proxmox https:\/\/127\.0\.0\.1:\d+ secret=[^"]*","executed":false,"error":"proxmox: the credentials were refused/);
    ui.unmount();
  });

  it('a certificate from an unknown CA names its subject and points at the CA bundle; the insecure toggle warns and connects', async () => {
    const { cloudya, env } = formEnv({ PVE_TOKEN_SECRET: SECRET });
    const ui = await renderDeploy(env);
    await openProvider(ui, 'proxmox');
    await fill(ui, d.url);
    await fill(ui, TOKEN_ID);
    await ui.press(KEYS.enter);
    await fill(ui, 'PVE_TOKEN_SECRET');
    await ui.press(KEYS.enter, KEYS.enter, KEYS.enter); // no CA bundle, not insecure, test
    const tls = await ui.waitFor((x) => x.includes('Certificate not trusted'));
    expect(tls).toMatch(/TLS failure with 127\.0\.0\.1:\d+/);
    expect(tls).toContain('CN=proxmox-double.test');
    expect(tls).toMatch(/hint: fill in "CA bundle"/);
    await ui.press(KEYS.escape);
    await ui.waitFor((x) => /› CA bundle/.test(x));
    await focusRow(ui, /Skip TLS certificate checks/);
    await ui.press(' ');
    const warned = await ui.waitFor((x) => x.includes('[x] Skip TLS certificate checks'));
    expect(warned).toContain('TLS certificates will NOT be checked');
    await ui.press(KEYS.down, KEYS.enter);
    const ok = await ui.waitFor((x) => x.includes('accepted the connection'));
    expect(ok).toContain('TLS certificates will NOT be checked');
    await ui.press(KEYS.enter);
    await ui.waitFor((x) => x.includes('Saved in'));
    expect(credentialsText(cloudya)).toMatch(/insecure: "?true"?/);
    ui.unmount();
  });

  it('refuses to test with a required value missing, naming the row; a secret pasted as the variable name is masked', async () => {
    const { env } = formEnv();
    const ui = await renderDeploy(env);
    await openProvider(ui, 'proxmox');
    await fill(ui, d.url);
    await ui.press(KEYS.enter); // token id left empty
    await ui.press(KEYS.enter);
    await fill(ui, SECRET); // pasted into the variable name by mistake
    await ui.press(KEYS.enter, KEYS.enter, KEYS.enter);
    const f = await ui.waitFor((x) => x.includes('✗ required'));
    expect(f).toMatch(/› API token id/);
    expect(f).toContain('not a variable name');
    expect(allFrames(ui)).not.toContain(SECRET);
    ui.unmount();
  });
});

function readText(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}
