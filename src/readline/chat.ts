/**
 * The plain readline chat (`cloudya chat --no-graphics`, or any non-terminal stdin): no Ink.
 * On a terminal: a prompt with line history, streamed answers, Ctrl+C interrupts an answer and a
 * second Ctrl+C exits. With piped stdin: answers each line and exits at end of input, so it scripts.
 */
import type { Config } from '../core/config.js';
import { createInterface } from 'node:readline';
import { CloudyaError, ExitCode, isAbortError } from '../core/errors.js';
import { defineMessages, type Lang } from '../core/i18n.js';
import type { Io, OutputMode } from '../core/output.js';
import { visible } from '../core/printable.js';
import { redact } from '../core/redact.js';
import type { ChatSession } from '../services/ai/session.js';
import type { Answer } from '../services/ai/types.js';
import { verdictsFor, type CommandVerdict } from '../services/ai/verdicts.js';
import { formatAnswer } from './answer.js';

const m = defineMessages({
  en: {
    welcome: 'Cloudya chat - engine {engine}. Ask a DevOps question; "quit" to leave, "clear" to start over, /help for more.',
    resumed: 'Resumed conversation {id} ({count} messages).',
    cleared: 'Conversation cleared (the previous one stays saved).',
    interrupted: '(answer interrupted)',
    pressAgain: '(press Ctrl+C again to exit, or type quit)',
    saved: 'Saved to {file}',
    engine: 'Engine: {engine}',
    help: 'Commands: quit | exit | q - leave · clear - new conversation · /engine [offline|openai] - show or switch engine · /save - save now · /help',
    error: 'error',
    hint: 'hint',
    notText: 'warning: skipped input that is not text (binary data); such lines are not sent to the assistant',
    auditLost: 'warning: the audit log did not record this answer\'s validations: {reason}',
  },
  fr: {
    welcome: "Chat Cloudya - moteur {engine}. Posez une question DevOps ; « quit » pour sortir, « clear » pour repartir de zéro, /help pour plus.",
    resumed: 'Conversation {id} reprise ({count} messages).',
    cleared: 'Conversation effacée (la précédente reste enregistrée).',
    interrupted: '(réponse interrompue)',
    pressAgain: '(Ctrl+C encore une fois pour sortir, ou tapez quit)',
    saved: 'Enregistrée dans {file}',
    engine: 'Moteur : {engine}',
    help: 'Commandes : quit | exit | q - sortir · clear - nouvelle conversation · /engine [offline|openai] - afficher ou changer de moteur · /save - enregistrer · /help',
    error: 'erreur',
    hint: 'conseil',
    notText: "attention : entrée qui n'est pas du texte ignorée (données binaires) ; ces lignes ne sont pas envoyées à l'assistant",
    auditLost: "attention : le journal d'audit n'a pas enregistré les validations de cette réponse : {reason}",
  },
});

export interface ReadlineChatOptions {
  io: Io;
  session: ChatSession;
  lang: Lang;
  output: OutputMode;
  color: boolean;
  /** Aborted by SIGINT/SIGTERM when stdin is not a terminal. */
  signal: AbortSignal;
  resumed?: boolean;
  /** The configuration (its safety policy decides the verdicts shown). */
  config?: Config;
  /** Environment (locates the audit log where shown verdicts are recorded). */
  env?: NodeJS.ProcessEnv;
  /** --yes: confirmations are answered yes. */
  yes?: boolean;
  /** How to ask yes/no when stdin is not a terminal (the command context's confirm). */
  confirm?: (r: { message: string }) => Promise<boolean>;
  /** Called after each answer (e.g. to run its commands with -e), with a confirm that fits this chat. */
  afterAnswer?: (answer: Answer, verdicts: Array<CommandVerdict | undefined>, confirm: (r: { message: string }) => Promise<boolean>) => Promise<void>;
}

/**
 * Whether an input line is text someone could have typed: binary data piped in (a NUL byte, or mostly
 * control characters, or more than a few bytes that are not UTF-8 and decode to U+FFFD) is not a question.
 */
