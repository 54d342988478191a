/** The assistant service: pick an engine from the configuration and run it. */
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { createOfflineEngine } from './offline.js';
import type { OpenAiEngineOptions } from './openai.js';
import type { ServerEngineOptions } from './server.js';
import type { Answer, AskRequest, Engine, EngineEvent } from './types.js';

export type { Answer, AskRequest, ChatMessage, Engine, EngineEvent, ProposedCommand, TokenUsage } from './types.js';
export { answerOffline, createOfflineEngine } from './offline.js';

/** Engine names a user can pick (`--engine`, ai.engine, /engine); "server" asks the Cloudya API (api_url). */
export const ENGINE_NAMES = ['offline', 'openai', 'server'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

const m = defineMessages({
  en: { unknownEngine: 'unknown engine "{name}"', engines: 'engines: {names}' },
  fr: { unknownEngine: 'moteur inconnu « {name} »', engines: 'moteurs : {names}' },
});

/** The part of Config the engines read (the real Config satisfies it; tests can pass a literal). */
export interface EngineConfig {
  get(key: string): unknown;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * An engine whose module loads with its first question: the offline answer (`ask --output json`, the usual case)
 * does not pay for loading the model and server clients (~10 modules, ~15 ms of a 350 ms start).
 */
function loadedOnFirstAsk(name: string, load: () => Promise<Engine>): Engine {
  let engine: Promise<Engine> | undefined;
  return {
    name,
    async *ask(request: AskRequest): AsyncIterable<EngineEvent> {
      engine ??= load();
      yield* (await engine).ask(request);
    },
  };
}

/** Creates the engine named (or the configured ai.engine). Nothing is loaded or contacted yet. */
export function createEngine(config: EngineConfig, name?: string): Engine {
  const chosen = name ?? String(config.get('ai.engine') ?? 'offline');
  switch (chosen) {
    case 'offline':
      return createOfflineEngine({ env: config.env });
    case 'openai': {
      const opts: OpenAiEngineOptions = {
        baseUrl: String(config.get('ai.base_url')),
        model: String(config.get('ai.model')),
        apiKeyEnv: String(config.get('ai.api_key_env') || 'OPENAI_API_KEY'),
        timeoutSeconds: Number(config.get('ai.timeout_seconds') ?? 60),
        env: config.env,
      };
      return loadedOnFirstAsk('openai', async () => (await import('./openai.js')).createOpenAiEngine(opts));
    }
    case 'server': {
      const opts: ServerEngineOptions = { apiUrl: config.get('api_url') as string | undefined, env: config.env, timeoutSeconds: Number(config.get('ai.timeout_seconds') ?? 60) };
      return loadedOnFirstAsk('server', async () => (await import('./server.js')).createServerEngine(opts));
    }
    default:
      throw new UsageError(m('unknownEngine', { name: chosen }), { hint: m('engines', { names: ENGINE_NAMES.join(', ') }), code: 'unknown_engine' });
  }
}

/** Runs an engine to the end and returns its answer (tokens go to onToken, progress to onProgress). */
export async function collectAnswer(
  engine: Engine,
  request: AskRequest,
  hooks: { onToken?: (text: string) => void; onProgress?: (message: string) => void } = {},
): Promise<Answer | undefined> {
  for await (const event of engine.ask(request)) {
    if (event.type === 'token') hooks.onToken?.(event.text);
    else if (event.type === 'progress') hooks.onProgress?.(event.message);
    else if (event.type === 'error') throw event.error;
    else if (event.type === 'done') return event.answer;
  }
  return undefined;
}
