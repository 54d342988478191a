/**
 * State of the chat screen: the conversation shown, the answer being streamed, the input history,
 * and the / commands. Owns one ChatSession (same service as the readline chat).
 */
import type { Config } from '../../src/core/config.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CloudyaError } from '../../src/core/errors.js';
import { defineMessages, getLang } from '../../src/core/i18n.js';
import { redact } from '../../src/core/redact.js';
import type { Conversation } from '../../src/services/ai/history.js';
import { ChatSession } from '../../src/services/ai/session.js';
import type { Answer, Engine } from '../../src/services/ai/types.js';
import { verdictsFor, type CommandVerdict } from '../../src/services/ai/verdicts.js';
import { useChatExecution, type ExecuteCommand, type RunEntry } from './useChatExecution.js';

const m = defineMessages({
  en: {
    help: 'Commands: /engine [offline|openai] show or switch the engine · /clear new conversation · /save save now · /help this help. Keys: Enter send · Up/Down input history · PgUp/PgDn scroll · Esc leave/enter the input · Ctrl+L clear · Ctrl+C stop an answer or a command · y/n run or skip a command that needs confirmation (chat -e).',
    engine: 'Engine: {engine}',
    saved: 'Saved to {file}',
    cleared: 'New conversation (the previous one stays saved).',
    unknownCommand: 'Unknown command {command}; try /help',
    interrupted: 'Answer interrupted.',
    resumed: 'Resumed conversation {id}.',
  },
  fr: {
    help: "Commandes : /engine [offline|openai] afficher ou changer de moteur · /clear nouvelle conversation · /save enregistrer · /help cette aide. Touches : Entrée envoyer · Haut/Bas historique · PgPréc/PgSuiv défiler · Échap quitter/reprendre la saisie · Ctrl+L effacer · Ctrl+C arrêter une réponse ou une commande · y/n lancer ou ignorer une commande à confirmer (chat -e).",
    engine: 'Moteur : {engine}',
    saved: 'Enregistrée dans {file}',
    cleared: 'Nouvelle conversation (la précédente reste enregistrée).',
    unknownCommand: 'Commande inconnue {command} ; essayez /help',
    interrupted: 'Réponse interrompue.',
    resumed: 'Conversation {id} reprise.',
  },
});

export type ChatItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; answer: Answer; verdicts?: Array<CommandVerdict | undefined>; engine: string; timingMs: number }
  | { kind: 'notice'; text: string }
  | { kind: 'error'; text: string; hint?: string }
  | { kind: 'run'; run: RunEntry };

/** What tests and `cloudya chat` inject through ShellServices.chat. */
export interface ChatServices {
  engineFactory?: (name?: string) => Engine;
  engineName?: string;
  conversation?: Conversation;
  /** Verdicts for commands (defaults to the safety service when present). */
  verdicts?: (commands: string[]) => Promise<Array<CommandVerdict | undefined>>;
  /** The configuration whose safety policy decides verdicts (when engineFactory is injected). */
  config?: Config;
  /** Focus the input on open (default true); false leaves q/?/1-4 to the shell until the user types. */
  focusInput?: boolean;
  /** Lines shown first (e.g. knowledge files that could not be loaded). */
  notices?: string[];
  /** Save conversations (default true; tests may turn it off). */
  autosave?: boolean;
  /** `chat -e`: run each answer's commands through the sandbox, confirming from a dialog. */
  execute?: boolean;
  /** `--yes` with `-e`: confirmations are answered yes without a dialog. */
  assumeYes?: boolean;
  /** The sandbox service's executeCommand (a fake in tests). */
  executeCommand?: ExecuteCommand;
}

export interface Streaming {
  text: string;
  startedAt: number;
}

async function defaultFactory(env: NodeJS.ProcessEnv): Promise<{ factory: (name?: string) => Engine; config: Config }> {
  const [{ loadConfig }, { createEngine }] = await Promise.all([import('../../src/core/config.js'), import('../../src/services/ai/index.js')]);
  const config = loadConfig({ env });
  return { factory: (name?: string) => createEngine(config, name), config };
}

function itemsOf(conversation: Conversation | undefined): ChatItem[] {
  if (!conversation) return [];
  const out: ChatItem[] = [];
  for (const msg of conversation.messages) {
    if (msg.role === 'user') out.push({ kind: 'user', text: msg.content });
    else out.push({ kind: 'assistant', answer: msg.answer ?? { explanation: msg.content, commands: [], risks: [], sources: [] }, engine: conversation.engine, timingMs: 0 });
  }
  out.push({ kind: 'notice', text: m('resumed', { id: conversation.id }) });
  return out;
}

// One shared default: a fresh `{}` per render would rebuild the callbacks and re-run the effects.
const NO_SERVICES: ChatServices = {};

