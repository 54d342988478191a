import { describe, expect, it } from 'vitest';
import { questionLang } from '../../../src/services/ai/language.js';
import { runCli, tempHome } from '../../helpers/cli.js';

describe('the answer follows the language of the question', () => {
  it('recognises French and English questions, and falls back when unclear', () => {
    expect(questionLang('Créer un bucket S3 sécurisé', 'en')).toBe('fr');
    expect(questionLang("comment configurer l'auto-scaling horizontal pour mes pods", 'en')).toBe('fr');
    expect(questionLang('how do I create a secure s3 bucket', 'fr')).toBe('en');
    expect(questionLang('kubectl hpa', 'fr')).toBe('fr');
    expect(questionLang('kubectl hpa', 'en')).toBe('en');
  });

  it('cloudya ask answers a French question in French under an English LANG', async () => {
    const r = await runCli(['ask', 'Créer un bucket S3 sécurisé', '-o', 'json'], { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.explanation).toMatch(/^## Créer un bucket S3 sécurisé/);
  });
});
