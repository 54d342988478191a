/** Checks one raw YAML entry against the knowledge schema and returns the typed entry or what is wrong. */
import { defineMessages } from '../../core/i18n.js';
import type { Bilingual, KnowledgeCommand, KnowledgeEntry } from './types.js';

const m = defineMessages({
  en: {
    notObject: 'an entry must be a mapping (id, title, questions, ...)',
    missing: 'missing field "{field}"',
    badId: 'id "{id}" must be kebab-case (lowercase letters, digits and dashes)',
    notText: '"{field}" must be a non-empty text',
    notList: '"{field}" must be a list of texts',
    emptyList: '"{field}" must not be empty',
    needLangs: '"{field}" needs both "en" and "fr"',
    badCommand: 'commands[{index}] needs "command" (text) and "description" (en/fr)',
    badDoc: 'docs[{index}] must be an http(s) URL',
  },
  fr: {
    notObject: 'une entrée doit être un dictionnaire (id, title, questions, ...)',
    missing: 'champ « {field} » manquant',
    badId: "l'id « {id} » doit être en kebab-case (minuscules, chiffres et tirets)",
    notText: '« {field} » doit être un texte non vide',
    notList: '« {field} » doit être une liste de textes',
    emptyList: '« {field} » ne doit pas être vide',
    needLangs: '« {field} » doit avoir « en » et « fr »',
    badCommand: 'commands[{index}] doit avoir « command » (texte) et « description » (en/fr)',
    badDoc: 'docs[{index}] doit être une URL http(s)',
  },
});

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function textList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.map(text);
  return out.every((s): s is string => s !== undefined) ? out : undefined;
}

function bilingual<T>(raw: Raw, field: string, read: (v: unknown) => T | undefined, errors: string[], listField: boolean): Bilingual<T> | undefined {
  const v = raw[field];
  if (v === undefined) {
    errors.push(m('missing', { field }));
    return undefined;
  }
  if (!isObject(v) || v.en === undefined || v.fr === undefined) {
    errors.push(m('needLangs', { field }));
    return undefined;
  }
  const en = read(v.en);
  const fr = read(v.fr);
  for (const [lang, value] of [['en', en], ['fr', fr]] as const) {
    if (value === undefined) errors.push(m(listField ? 'notList' : 'notText', { field: `${field}.${lang}` }));
    else if (Array.isArray(value) && value.length === 0) errors.push(m('emptyList', { field: `${field}.${lang}` }));
  }
  return en !== undefined && fr !== undefined ? { en, fr } : undefined;
}

/** Validates one entry; `errors` is empty when the entry is usable. */
export function validateEntry(raw: unknown, domain: string): { entry?: Omit<KnowledgeEntry, 'source'>; errors: string[] } {
  const errors: string[] = [];
  if (!isObject(raw)) return { errors: [m('notObject')] };
  const id = text(raw.id);
  if (!id) errors.push(m('missing', { field: 'id' }));
  else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) errors.push(m('badId', { id }));
  const title = bilingual(raw, 'title', text, errors, false);
  const questions = bilingual(raw, 'questions', textList, errors, true);
  const keywords = bilingual(raw, 'keywords', textList, errors, true);
  const explanation = bilingual(raw, 'explanation', text, errors, false);
  const risks = bilingual(raw, 'risks', textList, errors, true);
  const commands: KnowledgeCommand[] = [];
  if (raw.commands === undefined) errors.push(m('missing', { field: 'commands' }));
  else if (!Array.isArray(raw.commands)) errors.push(m('notList', { field: 'commands' }));
  else {
    raw.commands.forEach((c, index) => {
      const command = isObject(c) ? text(c.command) : undefined;
      const d = isObject(c) && isObject(c.description) ? c.description : undefined;
      const en = d ? text(d.en) : undefined;
      const fr = d ? text(d.fr) : undefined;
      if (!command || !en || !fr) errors.push(m('badCommand', { index }));
      else commands.push({ command: command.trim(), description: { en, fr } });
    });
  }
  const docs = raw.docs === undefined ? [] : textList(raw.docs);
  if (!docs) errors.push(m('notList', { field: 'docs' }));
  else docs.forEach((d, index) => {
    if (!/^https?:\/\/\S+$/.test(d)) errors.push(m('badDoc', { index }));
  });
  if (errors.length || !id || !title || !questions || !keywords || !explanation || !risks || !docs) return { errors };
  return { entry: { id, domain, title, questions, keywords, explanation, commands, risks, docs }, errors };
}
