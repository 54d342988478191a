/**
 * The OpenAI-compatible engine (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, llama.cpp):
 * streams tokens, asks for the structured answer through a JSON schema (and parses prose or fenced
 * JSON from models that ignore it), grounds the model with the top knowledge entries, reports usage.
 */
import { debug } from '../../core/log.js';
import { openKnowledge, type Knowledge } from '../knowledge/index.js';
import { questionLang } from './language.js';
import { followUpTopic, lastUserMessage } from './conversation.js';
import { incompleteError, mapApiError, noKeyError, timeoutError, type ApiErrorContext } from './errors.js';
import { ExplanationStream, parseAnswer } from './parse.js';
import { ANSWER_SCHEMA, groundingNotes, systemPrompt } from './prompt.js';
import type { AskRequest, ChatMessage, Engine, EngineEvent, TokenUsage } from './types.js';

export interface OpenAiEngineOptions {
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the key (the key itself is read here and kept here). */
  apiKeyEnv: string;
  timeoutSeconds: number;
  env?: NodeJS.ProcessEnv;
  /** Grounding source; loaded lazily when absent. Pass null to disable grounding. */
  knowledge?: Knowledge | null;
  /** How many knowledge entries are given to the model. */
  groundingEntries?: number;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || host.startsWith('127.');
  } catch {
    return false;
  }
}

/** Messages of the conversation sent with each question (the latest ones). */
const MAX_TURNS = 20;

/** Creates the engine (nothing is contacted until ask()). */
export function createOpenAiEngine(opts: OpenAiEngineOptions): Engine {
  const env = opts.env ?? process.env;
  return {
    name: 'openai',
    async *ask(request: AskRequest): AsyncIterable<EngineEvent> {
      const key = env[opts.apiKeyEnv];
      // Local servers (Ollama, LM Studio, llama.cpp) need no key; remote ones do.
      if (!key && !isLoopback(opts.baseUrl)) throw noKeyError(opts.apiKeyEnv);
      const errCtx: ApiErrorContext = { baseUrl: opts.baseUrl, model: opts.model, keyEnv: opts.apiKeyEnv, timeoutSeconds: opts.timeoutSeconds, key };
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({
        apiKey: key || 'no-key-needed',
        baseURL: opts.baseUrl,
        timeout: opts.timeoutSeconds * 1000,
        // One retry on 429/5xx/connection errors, as the SDK does (honouring Retry-After).
        maxRetries: 1,
        // The SDK prints its own diagnostics (raw stream chunks) to the console: errors are ours to say, once.
        logLevel: 'off',
      });

      const question = lastUserMessage(request.messages);
      const lang = questionLang(question, request.lang);
      const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt(lang) }];
      const knowledge = opts.knowledge === undefined ? openKnowledge(env) : opts.knowledge;
      if (knowledge) {
        // A machine-written subject (a finding's title) names the topic better than the wording around it.
        const query = request.subject?.trim() ? request.subject : `${question} ${request.context ?? ''}`;
        // A follow-up ("and how do I delete it?") is grounded on the topic it refers to, as offline answers are.
        const earlier = request.subject?.trim() ? undefined : followUpTopic(request.messages);
        const hits = knowledge.index.search(query, opts.groundingEntries ?? 3, earlier ? { carry: { text: earlier, share: 0.5 } } : {}).hits;
        const notes = groundingNotes(hits, lang);
        if (notes) messages.push({ role: 'system', content: notes });
      }
      if (request.context) messages.push({ role: 'system', content: `Context from the user's system (evidence):\n${request.context}` });
      // The recent turns only: a long chat must not outgrow the model's context window.
      messages.push(...request.messages.filter((msg) => msg.role !== 'system').slice(-MAX_TURNS));

      yield { type: 'progress', message: `${opts.model} @ ${new URL(opts.baseUrl).host}` };

      // Idle timeout: the stream may be long, but silence for timeout_seconds means a stuck server.
      const controller = new AbortController();
      const onAbort = () => controller.abort(request.signal?.reason);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, opts.timeoutSeconds * 1000);
      };

      let structured = true;
      // Whether the model had started answering, and whether it said it was done (finish_reason):
      // silence or a closed connection in between leaves a cut-off answer, never a complete one.
      let started = false;
      let finished = false;
      let usage: TokenUsage | undefined;
      const stream = new ExplanationStream();
      try {
        for (let attempt = 0; ; attempt++) {
          arm();
          try {
            const response = await client.chat.completions.create(
              {
                model: opts.model,
                messages,
                stream: true,
                stream_options: { include_usage: true },
                ...(structured ? { response_format: { type: 'json_schema' as const, json_schema: { name: 'cloudya_answer', strict: true, schema: ANSWER_SCHEMA as unknown as Record<string, unknown> } } } : {}),
              },
              { signal: controller.signal },
            );
            for await (const chunk of response) {
              if (request.signal?.aborted) return;
              arm();
              const text = chunk.choices?.[0]?.delta?.content;
              if (chunk.choices?.[0]?.finish_reason) finished = true;
              if (text) {
                started = true;
                const visible = stream.push(text);
                if (visible) yield { type: 'token', text: visible };
              }
              if (chunk.usage) {
                usage = { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens, total_tokens: chunk.usage.total_tokens };
              }
            }
            break;
          } catch (err) {
            const status = (err as { status?: number }).status;
            const message = (err as Error).message ?? '';
            // Servers without structured outputs reject response_format: ask again in plain mode once.
            if (structured && attempt === 0 && (status === 400 || status === 422) && /response_format|json_schema|structured/i.test(message)) {
              debug('model rejected response_format; retrying without it');
              structured = false;
              continue;
            }
            throw err;
          }
        }
      } catch (err) {
        if (timedOut) throw started ? incompleteError(errCtx, 'stalled') : timeoutError(errCtx);
        if (request.signal?.aborted) return;
        throw mapApiError(err, errCtx);
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
      }
      // The SDK may end the stream quietly on abort: an interrupted answer is not an answer.
      if (request.signal?.aborted) return;
      if (timedOut) throw started ? incompleteError(errCtx, 'stalled') : timeoutError(errCtx);
      if (!finished) throw incompleteError(errCtx, 'closed');
      let answer = parseAnswer(stream.text);
      // A JSON reply cut short (max tokens) does not parse: keep the explanation it had, not raw JSON.
      if (stream.isJson && answer.explanation === stream.text.trim() && stream.visibleText.trim()) {
        answer = { ...parseAnswer(stream.visibleText), explanation: stream.visibleText.trim() };
      }
      yield { type: 'done', answer: { ...answer, ...(usage ? { usage } : {}), model: opts.model } };
    },
  };
}
