/**
 * Loads knowledge/*.yaml (bundled) and ~/.cloudya/knowledge/*.yaml (the user's own entries).
 * A malformed file or entry is reported with its file and line, and everything else still loads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { defineMessages } from '../../core/i18n.js';
import { validateEntry } from './schema.js';
import type { KnowledgeBase, KnowledgeEntry, KnowledgeProblem } from './types.js';

const m = defineMessages({
  en: {
    unreadable: 'cannot read the file: {reason}',
    syntax: 'YAML syntax error: {reason}',
    shape: 'the file must be a mapping with "domain" and a list "entries"',
    duplicate: 'duplicate id "{id}" (first defined in {where}); this one is skipped',
  },
  fr: {
    unreadable: 'fichier illisible : {reason}',
    syntax: 'erreur de syntaxe YAML : {reason}',
    shape: 'le fichier doit être un dictionnaire avec « domain » et une liste « entries »',
    duplicate: 'id « {id} » en double (déjà défini dans {where}) ; celle-ci est ignorée',
  },
});

/** 1-based line of each item of the top-level `entries:` list, in order. */
export function entryLines(source: string): number[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => /^entries\s*:/.test(l));
  if (start === -1) return [];
  const out: number[] = [];
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i];
    if (/^\S/.test(l) && !l.startsWith('-') && !l.startsWith('#')) break; // next top-level key
    const match = /^(\s*)-(\s|$)/.exec(l);
    if (!match) continue;
    if (indent === undefined) indent = match[1].length;
    if (match[1].length === indent) out.push(i + 1);
  }
  return out;
}

/** Parses one knowledge file; entries that fail the schema become problems. */
export function parseKnowledgeFile(file: string, source: string): { entries: KnowledgeEntry[]; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  let doc: unknown;
  try {
    doc = yaml.load(source, { filename: file });
  } catch (err) {
    const e = err as { mark?: { line: number }; reason?: string; message: string };
    return { entries: [], problems: [{ file, line: e.mark ? e.mark.line + 1 : undefined, message: m('syntax', { reason: e.reason ?? e.message }) }] };
  }
  const obj = doc as { domain?: unknown; entries?: unknown } | null;
  if (!obj || typeof obj !== 'object' || !Array.isArray(obj.entries)) {
    return { entries: [], problems: [{ file, line: 1, message: m('shape') }] };
  }
  const domain = typeof obj.domain === 'string' && obj.domain ? obj.domain : path.basename(file, path.extname(file));
  const lines = entryLines(source);
  const entries: KnowledgeEntry[] = [];
  obj.entries.forEach((raw, i) => {
    const line = lines[i] ?? 1;
    const { entry, errors } = validateEntry(raw, domain);
    if (entry) entries.push({ ...entry, source: { file, line } });
    else {
      const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? `${(raw as { id: string }).id}: ` : '';
      problems.push({ file, line, message: `${id}${errors.join('; ')}` });
    }
  });
  return { entries, problems };
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Loads every *.yaml of the given folders in order. Within one folder a duplicate id is a problem;
 * a later folder (the user's) overrides an earlier one's entry with the same id on purpose.
 */
export function loadKnowledge(dirs: string[]): KnowledgeBase {
  const byId = new Map<string, KnowledgeEntry>();
  const problems: KnowledgeProblem[] = [];
  const files: string[] = [];
  dirs.forEach((dir, dirIndex) => {
    const seenHere = new Map<string, KnowledgeEntry>();
    for (const file of yamlFiles(dir)) {
      files.push(file);
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch (err) {
        problems.push({ file, message: m('unreadable', { reason: (err as Error).message }) });
        continue;
      }
      const parsed = parseKnowledgeFile(file, source);
      problems.push(...parsed.problems);
      for (const entry of parsed.entries) {
        const first = seenHere.get(entry.id);
        if (first) {
          problems.push({ file, line: entry.source.line, message: m('duplicate', { id: entry.id, where: `${first.source.file}:${first.source.line}` }) });
          continue;
        }
        seenHere.set(entry.id, entry);
        // Later folders override: delete first so the user's entry keeps its own position at the end.
        if (dirIndex > 0) byId.delete(entry.id);
        byId.set(entry.id, entry);
      }
    }
  });
  return { entries: [...byId.values()], problems, files };
}
