/**
 * Everyday words for symptoms, in English and French, and the technical words the knowledge base uses for them:
 * people say "the clocks are drifting", "it takes ages", "keeps rebooting", "who ate my RAM", "le serveur est tombé";
 * entries say time sync, latency, restart loop, memory usage, down. A small list written from how people talk, each
 * rule a pattern over the folded question (see fold in text.ts) and the words it stands for. Only wordings the synonyms of
 * text.ts do not already map belong here ("rame" is already slow, "no space left" is how entries say it).
 *
 * Applied to the question only, at search time (search.ts): the index and the on-disk cache derive nothing from it.
 * Expansion words weigh less than the asker's own words there.
 */

export interface LexiconRule {
  /**
   * Text one of which the folded question must contain for `when` to match: most questions match no rule, and
   * compiling and running the patterns costs a first question ~5 ms, checking these ~0.05 ms.
   */
  hints: string[];
  /** Matches the everyday wording in the folded question (lowercase, accents removed); its first group, if any, is the wording itself. */
  when: RegExp;
  /** The words entries use for it (run through terms() like any text). */
  means: string;
}

/** A number with a unit of time ("20 sec", "5 minutes", "30s"). */
const DURATION = String.raw`\d+(?:\s*-\s*\d+)?\s*(?:s|sec|secs|seconds?|mn|min|mins|minutes?)`;

/** Hints of the "eats my RAM / CPU / disk / bandwidth" rules. */
const EATING = ['eat', 'ate', 'hog', 'bouff', 'mange', 'pompe', 'consomme'];

export const LEXICON: LexiconRule[] = [
  // Slowness said with time: "takes ages", "takes like 30 sec before...", "met des plombes", "prend une éternité".
  { hints: ['sluggish', 'lag', 'crawl', 'take', 'met', 'pren'], when: new RegExp(String.raw`\b(?:sluggish|laggy|lagging|crawl(?:s|ing)?|takes? (?:ages|forever|a long time|so long|like ${DURATION}|${DURATION})|(?:met|prend|mettent|prennent) (?:des plombes|une eternite|un temps fou|${DURATION}))\b`), means: 'slow latency' },
  // Hanging: "froze", "unresponsive", "figé", "ne répond plus".
  { hints: ['freez', 'froze', 'unresponsive', 'hung', 'fige', 'gele', 'repond plus'], when: /\b(?:freez(?:e|es|ing)|froze|frozen|unresponsive|hung|(?:se )?fige(?:e|s)?|gele|ne repond plus|repond plus)\b/, means: 'hang timeout stuck' },
  // A restart loop told in words: "keeps rebooting", "restarts over and over", "redémarre sans arrêt".
  {
    hints: ['keep', 'restart', 'boot', 'crash', 'redemarre', 'plante', 'relance'],
    when: /\b(?:keeps? (?:restarting|rebooting|crashing)|(?:restart|reboot|crash)(?:s|ing)? (?:over and over|again and again|in a loop|every few)|(?:boot|reboot|restart) ?loop|(?:redemarre|reboote|plante|crashe|relance)(?:nt)? (?:en boucle|sans arret|tout le temps|sans cesse))\b/,
    means: 'crashloopbackoff restart loop crash exit code',
  },
  // A clock that is wrong: "clocks are drifting", "time is off by 3 minutes", "l'heure est décalée".
  { hints: ['clock', 'horloge', 'heure', 'time'], when: /\b(?:clock|clocks|horloge|horloges|heure|time)\b[^.?!\n]{0,40}\b(drift\w*|skew\w*|off by|behind|ahead|wrong|decale\w*|derive\w*|en retard|en avance)/, means: 'ntp chrony clock time sync' },
  { hints: ['wrong time', 'mauvaise heure', 'pas a l heure', 'decalage horaire'], when: /\b(?:wrong time|mauvaise heure|pas a l heure|decalage horaire)\b/, means: 'ntp chrony clock time sync' },
  // Space running out: "fills up", "ran out of space", "plus de place".
  { hints: ['fill', 'out of', 'plus de place', 'plus d espace', 'se remplit'], when: /\b(?:fill(?:s|ed|ing)? up|ran out of (?:disk|space|room)|out of (?:disk|room)|plus de place|plus d espace|se remplit)\b/, means: 'disk full space' },
  // A resource eaten by something: "who ate my RAM", "qui bouffe le CPU", "hogging the disk".
  { hints: EATING, when: /\b(eat(?:s|ing)?|ate|hog(?:s|ging)?|bouff\w*|mange\w*|pompe\w*|consomme\w*)\b[^.?!\n]{0,30}\b(?:memory|ram|memoire)\b/, means: 'memory usage' },
  { hints: EATING, when: /\b(eat(?:s|ing)?|ate|hog(?:s|ging)?|bouff\w*|mange\w*|pompe\w*|consomme\w*)\b[^.?!\n]{0,30}\b(?:cpu|processeur)\b/, means: 'high cpu load' },
  { hints: EATING, when: /\b(eat(?:s|ing)?|ate|hog(?:s|ging)?|bouff\w*|mange\w*|pompe\w*|consomme\w*)\b[^.?!\n]{0,30}\b(?:disk|disque|space|espace)\b/, means: 'disk usage' },
  { hints: EATING, when: /\b(eat(?:s|ing)?|ate|hog(?:s|ging)?|bouff\w*|mange\w*|pompe\w*|consomme\w*)\b[^.?!\n]{0,30}\b(?:bandwidth|bande passante|network|reseau)\b/, means: 'network traffic bandwidth' },
  // Growing by itself: "keeps growing", "grossit", "gonfle".
  { hints: ['grow', 'grossi', 'gonfle'], when: /\b(?:keeps growing|grows|growing|grossi(?:t|ssent)|gonfle(?:nt)?)\b/, means: 'disk usage cleanup' },
  // Data lost: "lose my data", "je perds mes données", "files disappeared".
  { hints: ['data', 'donnees', 'files', 'fichiers'], when: /\b(?:lose|loses|losing|lost|perd\w*|disappear\w*|disparai\w*|disparu\w*|vanish\w*|gone)\b[^.?!\n]{0,30}\b(?:data|donnees|files|fichiers)\b|\b(?:data|donnees|files|fichiers)\b[^.?!\n]{0,30}\b(?:lost|gone|disappear\w*|disparu\w*|perdu\w*)\b/, means: 'volume persistent backup' },
];

/**
 * The technical words the everyday wording of a folded question stands for, one per rule that matched: `matched` is the
 * wording itself, `span` all the text the rule read (with what the wording is about: "clock ... drifting").
 */
export function everydayMeanings(folded: string): Array<{ matched: string; span: string; means: string }> {
  const out: Array<{ matched: string; span: string; means: string }> = [];
  for (const rule of LEXICON) {
    if (!rule.hints.some((h) => folded.includes(h))) continue;
    const m = rule.when.exec(folded);
    if (m) out.push({ matched: m[1] ?? m[0], span: m[0], means: rule.means });
  }
  return out;
}
