import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../screens/App.js';
import { setLang } from '../../src/core/i18n.js';
import { tempHome } from '../helpers/cli.js';
import { renderTui } from '../helpers/render.js';

describe('the status bar at 80 columns', () => {
  afterEach(() => setLang('en'));
  for (const [lang, quit] of [['en', 'q quit'], ['fr', 'q quitter']] as const) {
    it(`shows how to quit and get help on every screen (${lang})`, async () => {
      setLang(lang);
      for (const screen of ['chat', 'monitor', 'deploy', 'diagnose'] as const) {
        const t = await renderTui(<App initialScreen={screen} size={{ columns: 80, rows: 24 }} services={{ env: { CLOUDYA_HOME: tempHome() }, monitor: { record: false } }} />);
        const last = t.frame().split('\n').at(-1) ?? '';
        expect(last.length).toBeLessThanOrEqual(80);
        expect(last, `${screen}: ${last}`).toMatch(new RegExp(`\\? \\S+ {2}${quit}$`));
        t.unmount();
      }
    });
  }
});
