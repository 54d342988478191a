/** Drives the Deploy screen's connect form the way a user does: c, pick a provider, fill rows, test. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DeployWizard } from '../../screens/DeployWizard.js';
import { createDeployFacade } from '../../src/services/deployments/facade.js';
import { PROVIDER_IDS } from '../../src/services/providers/types.js';
import { tempHome } from '../helpers/cli.js';
import { KEYS, renderTui } from '../helpers/render.js';

export type Ui = Awaited<ReturnType<typeof renderTui>>;

/** A private home (CLOUDYA_HOME inside it) and an environment without the developer's own cloud variables. */
export function formEnv(extra: NodeJS.ProcessEnv = {}): { home: string; cloudya: string; env: NodeJS.ProcessEnv } {
  const home = tempHome();
  const cloudya = path.join(home, 'cloudya');
  return { home, cloudya, env: { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: cloudya, ...extra } };
}

/** The Deploy screen over the real facade and services for that environment. */
export async function renderDeploy(env: NodeJS.ProcessEnv, size = { width: 110, height: 26 }): Promise<Ui> {
  return renderTui(<DeployWizard active width={size.width} height={size.height} services={{ deploy: createDeployFacade(env), env }} />);
}

/** From the Deploy screen: c, then the provider's row, then Enter (its fields shown). */
export async function openProvider(ui: Ui, id: string, title = /Connect to|Connexion à/): Promise<string> {
  await ui.waitFor((x) => /Pick a provider|Choisissez un fournisseur/.test(x));
  await ui.press('c');
  await ui.waitFor((x) => /Connect a provider|Connecter un fournisseur/.test(x) && x.includes('nutanix'));
  await ui.press(...Array<string>(PROVIDER_IDS.length).fill(KEYS.up), ...Array<string>(PROVIDER_IDS.indexOf(id as never)).fill(KEYS.down));
  await ui.waitFor((x) => new RegExp(`› ${id} `).test(x));
  await ui.press(KEYS.enter);
  return ui.waitFor((x) => title.test(x));
}

/** Replaces the focused row's text (Backspaces, then the text as one chunk) and presses Enter. */
export async function fill(ui: Ui, text: string): Promise<void> {
  await ui.type('\x7f'.repeat(120));
  if (text) await ui.type(text);
  await ui.press(KEYS.enter);
}

/** Moves the focus to the row whose line matches (the focused line starts with ›). */
export async function focusRow(ui: Ui, row: RegExp): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const f = ui.frame();
    if (f.split('\n').some((l) => /^\s*›/.test(l) && row.test(l))) return;
    const lines = f.split('\n');
    const at = lines.findIndex((l) => /^\s*›/.test(l));
    const target = lines.findIndex((l) => row.test(l));
    await ui.press(target >= 0 && target < at ? KEYS.up : KEYS.down);
  }
  throw new Error(`no row ${row} in:\n${ui.frame()}`);
}

/** Every frame Ink wrote, as one text (ANSI kept: a secret would show in it all the same). */
export function allFrames(ui: Ui): string {
  return ui.frames.join('\n');
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** credentials.yaml's text, or '' when it was never written. */
export function credentialsText(cloudya: string): string {
  try {
    return readFileSync(path.join(cloudya, 'credentials.yaml'), 'utf8');
  } catch {
    return '';
  }
}
