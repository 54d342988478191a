/**
 * POST /api/command: the description's request and answer. The server proposes and validates; it never
 * runs a command - in supervised mode the client runs them in its own sandbox after confirmation.
 */
import type { FastifyInstance } from 'fastify';
import { planAtLeast, planOf } from '../../services/billing/plans.js';
import { checkAnomaly } from '../../services/ledger/anomaly.js';
import { lruCache, meteredAnswer } from '../../services/ledger/metered-answer.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { COMMAND_BODY, COMMAND_RESPONSE, errors } from '../schemas.js';

const ANOMALY_EVERY_MS = 5 * 60_000;

/** Registers /api/command. */
export function commandRoutes(app: FastifyInstance, ctx: ServerContext, auth: ReturnType<typeof import('../plugins/auth.js').authPreHandler>): void {
  const lastCheck = new Map<string, number>();
  // Same question, same offline answer: answered once per instance (each request is still debited).
  const cache = lruCache(2000);
  app.post<{ Body: { user_input: string; execution_mode: 'dry_run' | 'supervised'; language?: 'en' | 'fr' } }>(
    '/api/command',
    {
      preHandler: auth,
      schema: {
        summary: 'Answer a DevOps request with an explanation and validated commands (never executed by the server)',
        tags: ['command'],
        security: [{ bearer: [] }],
        body: COMMAND_BODY,
        response: { 200: COMMAND_RESPONSE, ...errors(400, 401, 402, 403, 413, 429, 504) },
      },
    },
    async (req) => {
      if (req.body.execution_mode === 'supervised') {
        const row = await ctx.db.db.selectFrom('accounts').select('plan').where('id', '=', req.accountId).executeTakeFirst();
        if (!planAtLeast(row?.plan ?? 'free', 'pro')) throw new ApiError(403, 'plan_required', `supervised execution mode needs the Pro plan or above (this account is on ${planOf(row?.plan ?? 'free').name}); use dry_run, or: cloudya subscribe --plan pro --payment-method pm_...`);
      }
      // The deadline's timer is made only when an answer must be computed (a cached one needs none).
      let timeout: AbortSignal | undefined;
      const { answer, verdicts, usage, quotaAlert } = await meteredAnswer(ctx.db.db, ctx.engine, ctx.config, {
        accountId: req.accountId,
        userInput: req.body.user_input,
        mode: req.body.execution_mode,
        lang: req.body.language ?? 'en',
        deadline: () => (timeout ??= AbortSignal.timeout(ctx.options.answerTimeoutMs)),
      }, cache).catch((err: unknown) => {
        if (timeout?.aborted) throw new ApiError(504, 'answer_timeout', 'the assistant did not answer in time; nothing was debited');
        throw err;
      });
      // The anomaly check reads the last week of the ledger: at most every few minutes per account and instance.
      const now = Date.now();
      if (now - (lastCheck.get(req.accountId) ?? 0) > ANOMALY_EVERY_MS) {
        if (lastCheck.size > 100_000) lastCheck.clear();
        lastCheck.set(req.accountId, now);
        checkAnomaly(ctx.db.db, req.accountId, now).catch((err: Error) => req.log.warn({ err: err.message }, 'anomaly check failed'));
      }
      const supervised = req.body.execution_mode === 'supervised';
      const commands = answer.commands.map((c, i) => ({ command: c.command, description: c.description, verdict: verdicts[i].verdict, reasons: verdicts[i].reasons }));
      const runnable = commands.filter((c) => c.verdict !== 'deny').length;
      return {
        action: commands[0]?.command ?? '',
        explanation: answer.explanation,
        commands,
        risks: answer.risks,
        sources: answer.sources,
        output: supervised
          ? `Not executed by the server: ${runnable} of ${commands.length} command(s) may be run by the client in its sandbox after confirmation.`
          : `Dry run: ${commands.length} command(s) proposed, nothing executed.`,
        execution_status: supervised ? 'awaiting_confirmation' : 'dry_run',
        engine: ctx.engine.name,
        token_usage: usage,
        ...(quotaAlert ? { quota_alert: quotaAlert } : {}),
      };
    },
  );
}
