import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    idNeedsResume: 'a conversation ID is only accepted with --resume',
    idHint: 'cloudya chat --resume {id}',
    listHeader: 'ID                      UPDATED               MSGS  FIRST QUESTION',
    noHistory: 'No saved conversation yet.',
    unreadable: 'skipped an unreadable conversation file (left unchanged): {file}',
  },
  fr: {
    idNeedsResume: "un ID de conversation n'est accepté qu'avec --resume",
    idHint: 'cloudya chat --resume {id}',
    listHeader: 'ID                      MISE À JOUR           MSGS  PREMIÈRE QUESTION',
    noHistory: 'Aucune conversation enregistrée pour le moment.',
    unreadable: 'fichier de conversation illisible ignoré (laissé tel quel) : {file}',
  },
});

export default defineCommand({
  summary: { en: 'Chat with the assistant (full-screen, or plain with --no-graphics)', fr: "Discuter avec l'assistant (plein écran, ou simple avec --no-graphics)" },
  args: '[ID]',
  maxArgs: 1,
  options: {
    'no-graphics': { type: 'boolean', description: { en: 'Plain readline chat (no full-screen interface)', fr: 'Chat simple en ligne de commande (sans interface plein écran)' } },
    resume: { type: 'boolean', description: { en: 'Resume the latest conversation, or the one given as ID', fr: "Reprendre la dernière conversation, ou celle donnée en ID" } },
    list: { type: 'boolean', description: { en: 'List saved conversations', fr: 'Lister les conversations enregistrées' } },
    engine: { type: 'string', choices: ['offline', 'openai', 'server'], valueName: 'ENGINE', description: { en: 'Engine to use (default: ai.engine)', fr: 'Moteur à utiliser (par défaut : ai.engine)' } },
    execute: { type: 'boolean', short: 'e', description: { en: 'Offer to run proposed commands (sandboxed, after their safety check)', fr: 'Proposer de lancer les commandes (en bac à sable, après leur contrôle de sécurité)' } },
  },
  examples: [
    'cloudya chat',
    'cloudya chat --no-graphics',
    'cloudya chat --resume',
    'cloudya chat --resume 20261125-143012-a1b2',
    'printf "create a secure s3 bucket\\nterraform s3 backend\\n" | cloudya chat --output json',
  ],
  notes: {
    en: 'Conversations are saved under ~/.cloudya/history/. In the plain chat: quit/exit/q leaves, clear starts over, Ctrl+C interrupts an answer (twice exits). With piped input, each line is a question and the chat ends at end of input.',
    fr: "Les conversations sont enregistrées dans ~/.cloudya/history/. Dans le chat simple : quit/exit/q pour sortir, clear pour repartir de zéro, Ctrl+C interrompt une réponse (deux fois pour sortir). Avec une entrée redirigée, chaque ligne est une question et le chat s'arrête à la fin de l'entrée.",
  },
  async run(ctx) {
    const { UsageError } = await import('../core/errors.js');
    const id = ctx.args[0];
    if (id && !ctx.options.resume) throw new UsageError(m('idNeedsResume'), { hint: m('idHint', { id }), code: 'usage' });
    const history = await import('../services/ai/history.js');
    if (ctx.options.list) {
      const { visible } = await import('../core/printable.js');
      const list = history.listConversations(ctx.env, (file) => ctx.io.stderr.write(`cloudya: ${m('unreadable', { file })}\n`));
      const text = list.length
        ? // Saved text is shown with its control characters made visible (an escape sequence must not drive the terminal); JSON keeps it exact.
          [m('listHeader'), ...list.map((c) => `${visible(String(c.id)).padEnd(23)} ${visible(String(c.updated).slice(0, 19).replace('T', ' ')).padEnd(21)} ${String(c.messages).padStart(4)}  ${visible(c.title)}`)].join('\n')
        : m('noHistory');
      return { data: list, text };
    }
    // The sandbox is loaded only when commands are to be run.
    const executor = ctx.options.execute ? await (await import('../readline/execute.js')).loadExecutor() : undefined;

    const config = ctx.config();
    const { createEngine } = await import('../services/ai/index.js');
    // A resumed conversation goes on with today's engine (--engine, else ai.engine), not the one it was
    // held with: that one may need a key or a server this session does not have.
    const engineName = (ctx.options.engine as string | undefined) ?? config.get<string>('ai.engine');
    const conversation = ctx.options.resume ? (id ? history.loadConversation(ctx.env, id) : history.latestConversation(ctx.env)) : undefined;
    const engineFactory = (name?: string) => createEngine(config, name ?? engineName);
    // Fail fast on a bad engine name before opening any interface.
    engineFactory(engineName);

    // A malformed knowledge file is reported (file:line) before the chat starts; the rest still loads.
    const { openKnowledge } = await import('../services/knowledge/index.js');
    const { problemLines } = await import('../readline/problems.js');
    const notices = problemLines(openKnowledge(ctx.env).base.problems);

    const graphics = !ctx.options['no-graphics'] && !!ctx.io.stdin.isTTY && !!ctx.io.stdout.isTTY && ctx.global.output === 'text';
    if (graphics) {
      const { startShell } = await import('../../screens/shell.js');
      const code = await startShell({ initialScreen: 'chat', env: ctx.env, services: { chat: { engineFactory, engineName, conversation, focusInput: true, config, notices, execute: !!executor, assumeYes: ctx.global.yes } } });
      return { exitCode: code };
    }
    for (const line of notices) ctx.io.stderr.write(`${line}\n`);
    const { ChatSession } = await import('../services/ai/session.js');
    const { runReadlineChat } = await import('../readline/chat.js');
    const session = new ChatSession({ env: ctx.env, lang: ctx.global.lang, langFixed: ctx.global.langGiven, engineFactory, engineName, conversation });
    const exitCode = await runReadlineChat({
      io: ctx.io,
      session,
      lang: ctx.global.lang,
      output: ctx.global.output,
      color: ctx.global.color,
      signal: ctx.signal,
      resumed: !!conversation,
      config,
      env: ctx.env,
      yes: ctx.global.yes,
      confirm: (r) => ctx.confirm(r),
      afterAnswer: executor
        ? async (answer, verdicts, confirm) => {
            await executor.runProposed(ctx, answer.commands, verdicts, 'chat', confirm);
          }
        : undefined,
    });
    return { exitCode };
  },
});
