/**
 * Execution mode of the chat screen (`cloudya chat -e`): after an answer, its commands run one by
 * one through the sandbox service, which validates, refuses a deny, asks for a confirm, runs
 * sandboxed and audits. The service asks; this hook answers from the screen's dialog (ARCHITECTURE #2).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import stripAnsi from 'strip-ansi';
import type { RunView } from '../../components/RunLog.js';
import type { Config } from '../../src/core/config.js';
import { CloudyaError, InterruptedError } from '../../src/core/errors.js';
import { defineMessages } from '../../src/core/i18n.js';
import { redact } from '../../src/core/redact.js';
import { failureNote, outcomeNotes, placeholderNote, type OutcomeNote } from '../../src/readline/execute.js';
import type { ProposedCommand } from '../../src/services/ai/types.js';
import type { CommandVerdict } from '../../src/services/ai/verdicts.js';
import type { ExecutionRequest, ExecutionResult } from '../../src/services/sandbox/types.js';

const m = defineMessages({
  en: {
    interrupted: '  stopped: interrupted (Ctrl+C)',
    assumedYes: '  confirmed by --yes ({reasons})',
    notRun: '{count} remaining command(s) not run.',
  },
  fr: {
    interrupted: '  arrêtée : interrompue (Ctrl+C)',
    assumedYes: '  confirmée par --yes ({reasons})',
    notRun: '{count} commande(s) restante(s) non exécutée(s).',
  },
});

/** The sandbox service's entry point (a fake in tests). */
export type ExecuteCommand = (req: ExecutionRequest) => Promise<ExecutionResult>;

/** A command being run, or run: what the screen shows. */
export interface RunEntry extends RunView {
  startedAt: number;
}

/** A confirmation the sandbox service is waiting for. */
export interface PendingConfirm {
  n: number;
  command: string;
  reasons: string[];
}

export interface ChatExecutionOptions {
  enabled: boolean;
  /** `--yes`: every confirmation is answered yes (and says so in the log). */
  assumeYes?: boolean;
  env: NodeJS.ProcessEnv;
  executeCommand?: ExecuteCommand;
  /** The configuration whose safety policy and sandbox limits apply. */
  config: () => Config | undefined;
  /** Adds a finished run (or a note) to the conversation. */
  onFinished: (entry: RunEntry) => void;
  onNotice: (text: string) => void;
}

/** Output lines kept while a command runs, and in the conversation once it ended. */
const KEEP_LIVE = 200;
const KEEP_DONE = 12;

async function defaultExecute(req: ExecutionRequest): Promise<ExecutionResult> {
  const { executeCommand } = await import('../../src/services/sandbox/index.js');
  return executeCommand(req);
}

async function loadConfigFor(env: NodeJS.ProcessEnv): Promise<Config> {
  const { loadConfig } = await import('../../src/core/config.js');
  return loadConfig({ env });
}

/** Adds a chunk of output to an entry: complete lines join `output`, the last unfinished one stays last. */
function appendOutput(entry: RunEntry, partial: { text: string }, chunk: string): void {
  // A carriage return (progress bars) rewrites its line: keep only what follows it.
  const text = partial.text + stripAnsi(chunk).replace(/\r\n/g, '\n');
  const parts = text.split('\n').map((line) => line.slice(line.lastIndexOf('\r') + 1).replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''));
  partial.text = parts.pop() ?? '';
  entry.output.push(...parts);
  if (entry.output.length > KEEP_LIVE) {
    const drop = entry.output.length - KEEP_LIVE;
    entry.output.splice(0, drop);
    entry.hiddenLines += drop;
  }
}

