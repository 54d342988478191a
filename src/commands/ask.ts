import { defineCommand } from '../core/command.js';
import { defineMessages, detectLang, getLang, setLang } from '../core/i18n.js';

const m = defineMessages({
  en: {
    empty: 'the question is empty',
    emptyHint: 'cloudya ask "create a secure S3 bucket"',
    auditLost: 'warning: the audit log did not record this answer\'s validations: {reason}',
  },
  fr: {
    empty: 'la question est vide',
    emptyHint: 'cloudya ask "créer un bucket S3 sécurisé"',
    auditLost: "attention : le journal d'audit n'a pas enregistré les validations de cette réponse : {reason}",
  },
});

export default defineCommand({
  summary: { en: 'Ask the assistant a DevOps question (explanation + exact commands)', fr: "Poser une question DevOps à l'assistant (explication + commandes exactes)" },
  args: 'QUESTION',
  minArgs: 1,
  options: {
    engine: {
      type: 'string',
      choices: ['offline', 'openai', 'server'],
      valueName: 'ENGINE',
      description: { en: 'Engine to use (default: ai.engine, "offline")', fr: 'Moteur à utiliser (par défaut : ai.engine, « offline »)' },
    },
    execute: {
      type: 'boolean',
      short: 'e',
      description: { en: 'Offer to run the proposed commands (sandboxed, after their safety check)', fr: 'Proposer de lancer les commandes (en bac à sable, après leur contrôle de sécurité)' },
    },
  },
  examples: [
    'cloudya ask "create a secure S3 bucket"',
    'cloudya ask "comment configurer un HPA sur Kubernetes ?" --lang fr',
    'cloudya ask --engine openai "why is my pod in CrashLoopBackOff?"',
    'cloudya ask "terraform S3 backend" --output json',
  ],
  notes: {
    en: 'The offline engine answers from the bundled knowledge base (plus ~/.cloudya/knowledge/*.yaml) and says so when it does not know; `cloudya ask <topic-id>` shows one topic. For open questions use any OpenAI-compatible server (OpenAI, Ollama at http://localhost:11434/v1, vLLM...): cloudya configure set ai.engine openai, ai.base_url and ai.model (ai.api_key_env for a remote server). Each proposed command shows its safety verdict.',
    fr: "Le moteur offline répond depuis la base de connaissances fournie (plus ~/.cloudya/knowledge/*.yaml) et le dit quand il ne sait pas ; `cloudya ask <id-du-sujet>` affiche un sujet. Pour les questions ouvertes, utilisez n'importe quel serveur compatible OpenAI (OpenAI, Ollama sur http://localhost:11434/v1, vLLM...) : cloudya configure set ai.engine openai, ai.base_url et ai.model (ai.api_key_env pour un serveur distant). Chaque commande proposée affiche son verdict de sécurité.",
  },
  async run(ctx) {
    const { UsageError, InterruptedError } = await import('../core/errors.js');
    const question = ctx.args.join(' ').trim();
    if (!question) throw new UsageError(m('empty'), { hint: m('emptyHint'), code: 'empty_question' });
    // The sandbox is loaded only when commands are to be run.
    const executor = ctx.options.execute ? await (await import('../readline/execute.js')).loadExecutor() : undefined;

    const config = ctx.config();
    const { createEngine, collectAnswer } = await import('../services/ai/index.js');
    const { verdictsFor } = await import('../services/ai/verdicts.js');
    const { openKnowledge } = await import('../services/knowledge/index.js');
    const { problemLines } = await import('../readline/problems.js');
    const { style } = await import('../core/style.js');
    const engine = createEngine(config, ctx.options.engine as string | undefined);
    const t0 = performance.now();
    for (const line of problemLines(openKnowledge(ctx.env).base.problems)) ctx.io.stderr.write(`${line}\n`);
    // While a model writes, a one-line ticker on a terminal's stderr shows the text arriving; the
    // rendered answer replaces it at the end (stdout stays clean for pipes and --output json).
    const stderr = ctx.io.stderr as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
    const ticker = engine.name !== 'offline' && ctx.global.output === 'text' && !!stderr.isTTY;
    let streamed = '';
    const clearTicker = () => ticker && streamed && stderr.write('\r\u001b[2K');
    let answer;
    try {
      answer = await collectAnswer(
        engine,
        // --lang (a language other than the environment's) fixes the answer's language; otherwise the question's words choose it.
        { messages: [{ role: 'user', content: question }], lang: ctx.global.lang, langFixed: ctx.global.langGiven ?? ctx.global.lang !== detectLang(ctx.env), signal: ctx.signal },
        {
          onProgress: (msg) => engine.name !== 'offline' && ctx.progress(msg),
          onToken: (text) => {
            if (!ticker) return;
            streamed += text;
            const room = Math.max(10, (stderr.columns ?? 80) - 2);
            const tail = streamed.replace(/\s+/g, ' ').slice(-room);
            // Dim through style(): NO_COLOR/--no-color keep only the line-clearing control.
            stderr.write(`\r\u001b[2K${style().dim(tail)}`);
          },
        },
      );
    } finally {
      clearTicker();
    }
    if (ctx.signal.aborted || !answer) throw new InterruptedError();
    const timing = performance.now() - t0;
    // Labels, safety reasons and any later message speak the answer's language (a French question under an English LANG).
    if (answer.lang && answer.lang !== getLang()) setLang(answer.lang);
    // Verdicts of knowledge-base commands are remembered on disk: the next question proposing them needs no
    // shell grammar (~0.1 s). Only those: a model's command may carry a value the user typed, never kept in a file.
    // The offline answer's commands are those of the entries it shows: reading only these keeps the other entries' texts on disk.
    const shown = new Set(answer.entries ?? []);
    const kbCommands = engine.name === 'offline' ? new Set(openKnowledge(ctx.env).base.entries.flatMap((e) => (shown.has(e.id) ? e.commands.map((c) => c.command) : []))) : undefined;
    const { userPaths } = await import('../core/paths.js');
    const cacheFile = kbCommands && answer.commands.every((c) => kbCommands.has(c.command)) ? `${userPaths(ctx.env).home}/cache/verdicts.json` : undefined;
    const verdicts = await verdictsFor(answer.commands.map((c) => c.command), config, { source: 'ask', env: ctx.env, warn: (reason) => ctx.io.stderr.write(`${m('auditLost', { reason })}\n`) }, undefined, { cacheFile });
    const data = {
      question,
      engine: engine.name,
      ...answer,
      commands: answer.commands.map((c, i) => ({ ...c, ...(verdicts[i] ? { verdict: verdicts[i]!.verdict, reasons: verdicts[i]!.reasons } : {}) })),
      timing_ms: Math.round(timing * 10) / 10,
    };
    // JSON gets the data alone: the markdown renderer (marked-terminal, highlight.js) costs ~0.2 s to load.
    const text =
      ctx.global.output === 'json'
        ? undefined
        : (await import('../readline/answer.js')).formatAnswer(answer, {
            width: Math.min(100, (ctx.io.stdout as { columns?: number }).columns ?? 80),
            color: ctx.global.color,
            verdicts,
            engine: engine.name,
            timingMs: timing,
            wrap: !!ctx.io.stdout.isTTY,
          });
    if (!executor) return { data, text };
    if (text !== undefined) ctx.io.stdout.write(`${text}\n\n`);
    const results = await executor.runProposed(ctx, answer.commands, verdicts, 'ask');
    if (ctx.signal.aborted) throw new InterruptedError();
    const failed = results.some((r) => (r.ran && r.exit_code !== 0) || r.reason === 'error');
    return { data: { ...data, executed: results }, exitCode: failed ? 1 : 0 };
  },
});
