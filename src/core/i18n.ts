/**
 * Bilingual messages. Each module declares its own catalogue with `defineMessages`, so
 * messages live next to the code that says them and the type checker ensures French
 * has every English key.
 */
export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];

/** A user-facing text in both languages (used in command specs). */
export interface Text {
  en: string;
  fr: string;
}

let current: Lang = detectLang(process.env);

/** Picks the language from LC_ALL, LC_MESSAGES then LANG; French when it starts with "fr". */
export function detectLang(env: NodeJS.ProcessEnv): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Sets the language every catalogue answers in from now on. */
export function setLang(lang: Lang): void {
  current = lang;
}

/**
 * Runs synchronous work with every catalogue answering in `lang`, then restores the language in force (a French
 * answer's safety reasons in an English chat). Synchronous only: no other work can see the switch.
 */
export function withLang<T>(lang: Lang, fn: () => T): T {
  const previous = current;
  current = lang;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** The language in force. */
export function getLang(): Lang {
  return current;
}

/** Picks the current language's side of a bilingual text. */
export function tr(text: Text): string {
  return text[current];
}

export type Params = Record<string, string | number | boolean | undefined | null>;

/** Replaces `{name}` placeholders with values. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined || params[name] === null ? whole : String(params[name]),
  );
}

/** Declares a catalogue; returns a translator bound to the current language. */
export function defineMessages<K extends string>(catalogue: {
  en: Record<K, string>;
  fr: Record<K, string>;
}): (key: K, params?: Params) => string {
  return (key, params) => interpolate(catalogue[current][key] ?? catalogue.en[key], params);
}
