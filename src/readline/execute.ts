/**
 * Running proposed commands (`ask -e`, `chat -e`) through the sandbox service, which validates,
 * asks for confirmation when the verdict says so, runs sandboxed and audits. Deny never runs;
 * commands with placeholders (<bucket-name>) are not run: they need the user's values first.
 */
import { Chalk } from 'chalk';
import type { CommandContext } from '../core/command.js';
import { CloudyaError } from '../core/errors.js';
import { defineMessages } from '../core/i18n.js';
import { redact } from '../core/redact.js';
import type { ProposedCommand } from '../services/ai/types.js';
import { placeholdersIn, type CommandVerdict } from '../services/ai/verdicts.js';

const m = defineMessages({
  en: {
    running: '▶ {n}. {command}',
    placeholders: '  skipped: fill in {holes} first, then run it with: cloudya exec \'...\'',
    denied: '  not run: blocked by the safety check ({reason})',
    declined: '  not run: you declined',
    done: '  exit {code} ({backend}, {ms} ms)',
    killed: '  stopped: {why} limit reached',
    failed: '  could not run: {message}',
    noTty: 'confirmation needed ({reasons}), but there is no terminal to ask on',
  },
  fr: {
    running: '▶ {n}. {command}',
    placeholders: "  ignorée : renseignez d'abord {holes}, puis lancez-la avec : cloudya exec '...'",
    denied: '  non exécutée : bloquée par le contrôle de sécurité ({reason})',
    declined: '  non exécutée : vous avez refusé',
    done: '  code de sortie {code} ({backend}, {ms} ms)',
    killed: '  arrêtée : limite {why} atteinte',
    failed: "  impossible de l'exécuter : {message}",
    noTty: 'confirmation nécessaire ({reasons}), mais aucun terminal pour la demander',
  },
});

/** One line saying what became of a proposed command, and how it should look (shared with the chat screen). */
export interface OutcomeNote {
  text: string;
  tone: 'dim' | 'ok' | 'warn' | 'error';
}

/** What the sandbox service reports about one command (the fields the notes need). */
export interface OutcomeLike {
  executed: boolean;
  backend: string | null;
  exitCode: number | null;
  durationMs: number;
  killedBy?: string;
  reasons: Array<{ message: string }>;
  notRunReason?: string;
  /** One-line explanations (sudo needs the host, a read-only work dir, an isolated process view). */
  notices?: string[];
}

/** The note for a command skipped because it still holds placeholders such as <bucket-name>. */
export function placeholderNote(command: string): OutcomeNote | undefined {
  const holes = placeholdersIn(command);
  return holes.length ? { text: m('placeholders', { holes: [...new Set(holes)].join(' ') }), tone: 'dim' } : undefined;
}

/** The notes for a command the sandbox service handled: refused, declined, or its exit (and the limit that killed it). */
export function outcomeNotes(r: OutcomeLike): OutcomeNote[] {
  if (!r.executed && r.notRunReason === 'needs-host') return (r.notices ?? []).map((text) => ({ text: `  ${text}`, tone: 'warn' }));
  if (!r.executed) {
    return [{ text: r.notRunReason === 'denied' ? m('denied', { reason: r.reasons.map((x) => x.message).join('; ') }) : m('declined'), tone: 'warn' }];
  }
  const notes: OutcomeNote[] = (r.notices ?? []).map((text) => ({ text: `  ${text}`, tone: 'dim' }));
  if (r.killedBy) notes.push({ text: m('killed', { why: r.killedBy }), tone: 'error' });
  notes.push({ text: m('done', { code: String(r.exitCode), backend: r.backend ?? '-', ms: r.durationMs }), tone: r.exitCode === 0 ? 'ok' : 'error' });
  return notes;
}

/** The note for a command that could not be run at all (no sandbox backend, a failure). */
export function failureNote(message: string): OutcomeNote {
  return { text: m('failed', { message: redact(message) }), tone: 'error' };
}

export interface ExecutionSummary {
  command: string;
  verdict?: string;
  ran: boolean;
  exit_code: number | null;
  backend?: string | null;
  /** Why it did not run: placeholders, denied, declined, error. */
  reason?: string;
  error?: string;
}

export type ExecContext = Pick<CommandContext, 'confirm' | 'io' | 'signal' | 'config' | 'global' | 'env'>;

export interface Executor {
  /** Runs each command in order: deny never runs, confirm asks once, allow runs. */
  runProposed(
    ctx: ExecContext,
    commands: ProposedCommand[],
    verdicts: Array<CommandVerdict | undefined>,
    source: 'ask' | 'chat',
    confirm?: (r: { message: string }) => Promise<boolean>,
  ): Promise<ExecutionSummary[]>;
}

/** The executor of proposed commands (over the sandbox service). */
export async function loadExecutor(): Promise<Executor> {
  // Loaded here, not at the top: the chat screen imports this module's notes at start-up, and the
  // sandbox (with execa) is only needed once a command is run.
  const { executeCommand } = await import('../services/sandbox/index.js');
  return {
    async runProposed(ctx, commands, _verdicts, source, confirm) {
      // Command output is what the user asked to see; in JSON mode it goes to stderr to keep stdout one document.
      const out = ctx.global.output === 'json' ? ctx.io.stderr : ctx.io.stdout;
      const c = new Chalk({ level: ctx.global.color ? 1 : 0 });
      const say = (text: string) => out.write(`${text}\n`);
      const paint = (note: OutcomeNote) => ({ dim: c.dim, ok: c.green, warn: c.yellow, error: c.red })[note.tone](note.text);
      const results: ExecutionSummary[] = [];
      for (const [i, cmd] of commands.entries()) {
        if (ctx.signal.aborted) break;
        say(c.bold(m('running', { n: i + 1, command: cmd.command })));
        const skipped = placeholderNote(cmd.command);
        if (skipped) {
          say(paint(skipped));
          results.push({ command: cmd.command, ran: false, exit_code: null, reason: 'placeholders' });
          continue;
        }
        try {
          const r = await executeCommand({
            command: cmd.command,
            source,
            config: ctx.config(),
            env: ctx.env,
            signal: ctx.signal,
            confirm: confirm ?? (async (q) => {
              try {
                return await ctx.confirm({ message: q.message });
              } catch (err) {
                // Without a terminal, say why the command needed confirming.
                if (err instanceof CloudyaError && err.code === 'confirmation_required' && q.reasons) {
                  throw new CloudyaError(m('noTty', { reasons: q.reasons }), { hint: err.hint, code: err.code, exitCode: err.exitCode });
                }
                throw err;
              }
            }),
            onOutput: (chunk) => out.write(chunk),
          });
          for (const note of outcomeNotes(r)) say(paint(note));
          results.push({ command: cmd.command, verdict: r.verdict, ran: r.executed, exit_code: r.exitCode, backend: r.backend, ...(r.notRunReason ? { reason: r.notRunReason } : {}) });
        } catch (err) {
          const message = redact((err as Error).message);
          say(paint(failureNote(message)));
          results.push({ command: cmd.command, ran: false, exit_code: null, reason: 'error', error: message });
          // The same cause (no sandbox backend, interruption) would stop every following command too.
          break;
        }
      }
      return results;
    },
  };
}
