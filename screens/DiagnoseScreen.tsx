/**
 * The Diagnose screen: choose a target (this host, a service, a deployment), watch each check run
 * (spinner, then its verdict), browse the findings, open one for its evidence and fix, and press e
 * to have the assistant explain it with that evidence as context.
 */
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useEffect, useMemo, useRef, useState } from 'react';
import { markdownLines, wrapLines } from '../components/Markdown.js';
import { TextField } from '../components/TextField.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { defineMessages, getLang } from '../src/core/i18n.js';
import { summaryLine } from '../src/services/diagnose/report.js';
import { isDeploymentId, isServiceName } from '../src/services/diagnose/target.js';
import type { Finding, Severity, TargetKind } from '../src/services/diagnose/types.js';
import { useCancelHandler, useTextCapture } from './ShellContext.js';
import { useDiagnose, type CheckProgress, type DiagnoseTarget } from './hooks/useDiagnose.js';
import type { ScreenProps } from './types.js';

const m = defineMessages({
  en: {
    choose: 'Diagnose - choose what to check',
    system: 'This system (disks, memory, load, processes, limits, clock, DNS...)',
    service: 'A service... (nginx, ssh, mysql, php-fpm, any unit or process)',
    deployment: 'A deployment... (by id)',
    serviceName: 'Service name: ',
    deploymentId: 'Deployment id: ',
    badName: 'Malformed name: letters, digits and @ . _ : + - only',
    hintPrefix: 'hint: ',
    newTarget: 'n: choose another target',
    running: 'running {done}/{total} checks',
    starting: 'starting...',
    cancelled: 'cancelled - press r to run again',
    failed: 'diagnosis failed: {error}',
    evidence: 'Evidence',
    fix: 'Fix',
    docs: 'Docs',
    assistant: 'Assistant',
    asking: 'asking the assistant...',
    unavailable: 'The assistant is not available in this build',
    hintsList: 'Up/Down select  Enter details  e explain  r re-run  n new target',
    hintsDetails: 'Esc back  e explain  PgUp/PgDn scroll  r re-run',
    hintsChoose: 'Up/Down select  Enter start',
    hintsInput: 'Enter run  Esc back',
    waiting: 'waiting for the first result...',
    noFinding: 'No finding at all: no check applies to this target.',
    commands: 'Commands:',
    checkId: 'check {check}',
    sev_critical: 'critical',
    sev_warning: 'warning',
    sev_info: 'info',
    sev_ok: 'ok',
    sev_skipped: 'skipped',
    kind_system: 'system',
    kind_service: 'service',
    kind_deployment: 'deployment',
  },
  fr: {
    choose: 'Diagnostic - choisissez quoi vérifier',
    system: 'Ce système (disques, mémoire, charge, processus, limites, horloge, DNS...)',
    service: 'Un service... (nginx, ssh, mysql, php-fpm, toute unité ou processus)',
    deployment: 'Un déploiement... (par identifiant)',
    serviceName: 'Nom du service : ',
    deploymentId: 'Identifiant du déploiement : ',
    badName: 'Nom mal formé : lettres, chiffres et @ . _ : + - seulement',
    hintPrefix: 'conseil : ',
    newTarget: 'n : choisir une autre cible',
    running: '{done}/{total} vérifications',
    starting: 'démarrage...',
    cancelled: 'annulé - r pour relancer',
    failed: 'le diagnostic a échoué : {error}',
    evidence: 'Constat',
    fix: 'Correctif',
    docs: 'Doc',
    assistant: 'Assistant',
    asking: "question à l'assistant...",
    unavailable: "L'assistant n'est pas disponible dans cette version",
    hintsList: 'Haut/Bas choisir  Entrée détails  e expliquer  r relancer  n autre cible',
    hintsDetails: 'Échap retour  e expliquer  PgPréc/PgSuiv défiler  r relancer',
    hintsChoose: 'Haut/Bas choisir  Entrée lancer',
    hintsInput: 'Entrée lancer  Échap retour',
    waiting: 'en attente du premier résultat...',
    noFinding: "Aucun constat : aucune vérification ne s'applique à cette cible.",
    commands: 'Commandes :',
    checkId: 'vérification {check}',
    sev_critical: 'critique',
    sev_warning: 'avertissement',
    sev_info: 'info',
    sev_ok: 'ok',
    sev_skipped: 'ignorée',
    kind_system: 'système',
    kind_service: 'service',
    kind_deployment: 'déploiement',
  },
});

