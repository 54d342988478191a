/**
 * The chat screen: a scrolling conversation (markdown answers, numbered highlighted commands with
 * their safety verdicts), the answer being streamed with a spinner and elapsed time, and an input
 * line with history. The frame is cut to exactly `height` rows.
 */
import { Chalk } from 'chalk';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { commandLines } from '../components/CodeBlock.js';
import { ConfirmDialog, confirmDialogHeight } from '../components/ConfirmDialog.js';
import { markdownLines, wrapLines } from '../components/Markdown.js';
import { RunStatus, runLines } from '../components/RunLog.js';
import { defineMessages } from '../src/core/i18n.js';
import { visible } from '../src/core/printable.js';
import { quotaAlertText, tokensLeftText } from '../src/services/billing/quota-words.js';
import { useChat, type ChatItem } from './hooks/useChat.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { useCancelHandler, useTextCapture } from './ShellContext.js';
import { typedEdits } from '../components/typedKeys.js';
import type { ScreenProps } from './types.js';

const m = defineMessages({
  en: {
    placeholder: 'Ask a DevOps question, or /help',
    empty: 'Ask anything about AWS, Kubernetes, Terraform, Docker, Ansible or Linux. Answers come with the exact commands and their safety verdict.',
    answering: 'answering',
    stop: 'Ctrl+C stops',
    risks: 'Risks',
    sources: 'Sources',
    engine: 'engine {engine}',
    more: '↑ {count} more lines (PgUp)',
    below: '↓ {count} lines below (PgDn)',
    blurred: 'type to ask (Enter or Esc: input)',
    confidence: 'confidence {value}',
    tokens: '{total} tokens',
  },
  fr: {
    placeholder: 'Posez une question DevOps, ou /help',
    empty: "Posez n'importe quelle question sur AWS, Kubernetes, Terraform, Docker, Ansible ou Linux. Les réponses donnent les commandes exactes et leur verdict de sécurité.",
    answering: 'réponse en cours',
    stop: 'Ctrl+C pour arrêter',
    risks: 'Risques',
    sources: 'Sources',
    engine: 'moteur {engine}',
    more: '↑ {count} lignes de plus (PgPréc)',
    below: '↓ {count} lignes plus bas (PgSuiv)',
    blurred: 'tapez pour poser une question (Entrée ou Échap : saisie)',
    confidence: 'confiance {value}',
    tokens: '{total} jetons',
  },
});

const c = new Chalk({ level: 1 });

/** The lines of one conversation item at a given width. */
export function itemLines(item: ChatItem, width: number): string[] {
  switch (item.kind) {
    case 'user':
      // A question may come from a saved conversation: its control characters are shown, never obeyed.
      return ['', ...wrapLines(`${c.cyan.bold('›')} ${c.bold(visible(item.text))}`, width)];
    case 'notice':
      return wrapLines(c.dim(item.text), width);
    case 'run':
      return ['', ...runLines(item.run, width, item.run.output.length)];
    case 'error':
      return [...wrapLines(c.red(`✘ ${item.text}`), width), ...(item.hint ? wrapLines(c.dim(`  ${item.hint}`), width) : [])];
    case 'assistant': {
      const a = item.answer;
      const out = ['', ...markdownLines(a.explanation, width)];
      if (a.commands.length) out.push('', ...commandLines(a.commands, item.verdicts, width));
      if (a.risks.length) out.push('', c.bold(`${m('risks')}:`), ...a.risks.flatMap((r) => wrapLines(`  ${c.yellow('!')} ${r}`, width)));
      if (a.sources.length) out.push(c.bold(`${m('sources')}:`), ...a.sources.flatMap((s) => wrapLines(`  ${c.blue(s)}`, width)));
      const footer = [item.engine + (a.model ? ` (${a.model})` : '')];
      if (a.confidence !== undefined) footer.push(m('confidence', { value: a.confidence.toFixed(2) }));
      if (a.usage) footer.push(m('tokens', { total: a.usage.total_tokens }));
      if (a.remaining_balance !== undefined) footer.push(tokensLeftText(a.remaining_balance));
      if (item.timingMs) footer.push(`${(item.timingMs / 1000).toFixed(1)}s`);
      out.push(c.dim(footer.join(' · ')));
      // Carried by the one answer whose debit reached the threshold: shown once, under that answer.
      if (a.quota_alert) out.push(...wrapLines(c.yellow(`! ${quotaAlertText(a.quota_alert)}`), width));
      return out;
    }
  }
}

