/**
 * One chat: the conversation, the engine answering it, and its saved history. Shared by the TUI
 * chat screen and the readline chat so both behave the same (same engines, same files).
 */
import type { Lang } from '../../core/i18n.js';
import { newConversation, saveConversation, toChatMessages, type Conversation } from './history.js';
import type { Answer, Engine, EngineEvent } from './types.js';

export interface ChatSessionOptions {
  env: NodeJS.ProcessEnv;
  lang: Lang;
  /** The user chose the language (--lang): answers stay in it whatever the question's language. */
  langFixed?: boolean;
  /** Builds an engine by name (createEngine bound to a config, or a fake in tests). */
  engineFactory: (name?: string) => Engine;
  engineName?: string;
  /** A resumed conversation. */
  conversation?: Conversation;
  /** Save after every answer (default true). */
  autosave?: boolean;
}

/** A chat session: ask() streams the engine's events and records the exchange. */
export class ChatSession {
  engine: Engine;
  conversation: Conversation;
  private readonly opts: ChatSessionOptions;

  constructor(opts: ChatSessionOptions) {
    this.opts = opts;
    this.engine = opts.engineFactory(opts.engineName ?? opts.conversation?.engine);
    this.conversation = opts.conversation ?? newConversation(this.engine.name, opts.lang);
  }

  /** The environment this session was opened with (locates history and the audit log). */
  get env(): NodeJS.ProcessEnv {
    return this.opts.env;
  }

  /** Switches engine for the next questions (throws on an unknown name). */
  setEngine(name: string): void {
    this.engine = this.opts.engineFactory(name);
    this.conversation.engine = this.engine.name;
  }

  /** Starts a new, empty conversation (the previous one stays saved). */
  clear(): void {
    this.conversation = newConversation(this.engine.name, this.opts.lang);
  }

  /** Saves now; returns the file. */
  save(): Promise<string> {
    return saveConversation(this.opts.env, this.conversation);
  }

  /** Asks a question in context; the exchange is recorded (and saved) when the answer completes. */
  async *ask(question: string, signal?: AbortSignal, context?: string): AsyncIterable<EngineEvent> {
    const at = new Date().toISOString();
    const messages = [...toChatMessages(this.conversation), { role: 'user' as const, content: question }];
    let answer: Answer | undefined;
    for await (const event of this.engine.ask({ messages, lang: this.opts.lang, langFixed: this.opts.langFixed, signal, context })) {
      if (event.type === 'done') answer = event.answer;
      yield event;
    }
    if (!answer || signal?.aborted) return;
    this.conversation.messages.push({ role: 'user', content: question, at }, { role: 'assistant', content: answer.explanation, answer, at: new Date().toISOString() });
    if (this.opts.autosave !== false) await this.save();
  }
}