/** A colon with the space French typography puts before it. */
function colon(): string {
  return getLang() === 'fr' ? ' :' : ':';
}

const COLOR: Record<Severity, string> = { critical: 'red', warning: 'yellow', info: 'cyan', ok: 'green', skipped: 'gray' };
const ICON: Record<Severity, string> = { critical: '✗', warning: '!', info: 'i', ok: '✓', skipped: '-' };
const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3, skipped: 4 };
/** Scroll position meaning "show the assistant's answer" (set when e is pressed). */
const TO_ASSISTANT = -1;

type Row = { kind: 'finding'; finding: Finding } | { kind: 'running'; check: CheckProgress };

/** Findings of finished checks (worst first), then the checks still running. */
export function rowsOf(checks: readonly CheckProgress[], reportFindings?: readonly Finding[]): Row[] {
  const findings = reportFindings ?? checks.filter((c) => c.status === 'done').flatMap((c) => c.findings);
  const sorted = [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.check.localeCompare(b.check));
  const running = reportFindings ? [] : checks.filter((c) => c.status === 'running');
  return [...sorted.map((finding) => ({ kind: 'finding' as const, finding })), ...running.map((check) => ({ kind: 'running' as const, check }))];
}


function label(t?: DiagnoseTarget): string {
  return t ? (t.target ? `${m(`kind_${t.kind}`)} ${t.target}` : m(`kind_${t.kind}`)) : '';
}

/** A severity in the user's language. */
function severityName(severity: Severity): string {
  return m(`sev_${severity}`);
}