function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(t);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, now - since);
}

/** The chat screen of the shell. */
export function ChatScreen({ active, width, height, services }: ScreenProps) {
  const chat = useChat(services.chat, services.env ?? process.env);
  // The input line lives in a ref so keys arriving faster than renders (typing, pastes) all land.
  const field = useRef({ value: '', cursor: 0, historyIndex: undefined as number | undefined });
  const [, rerender] = useState(0);
  const { value: input, cursor } = field.current;
  // The screen says "Ask a DevOps question": the input has focus on launch (`cloudya` and `cloudya chat`),
  // so q, ? and digits start a question; Tab still switches screens and Esc gives those keys back to the shell.
  const [inputFocused, setFocusState] = useState(services.chat?.focusInput ?? true);
  // Mirrored in a ref: keys typed faster than renders must see the latest focus.
  const focused = useRef(inputFocused);
  const setInputFocused = useCallback((value: boolean) => {
    focused.current = value;
    setFocusState(value);
  }, []);
  const [scroll, setScroll] = useState(0); // lines scrolled up from the bottom
  const innerWidth = Math.max(10, width - 2);

  useTextCapture('chat', active && inputFocused);
  useCancelHandler('chat', chat.cancelStreaming);

  // Rendered lines of finished items are computed once per item and width.
  const doneLines = useMemo(() => chat.items.flatMap((item) => itemLines(item, innerWidth)), [chat.items, innerWidth]);
  const streamLines = useMemo(() => (chat.streaming ? ['', ...markdownLines(chat.streaming.text || ' ', innerWidth)] : []), [chat.streaming, innerWidth]);
  // chat -e: a confirmation dialog above the status line, and the running command's last output lines.
  const { current: running, pending } = chat.execution;
  const dialog = pending ? { ...pending, width: innerWidth } : undefined;
  // Rows: list + dialog + status line + input line.
  const listHeight = Math.max(1, height - 2 - (dialog ? confirmDialogHeight(dialog) : 0));
  const runningLines = running ? ['', ...runLines(running, innerWidth, Math.max(1, listHeight - 4))] : [];
  const lines = doneLines.length || streamLines.length || runningLines.length ? [...doneLines, ...streamLines, ...runningLines] : wrapLines(c.dim(m('empty')), innerWidth);
  const elapsed = useElapsed(chat.streaming?.startedAt ?? running?.startedAt);

  const maxScroll = Math.max(0, lines.length - listHeight);
  const offset = Math.min(scroll, maxScroll);
  const end = lines.length - offset;
  const start = Math.max(0, end - listHeight);
  const visible = lines.slice(start, end);
  const page = Math.max(1, listHeight - 2);
  // Key handlers may run with an older render's closure: read the scroll bounds from a ref.
  const bounds = useRef({ maxScroll, page });
  bounds.current = { maxScroll, page };

  const edit = useCallback((value: string, at: number, historyIndex?: number) => {
    field.current = { value, cursor: Math.max(0, Math.min(value.length, at)), historyIndex };
    rerender((n) => n + 1);
  }, []);

  const send = useCallback(
    (value: string) => {
      edit('', 0);
      setScroll(0);
      void chat.submit(value);
    },
    [chat, edit],
  );

  /**
   * Applies typed keys to the input line. Keys arriving together come as one chunk ("text\r", a held
   * Backspace, a paste): each edit is applied; Enters only at the end send, line breaks inside a
   * paste become spaces.
   */
  const typed = (ch: string) => {
    const edits = typedEdits(ch);
    let trailing = edits.length;
    while (trailing > 0 && edits[trailing - 1].kind === 'enter') trailing--;
    const submitAfter = trailing < edits.length && edits.slice(0, trailing).every((e) => e.kind !== 'enter');
    const { value, cursor, historyIndex } = field.current;
    let next = value;
    let pos = cursor;
    for (const e of submitAfter ? edits.slice(0, trailing) : edits) {
      if (e.kind === 'backspace') {
        if (pos === 0) continue;
        next = next.slice(0, pos - 1) + next.slice(pos);
        pos -= 1;
      } else {
        const text = e.kind === 'text' ? e.text : ' ';
        next = next.slice(0, pos) + text + next.slice(pos);
        pos += text.length;
      }
    }
    if (submitAfter && !chat.isBusy()) send(next);
    else edit(next, pos, historyIndex);
  };

  useLatestInput(
    (ch, key) => {
      if (key.pageUp) return setScroll((s) => Math.min(bounds.current.maxScroll, Math.min(s, bounds.current.maxScroll) + bounds.current.page));
      if (key.pageDown) return setScroll((s) => Math.max(0, Math.min(s, bounds.current.maxScroll) - bounds.current.page));
      if (chat.execution.isAwaitingAnswer()) {
        // The confirmation dialog owns the keys: y runs, n, Enter or Esc skip (the safe default).
        if (ch === 'y' || ch === 'Y') chat.execution.answer(true);
        else if (ch === 'n' || ch === 'N' || key.return || key.escape) chat.execution.answer(false);
        return;
      }
      if (key.ctrl && ch === 'l') {
        chat.clear();
        setScroll(0);
        return;
      }
      if (key.escape) {
        // Esc brings focus back to the input; from an empty input it releases the keyboard to the shell (q, 1-4, ?).
        if (!focused.current) setInputFocused(true);
        else if (!field.current.value) setInputFocused(false);
        return;
      }
      if (!focused.current) {
        if (key.upArrow || ch === 'k') setScroll((s) => Math.min(bounds.current.maxScroll, s + 1));
        else if (key.downArrow || ch === 'j') setScroll((s) => Math.max(0, Math.min(s, bounds.current.maxScroll) - 1));
        else if (key.return || ch === 'i') setInputFocused(true);
        else if (ch && !key.ctrl && !key.meta && !key.tab && !/^[q?1-9]$/.test(ch)) {
          // Any other printable key starts a question (the shell keeps q, ? and the digits).
          setInputFocused(true);
          typed(ch);
        }
        return;
      }
      const h = chat.inputHistory;
      const { value, cursor: at, historyIndex } = field.current;
      if (key.upArrow && h.length) {
        const next = historyIndex === undefined ? h.length - 1 : Math.max(0, historyIndex - 1);
        edit(h[next], h[next].length, next);
      } else if (key.downArrow && historyIndex !== undefined) {
        const next = historyIndex + 1;
        if (next >= h.length) edit('', 0);
        else edit(h[next], h[next].length, next);
      } else if (key.return) {
        if (!chat.isBusy()) send(value);
      } else if (key.backspace || key.delete) {
        if (at > 0) edit(value.slice(0, at - 1) + value.slice(at), at - 1, historyIndex);
      } else if (key.leftArrow) edit(value, at - 1, historyIndex);
      else if (key.rightArrow) edit(value, at + 1, historyIndex);
      else if (key.ctrl && ch === 'a') edit(value, 0, historyIndex);
      else if (key.ctrl && ch === 'e') edit(value, value.length, historyIndex);
      else if (key.ctrl && ch === 'u') edit('', 0);
      else if (ch && !key.ctrl && !key.meta && !key.tab) typed(ch);
    },
    { isActive: active },
  );

  const status = pending || running ? (
    <RunStatus n={pending?.n ?? running?.n ?? 0} elapsedMs={elapsed} confirming={!!pending} />
  ) : chat.streaming ? (
    <Text>
      <Text color="cyan">
        <Spinner type="dots" />
      </Text>
      <Text>{` ${m('answering')} ${(elapsed / 1000).toFixed(1)}s · ${m('stop')}`}</Text>
    </Text>
  ) : (
    <Text dimColor wrap="truncate-end">
      {[
        m('engine', { engine: chat.engineName || '…' }),
        offset > 0 ? m('below', { count: offset }) : start > 0 ? m('more', { count: start }) : '',
        inputFocused ? '' : m('blurred'),
      ]
        .filter(Boolean)
        .join(' · ')}
    </Text>
  );

  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1}>
      <Box flexDirection="column" height={listHeight} overflow="hidden">
        {visible.map((line, i) => (
          <Text key={start + i} wrap="truncate-end">
            {line || ' '}
          </Text>
        ))}
      </Box>
      {dialog ? <ConfirmDialog {...dialog} /> : null}
      <Box height={1}>{status}</Box>
      <Box height={1}>
        <Text color={inputFocused ? 'cyan' : 'gray'} bold>
          {'› '}
        </Text>
        {input ? (
          <Text wrap="truncate-start">
            {input.slice(0, cursor)}
            <Text inverse={inputFocused}>{input[cursor] ?? ' '}</Text>
            {input.slice(cursor + 1)}
          </Text>
        ) : (
          <Text>
            <Text inverse={inputFocused}> </Text>
            <Text dimColor>{m('placeholder')}</Text>
          </Text>
        )}
      </Box>
    </Box>
  );
}