/** The chat state and actions for ChatScreen. */
export function useChat(services: ChatServices = NO_SERVICES, env: NodeJS.ProcessEnv = process.env) {
  const session = useRef<ChatSession | undefined>(undefined);
  const config = useRef<Config | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const [items, setItems] = useState<ChatItem[]>(() => [...(services.notices ?? []).map((text): ChatItem => ({ kind: 'error', text })), ...itemsOf(services.conversation)]);
  const [streaming, setStreaming] = useState<Streaming | undefined>(undefined);
  const [engineName, setEngineName] = useState<string>(services.engineName ?? services.conversation?.engine ?? '');
  const [inputHistory, setInputHistory] = useState<string[]>(() => services.conversation?.messages.filter((x) => x.role === 'user').map((x) => x.content) ?? []);

  const push = useCallback((...more: ChatItem[]) => setItems((prev) => [...prev, ...more]), []);
  const fail = useCallback(
    (err: unknown) => {
      const e = err instanceof CloudyaError ? err : undefined;
      push({ kind: 'error', text: redact(err instanceof Error ? err.message : String(err)), hint: e?.hint ? redact(e.hint) : undefined });
    },
    [push],
  );

  const getSession = useCallback(async (): Promise<ChatSession> => {
    if (session.current) return session.current;
    let factory = services.engineFactory;
    if (!factory) {
      const made = await defaultFactory(env);
      factory = made.factory;
      config.current = made.config;
    }
    session.current = new ChatSession({ env, lang: getLang(), engineFactory: factory, engineName: services.engineName, conversation: services.conversation, autosave: services.autosave });
    setEngineName(session.current.engine.name);
    return session.current;
  }, [env, services]);

  const currentConfig = useCallback(() => config.current ?? services.config, [services.config]);
  const addRun = useCallback((run: RunEntry) => push({ kind: 'run', run }), [push]);
  const addNotice = useCallback((text: string) => push({ kind: 'notice', text }), [push]);
  const execution = useChatExecution({ enabled: !!services.execute, assumeYes: services.assumeYes, env, executeCommand: services.executeCommand, config: currentConfig, onFinished: addRun, onNotice: addNotice });

  // Create the session up front so the engine name shows; errors (bad config) appear in the list.
  useEffect(() => {
    getSession().catch(fail);
  }, [getSession, fail]);
  // Only leaving the screen stops the answer (not a re-run of the effect above).
  useEffect(() => () => controller.current?.abort(), []);

  /** Stops the streaming answer; true when there was one (Ctrl+C handling). */
  const cancelStreaming = useCallback((): boolean => {
    if (execution.cancel()) return true;
    if (!controller.current) return false;
    controller.current.abort();
    return true;
  }, [execution.cancel]);

  /** True while an answer is streaming (reads the live state, not a render's snapshot). */
  const isBusy = useCallback(() => !!controller.current, []);

  const clear = useCallback(() => {
    execution.cancel();
    controller.current?.abort();
    session.current?.clear();
    setItems([]);
  }, [execution.cancel]);

  const ask = useCallback(
    async (question: string) => {
      let s: ChatSession;
      try {
        s = await getSession();
      } catch (err) {
        fail(err);
        return;
      }
      const ctrl = new AbortController();
      controller.current = ctrl;
      const startedAt = Date.now();
      push({ kind: 'user', text: question });
      setStreaming({ text: '', startedAt });
      let text = '';
      let answer: Answer | undefined;
      try {
        for await (const event of s.ask(question, ctrl.signal)) {
          if (event.type === 'token') {
            text += event.text;
            setStreaming({ text, startedAt });
          } else if (event.type === 'error') throw event.error;
          else if (event.type === 'done') answer = event.answer;
        }
        if (ctrl.signal.aborted || !answer) {
          push({ kind: 'notice', text: m('interrupted') });
          return;
        }
        const done = answer;
        const timingMs = Date.now() - startedAt;
        const commands = done.commands.map((c) => c.command);
        const verdicts = await (services.verdicts ? services.verdicts(commands) : verdictsFor(commands, config.current ?? services.config, { source: 'chat', env }));
        push({ kind: 'assistant', answer: done, verdicts, engine: s.engine.name, timingMs });
        setStreaming(undefined);
        // chat -e: the input stays busy while the answer's commands run.
        await execution.run(done.commands, verdicts);
      } catch (err) {
        if (ctrl.signal.aborted) push({ kind: 'notice', text: m('interrupted') });
        else fail(err);
      } finally {
        if (controller.current === ctrl) controller.current = undefined;
        setStreaming(undefined);
      }
    },
    [getSession, push, fail, services.verdicts, execution.run],
  );

  /** Sends what the user typed: a / command or a question. */
  const submit = useCallback(
    async (raw: string) => {
      const input = raw.trim();
      if (!input || controller.current) return;
      setInputHistory((h) => (h[h.length - 1] === input ? h : [...h, input]));
      if (!input.startsWith('/')) return ask(input);
      const [command, arg] = input.split(/\s+/);
      switch (command.toLowerCase()) {
        case '/help':
          return push({ kind: 'notice', text: m('help') });
        case '/clear':
          clear();
          return push({ kind: 'notice', text: m('cleared') });
        case '/save':
          try {
            const s = await getSession();
            return push({ kind: 'notice', text: m('saved', { file: await s.save() }) });
          } catch (err) {
            return fail(err);
          }
        case '/engine':
          try {
            const s = await getSession();
            if (arg) s.setEngine(arg);
            setEngineName(s.engine.name);
            return push({ kind: 'notice', text: m('engine', { engine: s.engine.name }) });
          } catch (err) {
            return fail(err);
          }
        default:
          return push({ kind: 'error', text: m('unknownCommand', { command }) });
      }
    },
    [ask, clear, fail, getSession, push],
  );

  return { items, streaming, engineName, inputHistory, submit, clear, cancelStreaming, isBusy, execution };
}
