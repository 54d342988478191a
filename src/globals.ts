/** Options every command accepts, shared by the parser, help and completion. */
import type { OptionSpec } from './core/command.js';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  output: {
    type: 'string',
    short: 'o',
    choices: ['text', 'json'],
    valueName: 'text|json',
    description: { en: 'Output format: text, or one JSON document (NDJSON for streams)', fr: 'Format de sortie : texte, ou un document JSON (NDJSON pour les flux)' },
  },
  'no-color': { type: 'boolean', description: { en: 'Disable colours (also NO_COLOR)', fr: 'Désactiver les couleurs (aussi NO_COLOR)' } },
  lang: {
    type: 'string',
    choices: ['en', 'fr'],
    valueName: 'en|fr',
    description: { en: 'Language of messages (default from LANG)', fr: 'Langue des messages (par défaut selon LANG)' },
  },
  yes: { type: 'boolean', short: 'y', description: { en: 'Answer yes to confirmations', fr: 'Répondre oui aux confirmations' } },
  help: { type: 'boolean', short: 'h', description: { en: 'Show help', fr: "Afficher l'aide" } },
};
