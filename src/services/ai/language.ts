/**
 * Which language a question is written in, so the answer comes back in it: someone who asks
 * "Créer un bucket S3 sécurisé" wants French even when their terminal's LANG is English.
 */
import type { Lang } from '../../core/i18n.js';

const FRENCH = new Set(
  'le la les un une des du de au aux pour avec sans mon ma mes ton ta tes son sa ses notre votre leur comment pourquoi quel quelle quels quelles est sont sur dans je tu il elle nous vous ils elles et ou où qui que quoi faire créer configurer déployer installer mettre ne pas plus ce cette ces entre vers chez très aussi peux puis dois faut veux'.split(' '),
);
const ENGLISH = new Set(
  'the a an to for with without my your our their how why what which is are on in into i you we they and or who that this these those do does can should make create set up deploy install not more from very also need want'.split(' '),
);

/** The question's language when it is clear, else `fallback`. */
export function questionLang(text: string, fallback: Lang): Lang {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let fr = /[éèêàçùâîôû]/.test(text.toLowerCase()) ? 1 : 0;
  let en = 0;
  for (const raw of words) {
    const w = raw.replace(/^(l|d|j|qu|n|s|c|m|t)'/, (m) => {
      fr++;
      return m.endsWith("'") ? '' : m;
    });
    if (FRENCH.has(w)) fr++;
    if (ENGLISH.has(w)) en++;
  }
  if (fr >= 2 && fr > en) return 'fr';
  if (en >= 2 && en > fr) return 'en';
  return fallback;
}
