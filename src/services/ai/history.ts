/**
 * Saved conversations under ~/.cloudya/history/<id>.json (atomic writes), so a chat can be resumed
 * with `cloudya chat --resume [ID]`. A file that fails to parse is reported and left untouched.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudyaError } from '../../core/errors.js';
import { parseJsonWithLine, writeFileAtomically } from '../../core/files.js';
import { defineMessages, type Lang } from '../../core/i18n.js';
import { userPaths } from '../../core/paths.js';
import type { Answer, ChatMessage } from './types.js';

const m = defineMessages({
  en: {
    notFound: 'no saved conversation "{id}"',
    notFoundHint: 'list them with: cloudya chat --list',
    none: 'no saved conversation to resume yet',
    noneHint: 'start one with: cloudya chat',
    parse: 'cannot read this conversation: {reason}',
    parseHint: 'the file was left unchanged; move it away to ignore it',
  },
  fr: {
    notFound: 'aucune conversation enregistrée « {id} »',
    notFoundHint: 'listez-les avec : cloudya chat --list',
    none: 'aucune conversation à reprendre pour le moment',
    noneHint: 'commencez-en une avec : cloudya chat',
    parse: 'conversation illisible : {reason}',
    parseHint: "le fichier n'a pas été modifié ; déplacez-le pour l'ignorer",
  },
});

export interface SavedMessage {
  role: 'user' | 'assistant';
  content: string;
  /** The structured answer behind an assistant message. */
  answer?: Answer;
  at: string;
}

export interface Conversation {
  id: string;
  created: string;
  updated: string;
  engine: string;
  lang: Lang;
  messages: SavedMessage[];
}

export interface ConversationSummary {
  id: string;
  updated: string;
  title: string;
  messages: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A new, empty conversation (ids sort by time: 20261125-143012-a1b2). */
export function newConversation(engine: string, lang: Lang, now = new Date()): Conversation {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const id = `${stamp}-${Math.random().toString(16).slice(2, 6)}`;
  return { id, created: now.toISOString(), updated: now.toISOString(), engine, lang, messages: [] };
}

function fileOf(env: NodeJS.ProcessEnv, id: string): string {
  return path.join(userPaths(env).history, `${id}.json`);
}

/** Writes the conversation (only once it has messages); returns the file path. */
export async function saveConversation(env: NodeJS.ProcessEnv, conversation: Conversation): Promise<string> {
  const file = fileOf(env, conversation.id);
  conversation.updated = new Date().toISOString();
  await writeFileAtomically(file, `${JSON.stringify(conversation, null, 2)}\n`, 0o600);
  return file;
}

/** Reads one conversation by id. */
export function loadConversation(env: NodeJS.ProcessEnv, id: string): Conversation {
  if (!/^[\w.-]+$/.test(id)) throw new CloudyaError(m('notFound', { id }), { hint: m('notFoundHint'), code: 'history_not_found', exitCode: 2 });
  const file = fileOf(env, id);
  if (!existsSync(file)) throw new CloudyaError(m('notFound', { id }), { hint: m('notFoundHint'), code: 'history_not_found', exitCode: 2 });
  const text = readFileSync(file, 'utf8');
  try {
    const doc = parseJsonWithLine(text) as Conversation;
    if (!doc || !Array.isArray(doc.messages)) throw new SyntaxError('no "messages" list');
    return doc;
  } catch (err) {
    throw new CloudyaError(m('parse', { reason: (err as Error).message }), {
      where: { file, line: (err as { line?: number }).line },
      hint: m('parseHint'),
      code: 'history_parse',
    });
  }
}

/** Saved conversations, newest first; `onUnreadable` hears of each file it had to skip. */
export function listConversations(env: NodeJS.ProcessEnv, onUnreadable?: (file: string) => void): ConversationSummary[] {
  const dir = userPaths(env).history;
  if (!existsSync(dir)) return [];
  const out: ConversationSummary[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    try {
      const c = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Conversation;
      const first = c.messages.find((x) => x.role === 'user')?.content ?? '';
      out.push({ id: c.id, updated: c.updated, title: first.slice(0, 60), messages: c.messages.length });
    } catch {
      // An unreadable file is skipped in the list (and left alone); --resume ID reports it precisely.
      onUnreadable?.(path.join(dir, f));
    }
  }
  return out.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : b.id.localeCompare(a.id)));
}

/** The most recently updated conversation. */
export function latestConversation(env: NodeJS.ProcessEnv): Conversation {
  const latest = listConversations(env)[0];
  if (!latest) throw new CloudyaError(m('none'), { hint: m('noneHint'), code: 'history_empty', exitCode: 2 });
  return loadConversation(env, latest.id);
}

/** The conversation as engine messages (assistant turns carry their explanation and commands). */
export function toChatMessages(conversation: Conversation): ChatMessage[] {
  return conversation.messages.map((msg) => {
    if (msg.role === 'assistant' && msg.answer?.commands.length) {
      return { role: 'assistant', content: `${msg.content}\n\nCommands:\n${msg.answer.commands.map((c) => `- ${c.command}`).join('\n')}` };
    }
    return { role: msg.role, content: msg.content };
  });
}
