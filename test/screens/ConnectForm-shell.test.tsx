import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../screens/App.js';
import { setLang } from '../../src/core/i18n.js';
import { createDeployFacade } from '../../src/services/deployments/facade.js';
import { proxmox } from '../helpers/provider-doubles/rest.js';
import { startDouble, type Double } from '../helpers/provider-doubles/server.js';
import { makePki, type TestPki } from '../helpers/provider-doubles/tls.js';
import { eventually, KEYS, renderTui } from '../helpers/render.js';
import { allFrames, credentialsText, fill, formEnv, openProvider, renderDeploy } from './connect-form-helpers.js';

const TOKEN_ID = 'terraform@pve!ci';
const SECRET = '7f3e9a52-5c4b-4f0e-9d1a-proxmox-secret';

describe('Deploy screen connect form in the shell: typing, Ctrl+C, French', { timeout: 120_000 }, () => {
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

  it('q typed in a field is text, not quit; Ctrl+C cancels a test in flight (the shell stays), Esc keeps the values', async () => {
    d.mode = 'hang';
    const { cloudya, env } = formEnv({ PVE_TOKEN_SECRET: SECRET });
    let exited = false;
    const ui = await renderTui(<App initialScreen="deploy" size={{ columns: 110, rows: 30 }} services={{ deploy: createDeployFacade(env), env }} onExit={() => (exited = true)} />);
    await openProvider(ui, 'proxmox');
    await fill(ui, d.url);
    await fill(ui, 'q@pve!q1');
    await ui.waitFor((x) => x.includes('q@pve!q1'));
    await ui.press(KEYS.enter);
    await fill(ui, 'PVE_TOKEN_SECRET');
    await fill(ui, pki.caFile);
    await ui.press(KEYS.enter, KEYS.enter);
    await ui.waitFor((x) => x.includes('Testing the connection to Proxmox VE'));
    await eventually(() => expect(d.requests.length).toBeGreaterThan(0));
    await ui.press(KEYS.ctrlC);
    const cancelled = await ui.waitFor((x) => x.includes('Test cancelled: nothing was saved.'));
    expect(cancelled).toMatch(/Deploy/);
    expect(exited).toBe(false);
    await ui.press(KEYS.escape);
    const form = await ui.waitFor((x) => x.includes('Connect to Proxmox VE'));
    expect(form).toContain('q@pve!q1');
    expect(form).toContain(d.url);
    expect(credentialsText(cloudya)).not.toContain('connected_at');
    // With nothing running, Ctrl+C quits as everywhere else.
    await ui.press(KEYS.ctrlC);
    await eventually(() => expect(exited).toBe(true));
    ui.unmount();
    d.mode = 'ok';
  });

  it('speaks French: provider list, rows, the secret choice, a refusal with its hint, the saved message', async () => {
    setLang('fr');
    try {
      d.mode = 'ok';
      const { cloudya, env } = formEnv({ PVE_TOKEN_SECRET: 'mauvais-secret-0000' });
      const ui = await renderDeploy(env);
      await ui.waitFor((x) => x.includes('c connecter'));
      const form = await openProvider(ui, 'proxmox');
      expect(form).toContain('Connexion à Proxmox VE');
      expect(form).toMatch(/› Point d'accès de l'API \(https:\/\/hôte:8006\)/);
      expect(form).toContain("Garder le secret dans");
      expect(form).toContain("une variable d'environnement (recommandé)");
      expect(form).toContain('[ Tester la connexion ]');
      expect(form).toContain('Ne pas vérifier les certificats TLS (--insecure)');
      await fill(ui, d.url);
      await fill(ui, TOKEN_ID);
      await ui.press(KEYS.enter);
      await ui.waitFor((x) => /› Variable d'environnement contenant le secret du jeton.*PROXMOX_VE_API_TOKEN_SECRET/.test(x));
      await fill(ui, 'PVE_TOKEN_SECRET');
      await fill(ui, pki.caFile);
      await ui.press(KEYS.enter, KEYS.enter);
      const bad = await ui.waitFor((x) => x.includes('Identifiants refusés'));
      expect(bad).toMatch(/proxmox : identifiants refusés par 127\.0\.0\.1:\d+ \(HTTP 401\)/);
      expect(bad).toMatch(/conseil : vérifiez l'utilisateur\/la clé et le secret/);
      expect(bad).toContain("Entrée ou Échap : retour au formulaire (rien n'a été enregistré, la saisie est gardée)");
      ui.unmount();
      // The right secret: identity, then saved.
      const good = { ...env, PVE_TOKEN_SECRET: SECRET };
      const ui2 = await renderDeploy(good);
      await openProvider(ui2, 'proxmox');
      await fill(ui2, d.url);
      await fill(ui2, TOKEN_ID);
      await ui2.press(KEYS.enter);
      await fill(ui2, 'PVE_TOKEN_SECRET');
      await fill(ui2, pki.caFile);
      await ui2.press(KEYS.enter, KEYS.enter);
      const ok = await ui2.waitFor((x) => x.includes('Proxmox VE a accepté la connexion'));
      expect(ok).toContain('Secret : lu dans $PVE_TOKEN_SECRET à chaque utilisation');
      expect(ok).toContain('Entrée : enregistrer dans credentials.yaml');
      await ui2.press(KEYS.enter);
      await ui2.waitFor((x) => x.includes('Enregistré dans'));
      expect(credentialsText(cloudya)).toContain('token_secret_env: PVE_TOKEN_SECRET');
      await ui2.press(KEYS.enter);
      await ui2.waitFor((x) => /proxmox\s+\(\d+\)\s+✓ connecté \(https:\/\/127\.0\.0\.1:\d+\)/.test(x));
      expect(allFrames(ui2)).not.toContain(SECRET);
      ui2.unmount();
    } finally {
      setLang('en');
    }
  });
});
