/**
 * The `server` engine: the question goes to the Cloudya API (/api/command, dry run), which answers
 * with its own engine and debits the account's tokens. The answer's usage and the remaining balance
 * come back with it; commands are validated again here, with the user's own policy, before anything runs.
 */
import { ApiClient } from '../accounts/client.js';
import { lastUserMessage } from './conversation.js';
import type { Answer, AskRequest, Engine, EngineEvent, QuotaAlertInfo } from './types.js';

export interface ServerEngineOptions {
  apiUrl?: string;
  env: NodeJS.ProcessEnv;
  timeoutSeconds: number;
}

interface CommandAnswer {
  explanation: string;
  commands: Array<{ command: string; description?: string }>;
  risks?: string[];
  sources?: string[];
  engine?: string;
  token_usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; remaining_balance: number };
  /** Sent by servers with quota alerts, only on the answer that reached a threshold. */
  quota_alert?: QuotaAlertInfo;
}

/** Creates the engine (nothing is contacted until ask()). */
export function createServerEngine(opts: ServerEngineOptions): Engine {
  return {
    name: 'server',
    async *ask(request: AskRequest): AsyncIterable<EngineEvent> {
      const client = new ApiClient({ apiUrl: opts.apiUrl, env: opts.env, timeoutMs: opts.timeoutSeconds * 1000 });
      yield { type: 'progress', message: `Cloudya API @ ${new URL(client.url).host}` };
      let reply: CommandAnswer;
      try {
        reply = await client.request<CommandAnswer>(
          'POST',
          '/api/command',
          { user_input: lastUserMessage(request.messages).slice(0, 4000), execution_mode: 'dry_run', language: request.lang },
          { signal: request.signal },
        );
      } catch (err) {
        if (request.signal?.aborted) return;
        throw err;
      }
      const u = reply.token_usage;
      yield { type: 'progress', message: `${u.total_tokens} tokens used, ${u.remaining_balance} left` };
      const alert = reply.quota_alert;
      const answer: Answer = {
        explanation: reply.explanation,
        commands: reply.commands.map((c) => ({ command: c.command, description: c.description ?? '' })),
        risks: reply.risks ?? [],
        sources: reply.sources ?? [],
        usage: { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.total_tokens },
        ...(reply.engine ? { model: reply.engine } : {}),
        // Every front end shows these: the balance in the answer's footer, the alert as one line under it.
        remaining_balance: u.remaining_balance,
        ...(alert && Number.isFinite(alert.percent) ? { quota_alert: { percent: alert.percent, used: alert.used, allowance: alert.allowance } } : {}),
      };
      yield { type: 'done', answer };
    },
  };
}
