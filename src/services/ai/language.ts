/**
 * Which language a question is written in, so the answer comes back in it: someone who asks
 * "mon pod redemarre en boucle" wants French even when their terminal's LANG is English.
 * The evidence is the common words of each language (articles, pronouns, prepositions, question words,
 * everyday verbs), not accents: people often type French without them, and technical words are shared.
 */
import type { Lang } from '../../core/i18n.js';

/** Accents folded away, so "créer" and "creer" are the same word. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

const FRENCH = new Set(
  (
    'le la les un une des du de au aux en qu c ' +
    'mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette ces ca cela ceci ' +
    'je tu il elle nous vous ils elles on moi toi lui y me te se ' +
    'pour avec sans sur sous dans chez vers entre depuis pendant avant apres contre par ' +
    'et ou mais donc car ni que qui quoi dont quand comment pourquoi combien quel quelle quels quelles ' +
    'est sont suis es etait sera ai as avons avez ont fait faut peux peut pouvez puis dois doit veux voudrais lequel laquelle lesquels choisir ' +
    // What people write before a pasted message: "me renvoie", "m'affiche", "me sort"
    'renvoie affiche sort crache ' +
    'faire creer configurer deployer installer mettre lancer supprimer voir savoir trouver changer ajouter dit ' +
    'redemarrer demarrer arreter lister afficher verifier ouvrir fermer bloquer monter restaurer sauvegarder renommer annuler vider ' +
    // Everyday words of a request or a complaint ("augmenter la rétention a 90 jours", "je mets quoi", "un seul serveur")
    'donner augmenter diminuer reduire mets seul seule jour jours besoin ' +
    'ne pas plus jamais rien tout tous toute toutes tres aussi encore deja toujours meme bien alors du coup ' +
    'marche plante bloque reste redemarre boucle arrive arrivent perds probleme erreur serveur fichier dossier ' +
    // How often and since when ("plante a chaque fois maintenant", "refuse de passer")
    'chaque fois maintenant passer ' +
    'merci stp svp salut bonjour'
  ).split(' '),
);
const ENGLISH = new Set(
  (
    'the a an to for with without of from by at about into onto over under after before ' +
    'my your our their his her its this that these those it i you we they me us them ' +
    'how why what which who when where whats hows is are was were be been am do does did done can could should would will ' +
    'and or but not no if then than so just also only still again ' +
    'make create set get use run deploy install need want see find change add keep keeps stuck says said ' +
    // What people write before a pasted message: "fails with", "throws", "gives me"
    'fails failing gives throws returns shows ' +
    'please thanks help there here all every some any more most very'
  ).split(' '),
);

/**
 * The question's language when its common words say so, else `fallback`. In pasted output the lines the person
 * typed decide: one line of French words around an English error ("et dans le describe :") makes the answer French.
 */
export function questionLang(text: string, fallback: Lang): Lang {
  // Quoted words are a message the person copied ("kubectl me sort "The connection to the server..."), not their own.
  // The command typed before it ("kubectl get pods me sort "...") is no English word of the asker either.
  const stripped = text.replace(QUOTED, ' ');
  const unquoted = stripped === text ? text : stripped.replace(COMMAND, ' ');
  if (counts(unquoted).words > 0) text = unquoted;
  // Two French words in a row are the asker's, wherever they stand: tools print English, and an English speaker does not
  // write "sur mon", "je peux rien" or "plante au" around a pasted message.
  if (frenchRun(text) >= 2) return 'fr';
  const whole = counts(text);
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length >= 2 && !(whole.fr >= 2 && whole.fr > whole.en) && lines.some((l) => counts(l).fr >= 2 && counts(l).en === 0)) return 'fr';
  // The line typed above a pasted message ("helm upgrade plante :" then the error): one French word and no English one in it
  // is the asker's language - the lines below are the tool's.
  if (lines.length >= 2) {
    const first = counts(lines[0].replace(COMMAND, ' '));
    if (first.fr >= 1 && first.en === 0) return 'fr';
  }
  // A line that goes on with a pasted message ("git pull dans /var/www/app -> fatal: ...", "helm install me dit Error: ...")
  // is judged by what the person typed before it: the English of the tool's message says nothing of the asker.
  const typed = typedBeforePaste(lines[0] ?? '');
  if (typed !== undefined) {
    const own = counts(typed);
    if (own.fr >= 1 && own.en === 0) return 'fr';
    if (own.fr >= 2 && own.fr > own.en) return 'fr';
  }
  return decide(whole, fallback);
}