export function DiagnoseScreen({ active, width, height, services }: ScreenProps) {
  const d = useDiagnose(services);
  const { state } = d;
  const [view, setView] = useState<'choose' | 'input' | 'list' | 'details'>(d.initialTarget ? 'list' : 'choose');
  const [choice, setChoiceState] = useState(0);
  // Keys can arrive faster than renders: Enter must see the choice the arrows just made.
  const choiceRef = useRef(0);
  const setChoice = (update: (c: number) => number) => {
    choiceRef.current = update(choiceRef.current);
    setChoiceState(choiceRef.current);
  };
  const [inputKind, setInputKind] = useState<TargetKind>('service');
  const [name, setName] = useState('');
  const [inputError, setInputError] = useState<{ error: string; hint?: string } | undefined>();
  // The view in a ref too: an id check finishing after Esc must not run anything.
  const viewRef = useRef(view);
  viewRef.current = view;
  const [selected, setSelected] = useState(0);
  const [scroll, setScroll] = useState(0);
  const lastTop = useRef(0);

  useTextCapture('diagnose', active && view === 'input');
  useCancelHandler('diagnose', d.cancel);

  useEffect(() => {
    if (d.initialTarget) void d.start(d.initialTarget);
    // Only once, when the screen opens on a target.
  }, []);

  const rows = useMemo(() => rowsOf(state.checks, state.report?.findings), [state.checks, state.report]);
  const findingRows = rows.filter((r): r is { kind: 'finding'; finding: Finding } => r.kind === 'finding');
  const current = findingRows[Math.min(selected, findingRows.length - 1)]?.finding;
  const bodyHeight = Math.max(1, height - 2);

  const run = (target: DiagnoseTarget) => {
    setSelected(0);
    setScroll(0);
    setView('list');
    void d.start(target);
  };

  /** The keys of the list and details views; false when the key is not one of theirs. */
  const command = (ch: string): boolean => {
    if (ch === 'r' && state.target) {
      run(state.target);
      return true;
    }
    if (ch === 'n') {
      d.cancel();
      setView('choose');
      return true;
    }
    if (ch === 'e' && current) {
      setView('details');
      setScroll(TO_ASSISTANT);
      void d.explain(current, m('unavailable'));
      return true;
    }
    return false;
  };

  useLatestInput(
    (input, key) => {
      if (view === 'input') {
        if (key.escape) {
          setView('choose');
          setInputError(undefined);
        }
        return;
      }
      if (view === 'choose') {
        if (key.upArrow) setChoice((c) => Math.max(0, c - 1));
        else if (key.downArrow) setChoice((c) => Math.min(2, c + 1));
        else if (key.return) {
          if (choiceRef.current === 0) run({ kind: 'system' });
          else {
            setInputKind(choiceRef.current === 1 ? 'service' : 'deployment');
            setName('');
            setInputError(undefined);
            setView('input');
          }
        } else if (key.escape && state.target) setView('list');
        return;
      }
      // Keys that arrive together come as one string ("rr", a stray key before "n"): the first
      // command in it acts (the next ones would act on a view this render has not drawn yet).
      if (!key.ctrl && !key.meta) for (const ch of input) if (command(ch)) return;
      if (view === 'details') {
        if (key.escape || key.backspace || key.leftArrow) {
          setView('list');
          d.closeExplanation();
        } else if (key.pageDown || key.downArrow) setScroll(() => lastTop.current + (key.pageDown ? bodyHeight - 1 : 1));
        else if (key.pageUp || key.upArrow) setScroll(() => Math.max(0, lastTop.current - (key.pageUp ? bodyHeight - 1 : 1)));
        return;
      }
      if (key.upArrow) setSelected((s) => Math.max(0, s - 1));
      else if (key.downArrow) setSelected((s) => Math.min(Math.max(0, findingRows.length - 1), s + 1));
      else if (key.pageDown) setSelected((s) => Math.min(Math.max(0, findingRows.length - 1), s + bodyHeight - 1));
      else if (key.pageUp) setSelected((s) => Math.max(0, s - bodyHeight + 1));
      else if (key.return && current) {
        setScroll(0);
        setView('details');
      }
    },
    { isActive: active },
  );

  /** Runs a typed target once it is well formed and (for a deployment) known; otherwise says why under the input. */
  const submit = async (v: string) => {
    const value = v.trim();
    if (!(inputKind === 'service' ? isServiceName(value) : isDeploymentId(value))) {
      setInputError({ error: m('badName') });
      return;
    }
    const resolved = await d.check({ kind: inputKind, target: value });
    if (viewRef.current !== 'input') return;
    if ('error' in resolved) setInputError(resolved);
    else run(resolved);
  };

  const hint = (text: string) => (
    <Text dimColor wrap="truncate-end">
      {text}
    </Text>
  );

  if (view === 'choose' || view === 'input') {
    const options = [m('system'), m('service'), m('deployment')];
    const errorLines = inputError ? (inputError.hint ? 2 : 1) : 0;
    return (
      <Box flexDirection="column" width={width} height={height} paddingX={1} overflow="hidden">
        <Text bold wrap="truncate-end">
          {m('choose')}
        </Text>
        {options.slice(0, Math.max(0, height - 4 - errorLines)).map((o, i) => (
          <Text key={o} color={i === choice ? 'cyan' : undefined} wrap="truncate-end">
            {i === choice ? '> ' : '  '}
            {o}
          </Text>
        ))}
        {view === 'input' ? (
          <Box>
            <Text>{inputKind === 'service' ? m('serviceName') : m('deploymentId')}</Text>
            <TextField
              value={name}
              onChange={(v) => {
                setName(v);
                setInputError(undefined);
              }}
              onSubmit={(v) => void submit(v)}
              focus={active}
            />
          </Box>
        ) : null}
        {inputError ? (
          <Text color="red" wrap="truncate-end">
            {inputError.error}
          </Text>
        ) : null}
        {inputError?.hint ? <Text wrap="truncate-end">{`${m('hintPrefix')}${inputError.hint}`}</Text> : null}
        {hint(view === 'input' ? m('hintsInput') : m('hintsChoose'))}
      </Box>
    );
  }

  const done = state.checks.filter((c) => c.status === 'done').length;
  const header = (
    <Box width={width - 2}>
      <Text bold>{label(state.target)}</Text>
      <Text> - </Text>
      {state.phase === 'running' ? (
        <>
          <Text color="cyan">
            <Spinner type="dots" />
          </Text>
          <Text> {state.checks.length ? m('running', { done, total: state.checks.length }) : m('starting')}</Text>
        </>
      ) : state.phase === 'done' && state.report ? (
        <Text color={state.report.status === 'critical' ? 'red' : state.report.status === 'warning' ? 'yellow' : 'green'} wrap="truncate-end">
          {summaryLine(state.report.counts)} ({(state.report.durationMs / 1000).toFixed(1)} s)
        </Text>
      ) : state.phase === 'error' ? (
        <Text color="red" wrap="truncate-end">
          {state.hint ? `✗ ${state.error ?? ''}` : m('failed', { error: state.error ?? '' })}
        </Text>
      ) : state.phase === 'cancelled' ? (
        <Text color="yellow">{m('cancelled')}</Text>
      ) : null}
    </Box>
  );

  if (view === 'details' && current) {
    const inner = Math.max(10, width - 4);
    const lines: { text: string; color?: string; bold?: boolean }[] = [];
    lines.push({ text: `${ICON[current.severity]} ${severityName(current.severity).toUpperCase()}  ${current.title}`, color: COLOR[current.severity], bold: true });
    lines.push({ text: m('checkId', { check: current.check }), color: 'gray' });
    lines.push({ text: `${m('evidence')}${colon()}`, bold: true });
    for (const l of current.evidence.split('\n')) for (const w of wrapLines(l, inner - 2)) lines.push({ text: `  ${w}` });
    if (current.fix) {
      lines.push({ text: `${m('fix')}${colon()}`, bold: true });
      for (const l of current.fix.split('\n')) for (const w of wrapLines(l, inner - 2)) lines.push({ text: `  ${w}` });
    }
    if (current.docs) lines.push({ text: `${m('docs')}${colon()} ${current.docs}` });
    const ex = state.explanation?.finding === current ? state.explanation : undefined;
    const assistantAt = lines.length;
    if (ex) {
      lines.push({ text: `${m('assistant')}${colon()}`, bold: true, color: 'magenta' });
      if (ex.status === 'running' && !ex.text) lines.push({ text: `  ${m('asking')}`, color: 'gray' });
      // The answer is markdown (headings, `code`, lists), rendered as the Chat screen renders it.
      if (ex.text) for (const w of markdownLines(ex.text, inner - 2)) lines.push({ text: `  ${w}` });
      if (ex.commands.length) {
        lines.push({ text: `  ${m('commands')}` });
        for (const c of ex.commands) for (const w of wrapLines(c, inner - 4)) lines.push({ text: `    ${w}`, color: 'cyan' });
      }
      if (ex.status === 'error') lines.push({ text: `  ${ex.error ?? ''}`, color: 'red' });
    }
    const room = Math.max(1, height - 2);
    const top = Math.min(scroll === TO_ASSISTANT ? assistantAt : scroll, Math.max(0, lines.length - room));
    lastTop.current = top;
    return (
      <Box flexDirection="column" width={width} height={height} paddingX={1}>
        {header}
        <Box flexDirection="column" height={room}>
          {lines.slice(top, top + room).map((l, i) => (
            <Text key={i} color={l.color} bold={l.bold} wrap="truncate-end">
              {l.text || ' '}
            </Text>
          ))}
        </Box>
        {hint(m('hintsDetails'))}
      </Box>
    );
  }

  const room = Math.max(1, height - 2);
  const severityWidth = Math.max(...(Object.keys(ICON) as Severity[]).map((v) => severityName(v).length));
  const sel = Math.min(selected, Math.max(0, findingRows.length - 1));
  const first = Math.max(0, Math.min(sel - Math.floor(room / 2), rows.length - room));
  const visible = rows.slice(first, first + room);
  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1}>
      {header}
      <Box flexDirection="column" height={room}>
        {visible.length === 0 && state.phase === 'error' ? (
          <>
            {state.hint ? <Text wrap="truncate-end">{`${m('hintPrefix')}${state.hint}`}</Text> : null}
            <Text dimColor>{m('newTarget')}</Text>
          </>
        ) : visible.length === 0 ? (
          <Text dimColor>{state.phase === 'done' ? m('noFinding') : m('waiting')}</Text>
        ) : null}
        {visible.map((r, i) => {
          if (r.kind === 'running') {
            return (
              <Box key={`run-${r.check.id}`}>
                <Text color="cyan">
                  <Spinner type="dots" />
                </Text>
                <Text dimColor wrap="truncate-end">
                  {' '}
                  {r.check.title}
                </Text>
              </Box>
            );
          }
          const isSel = first + i === sel;
          const f = r.finding;
          return (
            <Text key={`${f.check}-${first + i}`} inverse={isSel} wrap="truncate-end">
              <Text color={COLOR[f.severity]}>
                {isSel ? '>' : ' '}
                {ICON[f.severity]} {severityName(f.severity).padEnd(severityWidth)}
              </Text>{' '}
              {f.title} <Text dimColor>[{f.check}]</Text>
            </Text>
          );
        })}
      </Box>
      {hint(`${scrollMarks(first, rows.length - first - visible.length)}${m('hintsList')}`)}
    </Box>
  );
}

/** "↑3 ↓5 " when findings are hidden above or below the visible rows (nothing when all fit). */
function scrollMarks(above: number, below: number): string {
  return `${above > 0 ? `↑${above} ` : ''}${below > 0 ? `↓${below} ` : ''}`;
}