/** The execution state and actions of the chat screen. */
export function useChatExecution(options: ChatExecutionOptions) {
  const { enabled, assumeYes, env, executeCommand, config, onFinished, onNotice } = options;
  const [current, setCurrent] = useState<RunEntry | undefined>(undefined);
  const [pending, setPending] = useState<PendingConfirm | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const answerRef = useRef<{ resolve: (yes: boolean) => void; reject: (err: Error) => void } | undefined>(undefined);

  /** Resolves the confirmation on screen from the user's key. */
  const answer = useCallback((yes: boolean) => {
    const waiting = answerRef.current;
    answerRef.current = undefined;
    setPending(undefined);
    waiting?.resolve(yes);
  }, []);

  /** Stops the running command (or the awaited confirmation) and the rest of the list; true when something was running. */
  const cancel = useCallback((): boolean => {
    const ctrl = controller.current;
    if (!ctrl || ctrl.signal.aborted) return false;
    ctrl.abort();
    const waiting = answerRef.current;
    answerRef.current = undefined;
    setPending(undefined);
    waiting?.reject(new InterruptedError());
    return true;
  }, []);

  /** True while a confirmation waits for the user's key (live, not a render's snapshot). */
  const isAwaitingAnswer = useCallback(() => !!answerRef.current, []);

  /** True while commands run or wait for a confirmation. */
  const isRunning = useCallback(() => !!controller.current, []);

  // Leaving the screen stops what runs: nothing keeps running unseen.
  useEffect(() => () => void cancel(), [cancel]);

  /** Runs an answer's commands in order; resolves when all are done, skipped or stopped. */
  const run = useCallback(
    async (commands: ProposedCommand[], verdicts: Array<CommandVerdict | undefined> | undefined) => {
      if (!enabled || !commands.length || controller.current) return;
      const ctrl = new AbortController();
      controller.current = ctrl;
      const execute = executeCommand ?? defaultExecute;
      let conf: Config | undefined;
      try {
        for (const [i, proposed] of commands.entries()) {
          if (ctrl.signal.aborted) {
            onNotice(m('notRun', { count: commands.length - i }));
            break;
          }
          const entry: RunEntry = { n: i + 1, command: proposed.command, output: [], hiddenLines: 0, notes: [], startedAt: Date.now() };
          const partial = { text: '' };
          const before: OutcomeNote[] = [];
          const finish = (notes: OutcomeNote[]) => {
            notes = [...before, ...notes];
            if (partial.text) entry.output.push(partial.text);
            const kept = entry.output.slice(-KEEP_DONE);
            onFinished({ ...entry, output: kept, hiddenLines: entry.hiddenLines + entry.output.length - kept.length, notes });
          };
          const skipped = placeholderNote(proposed.command);
          if (skipped) {
            finish([skipped]);
            continue;
          }
          // Output arrives in many small chunks: redraw at most every 50 ms.
          let timer: NodeJS.Timeout | undefined;
          const show = () => {
            timer = undefined;
            setCurrent({ ...entry, output: partial.text ? [...entry.output, partial.text] : [...entry.output] });
          };
          show();
          try {
            conf ??= config() ?? (await loadConfigFor(env));
            const result = await execute({
              command: proposed.command,
              source: 'chat',
              config: conf,
              env,
              signal: ctrl.signal,
              confirm: ({ message }) =>
                new Promise<boolean>((resolve, reject) => {
                  if (ctrl.signal.aborted) return reject(new InterruptedError());
                  const reasons = verdicts?.[i]?.reasons.map((r) => r.message) ?? [];
                  if (assumeYes) {
                    before.push({ text: m('assumedYes', { reasons: reasons.length ? reasons.join('; ') : message }), tone: 'dim' });
                    return resolve(true);
                  }
                  answerRef.current = { resolve, reject };
                  setPending({ n: i + 1, command: proposed.command, reasons: reasons.length ? reasons : [message] });
                }),
              onOutput: (chunk) => {
                appendOutput(entry, partial, chunk);
                timer ??= setTimeout(show, 50);
              },
            });
            finish(outcomeNotes(result));
          } catch (err) {
            if (ctrl.signal.aborted || err instanceof InterruptedError) finish([{ text: m('interrupted'), tone: 'warn' }]);
            else {
              const hint = err instanceof CloudyaError && err.hint ? [{ text: `  ${redact(err.hint)}`, tone: 'dim' as const }] : [];
              finish([failureNote((err as Error).message), ...hint]);
            }
            // The same cause (no sandbox backend, Ctrl+C) would stop every following command too.
            if (i + 1 < commands.length) onNotice(m('notRun', { count: commands.length - i - 1 }));
            break;
          } finally {
            if (timer) clearTimeout(timer);
            setCurrent(undefined);
          }
        }
      } finally {
        if (controller.current === ctrl) controller.current = undefined;
        answerRef.current = undefined;
        setPending(undefined);
        setCurrent(undefined);
      }
    },
    [enabled, assumeYes, env, executeCommand, config, onFinished, onNotice],
  );

  return { enabled, current, pending, run, answer, cancel, isRunning, isAwaitingAnswer };
}
