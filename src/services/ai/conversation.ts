/** Small helpers over a conversation shared by the engines. */
import type { ChatMessage } from './types.js';

/** The last thing the user said (what a retrieval engine searches for). */
export function lastUserMessage(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i].content;
  return '';
}

/** Splits text into small pieces so front ends can show an answer arriving (offline answers are instant). */
export function chunks(text: string, size = 48): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = rest.lastIndexOf(' ', size);
    if (cut <= 0) cut = size;
    out.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  if (rest) out.push(rest);
  return out;
}

// Words that point back to something said before. French object pronouns (le, la, les, l') only count
// in front of an action ("comment le supprimer"), where they cannot be articles.
const BACK_REFERENCE_EN = /\b(it|its|itself|them|their|theirs|this|that|these|those|this one|that one)\b/;
const LEADING_LINK = /^\s*(and|also|then|what about|how about|et|puis|ensuite|aussi|et pour|et si)\b/;
const BACK_REFERENCE_FR = /(^|[^\p{L}])(ça|ca|cela|celui-ci|celle-ci|ceux-ci|celles-ci|celui-là|celle-là)(?![\p{L}])/u;
const FR_CLITIC = /(?:^|[^\p{L}])(?:le|la|les|l['’])\s*([\p{L}]+(?:er|ir|re))(?![\p{L}])/gu;
const FR_ACTIONS = new Set(
  'supprimer effacer detruire créer creer installer désinstaller desinstaller configurer sécuriser securiser chiffrer redémarrer redemarrer démarrer demarrer arrêter arreter lancer relancer mettre déployer deployer sauvegarder restaurer surveiller agrandir redimensionner renommer déplacer deplacer migrer copier vider exposer ouvrir fermer tester protéger proteger partager monter attacher connecter vérifier verifier lister mettre nettoyer purger activer désactiver desactiver modifier changer réparer reparer débloquer debloquer utiliser faire'.split(' '),
);

/** Whether a question refers back to the previous one ("and how do I delete it?", "comment le supprimer ?"). */
export function isFollowUp(question: string): boolean {
  const q = question.toLowerCase();
  if (BACK_REFERENCE_EN.test(q) || LEADING_LINK.test(q) || BACK_REFERENCE_FR.test(q)) return true;
  for (const m of q.matchAll(FR_CLITIC)) if (FR_ACTIONS.has(m[1])) return true;
  return false;
}

/**
 * The earlier questions a follow-up refers to (the previous user message, and the ones before it
 * while they were follow-ups too, at most three), or undefined when the last question stands alone.
 */
export function followUpTopic(messages: ChatMessage[]): string | undefined {
  const asked = messages.filter((m) => m.role === 'user').map((m) => m.content);
  if (asked.length < 2 || !isFollowUp(asked[asked.length - 1])) return undefined;
  const earlier: string[] = [];
  for (let i = asked.length - 2; i >= 0 && earlier.length < 3; i--) {
    earlier.unshift(asked[i]);
    if (!isFollowUp(asked[i])) break;
  }
  return earlier.join('\n');
}