/** Where a tool's message starts in a typed line: an arrow, or an error, fatal or warning label as tools print them. */
const PASTE_START = /\s(?:->|=>|→)\s|(?:^|\s)(?:error|fatal|warning|e|err!?)\s*:|\(error\)|\ban error occurred\b/i;

/** A command line typed before the words ("helm install", "git pull"): its subcommand is no English word of the asker. */
const COMMAND = /^\s*(?:\$\s*)?(?:sudo\s+)?(?:helm|git|kubectl|docker|podman|terraform|tofu|aws|gcloud|az|ansible(?:-playbook)?|systemctl|journalctl|npm|apt(?:-get)?|pip3?|psql|mysql|redis-cli|curl|ssh)\s+\S+/i;

/** The words a person typed before a message pasted on the same line, or undefined when the line holds no such message. */
function typedBeforePaste(line: string): string | undefined {
  const m = PASTE_START.exec(line);
  return m && m.index > 0 ? line.slice(0, m.index).replace(COMMAND, ' ') : undefined;
}

/** A quoted message of two words or more ("...", “...”, « ... »). */
const QUOTED = /"[^"\n]*\s[^"\n]*"|“[^”\n]*\s[^”\n]*”|«[^»\n]*\s[^»\n]*»/g;

/**
 * Words both languages use in the same spelling: "me" (me, me dit), "a" (an article, and "il a", "a" for "à" typed without
 * its accent, "acces a internet"). They tell neither language.
 */
const SHARED = new Set(['me', 'a']);

/** The words of a text, lowercased, each with whether it was written with a French accent ("reinstallé", "ça"). */
function wordsOf(text: string): Array<{ w: string; accent: boolean }> {
  return (text.toLowerCase().match(/[a-z0-9\u00e0-\u00ff]+(?:'[a-z\u00e0-\u00ff]+)?/g) ?? []).map((raw) => ({ w: fold(raw), accent: /[àâçéèêëîïôûù]/.test(raw) }));
}

/** Whether a word is French only: a common French word, an elision ("l'image", "qu'il"), or any word with a French accent. */
function frenchOnly({ w, accent }: { w: string; accent: boolean }): boolean {
  return accent || (FRENCH.has(w) && !ENGLISH.has(w) && !SHARED.has(w)) || /^(l|d|j|qu|n|s|c|m|t)'[a-z]+$/.test(w);
}

/** The longest run of French-only words in a row. */
function frenchRun(text: string): number {
  let run = 0;
  let best = 0;
  for (const word of wordsOf(text)) {
    run = frenchOnly(word) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** How many common French and English words a text holds, and how many words in all. */
function counts(text: string): { fr: number; en: number; words: number } {
  // "à" alone is the French preposition; folded it would read as the English article "a".
  const grave = (text.match(/(?:^|[\s'])à(?=[\s,.]|$)/g) ?? []).length;
  const all = wordsOf(text.replace(/(^|[\s'])à(?=[\s,.]|$)/g, '$1 '));
  const words = all.map((x) => x.w);
  let fr = grave + all.filter((x) => x.accent && !FRENCH.has(x.w)).length;
  let en = 0;
  for (const raw of words) {
    if (SHARED.has(raw)) continue;
    // French elisions ("l'image", "qu'est", "j'ai") are French by themselves; "what's", "don't" are English.
    const elided = /^(l|d|j|qu|n|s|c|m|t)'([a-z]+)$/.exec(raw);
    if (elided) {
      fr++;
      if (FRENCH.has(elided[2])) fr++;
      continue;
    }
    const w = raw.replace(/'(s|t|re|ve|ll|d|m)$/, () => {
      en++;
      return '';
    });
    if (FRENCH.has(w)) fr++;
    if (ENGLISH.has(w)) en++;
  }
  return { fr, en, words: words.length + grave };
}

/** The language the counts say, else `fallback`. */
function decide({ fr, en, words }: { fr: number; en: number; words: number }, fallback: Lang): Lang {
  if (fr >= 2 && fr > en) return 'fr';
  if (en >= 2 && en > fr) return 'en';
  // A short question with one clear word of a language and none of the other ("rentrer dans pod").
  if (fr === 1 && en === 0 && words <= 6) return 'fr';
  if (en === 1 && fr === 0 && words <= 6) return 'en';
  return fallback;
}