export function looksLikeText(line: string): boolean {
  if (line.includes('\u0000')) return false;
  const length = [...line].length;
  const invalid = line.match(/\ufffd/gu)?.length ?? 0;
  const bad = invalid + (line.match(/[\u0001-\u0008\u000b-\u001f\u007f-\u009f]/gu)?.length ?? 0);
  // Typed text may carry a stray escape sequence or an accent in another encoding, not much more.
  return invalid / length <= 0.1 && bad / length <= 0.3;
}

const QUIT = new Set(['quit', 'exit', 'q', '/quit', '/exit', '/q']);

/** Runs the chat until quit, EOF or a second Ctrl+C; returns the exit code. */
export async function runReadlineChat(opts: ReadlineChatOptions): Promise<number> {
  const { io, session } = opts;
  const tty = !!io.stdin.isTTY;
  const json = opts.output === 'json';
  const width = Math.min(100, (io.stdout as { columns?: number }).columns ?? 80);
  let failures = 0;
  let warnedNotText = false;
  let current: AbortController | undefined;
  // On a terminal the chat's own readline asks (a second interface on the same stdin would steal lines).
  const terminal: { ask?: (message: string) => Promise<string> } = {};
  const confirm = async (r: { message: string }): Promise<boolean> => {
    if (opts.yes) return true;
    if (terminal.ask) {
      const a = (await terminal.ask(`${r.message} ${opts.lang === 'fr' ? '[o/N]' : '[y/N]'} `)).trim().toLowerCase();
      return ['y', 'yes', 'o', 'oui'].includes(a);
    }
    if (opts.confirm) return opts.confirm(r);
    return false;
  };

  const info = (text: string) => {
    // Informational lines go to stderr when stdout is a data stream (pipe or JSON).
    (tty && !json ? io.stdout : io.stderr).write(`${text}\n`);
  };
  const printError = (err: unknown) => {
    failures++;
    const e = err instanceof CloudyaError ? err : new CloudyaError(err instanceof Error ? err.message : String(err));
    io.stderr.write(`cloudya: ${m('error')}: ${redact(e.message)}\n`);
    if (e.hint) io.stderr.write(`${m('hint')}: ${redact(e.hint)}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ error: { code: e.code, message: redact(e.message), ...(e.hint ? { hint: redact(e.hint) } : {}) } })}\n`);
  };

  async function answer(question: string): Promise<void> {
    current = new AbortController();
    const onOuterAbort = () => current?.abort();
    opts.signal.addEventListener('abort', onOuterAbort, { once: true });
    const t0 = performance.now();
    // Stream raw text live only on a terminal and for a real model; offline answers are instant and print rendered.
    const live = tty && !json && session.engine.name !== 'offline';
    let streamed = false;
    try {
      let result: Answer | undefined;
      for await (const event of session.ask(question, current.signal)) {
        if (event.type === 'token' && live) {
          io.stdout.write(event.text);
          streamed = true;
        } else if (event.type === 'progress' && live) io.stderr.write(`\u001b[2m${event.message}\u001b[22m\n`);
        else if (event.type === 'error') throw event.error;
        else if (event.type === 'done') result = event.answer;
      }
      if (current.signal.aborted || !result) {
        if (streamed) io.stdout.write('\n');
        info(m('interrupted'));
        return;
      }
      const timing = performance.now() - t0;
      // The reasons speak the answer's language, like the labels formatAnswer prints around them.
      const verdicts = await verdictsFor(
        result.commands.map((c) => c.command),
        opts.config,
        { source: 'chat', env: opts.env ?? opts.session.env, warn: (reason) => io.stderr.write(`${m('auditLost', { reason })}\n`) },
        result.lang,
      );
      if (json) {
        io.stdout.write(
          `${JSON.stringify({
            question,
            engine: session.engine.name,
            conversation: session.conversation.id,
            ...result,
            commands: result.commands.map((c, i) => ({ ...c, ...(verdicts[i] ? { verdict: verdicts[i]!.verdict, reasons: verdicts[i]!.reasons } : {}) })),
            timing_ms: Math.round(timing * 10) / 10,
          })}\n`,
        );
      } else {
        if (streamed) io.stdout.write('\n\n');
        io.stdout.write(`${formatAnswer(result, { width, color: opts.color, verdicts, skipExplanation: streamed, engine: session.engine.name, timingMs: timing, wrap: tty })}\n\n`);
      }
      await opts.afterAnswer?.(result, verdicts, confirm);
    } catch (err) {
      if (streamed) io.stdout.write('\n');
      if (isAbortError(err) || current.signal.aborted) info(m('interrupted'));
      else printError(err);
    } finally {
      opts.signal.removeEventListener('abort', onOuterAbort);
      current = undefined;
    }
  }

  /** Handles one input line; returns false to stop. */
  async function handle(line: string): Promise<boolean> {
    const input = line.trim();
    if (!input) return true;
    if (!looksLikeText(input)) {
      // One warning for the whole input, not one per line of a binary file.
      if (!warnedNotText) io.stderr.write(`cloudya: ${m('notText')}\n`);
      warnedNotText = true;
      return true;
    }
    const lower = input.toLowerCase();
    if (QUIT.has(lower)) return false;
    if (lower === 'clear' || lower === '/clear') {
      session.clear();
      if (tty && !json) io.stdout.write('\u001b[2J\u001b[H');
      info(m('cleared'));
      return true;
    }
    if (lower === '/help' || lower === 'help') {
      info(m('help'));
      return true;
    }
    if (lower === '/save') {
      info(m('saved', { file: await session.save() }));
      return true;
    }
    if (lower.startsWith('/engine')) {
      const name = input.split(/\s+/)[1];
      try {
        if (name) session.setEngine(name);
        info(m('engine', { engine: session.engine.name }));
      } catch (err) {
        printError(err);
      }
      return true;
    }
    // The interface is not paused while answering: Ctrl+C must still reach it to interrupt.
    await answer(input);
    return true;
  }

  if (!tty) {
    if (opts.resumed) info(m('resumed', { id: visible(session.conversation.id), count: session.conversation.messages.length }));
    const rl = createInterface({ input: io.stdin, terminal: false, crlfDelay: Infinity });
    // Ctrl+C must end the chat even while stdin stays open with no new line (tail -f | cloudya chat).
    const stop = () => rl.close();
    opts.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const line of rl) {
        if (opts.signal.aborted) break;
        if (!(await handle(line))) break;
      }
    } finally {
      opts.signal.removeEventListener('abort', stop);
      rl.close();
    }
    if (opts.signal.aborted) return ExitCode.INTERRUPTED;
    return failures ? ExitCode.FAILURE : ExitCode.OK;
  }

  // Interactive terminal.
  info(m('welcome', { engine: session.engine.name }));
  if (opts.resumed) info(m('resumed', { id: visible(session.conversation.id), count: session.conversation.messages.length }));
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: true,
    // Recalled questions are redrawn on the terminal: their control characters are shown, not obeyed.
    history: session.conversation.messages.filter((x) => x.role === 'user').map((x) => visible(x.content)).reverse(),
  });
  rl.setPrompt('cloudya> ');
  terminal.ask = (message) => new Promise<string>((resolve) => rl.question(message, resolve));
  return new Promise<number>((resolve) => {
    let armed = false;
    let busy = false;
    const finish = () => {
      rl.close();
    };
    rl.on('close', () => resolve(ExitCode.OK));
    rl.on('SIGINT', () => {
      if (current) {
        current.abort();
        armed = true;
        return;
      }
      if (armed) return finish();
      armed = true;
      io.stdout.write(`\n${m('pressAgain')}\n`);
      rl.prompt();
    });
    rl.on('line', (line) => {
      if (busy) return;
      armed = false;
      busy = true;
      void handle(line).then((go) => {
        busy = false;
        if (!go) return finish();
        rl.prompt();
      });
    });
    rl.prompt();
  });
}
