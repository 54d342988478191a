/**
 * The Deploy screen: a wizard (provider -> template -> parameters -> plan summary -> confirm ->
 * live apply -> outputs) and a history tab (deployments with status; open one for its outputs
 * and log, or destroy it after a confirmed destroy plan). State lives in hooks/useDeploy.ts.
 */
import { Box, Text } from 'ink';
import { useRef, useState, type ReactNode } from 'react';
import { defineMessages } from '../src/core/i18n.js';
import { actionSymbol, showValue } from '../src/services/deployments/format.js';
import { actionLabel, statusLabel } from '../src/services/deployments/labels.js';
import { useDeploy, type DeployState, type OperationView } from './hooks/useDeploy.js';
import { commandKey } from '../components/commandKey.js';
import { DeployTabs } from '../components/DeployTabs.js';
import { fit, windowOf } from '../components/PickList.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { useCancelHandler, useTextCapture } from './ShellContext.js';
import { typedEdits } from '../components/typedKeys.js';
import type { ScreenProps } from './types.js';
import { ConnectForm } from './ConnectForm.js';
import { PROVIDER_IDS } from '../src/services/providers/types.js';
import { DeploySection, type SectionView } from './DeploySection.js';

const m = defineMessages({
  en: {
    loading: 'Loading templates...',
    pickProvider: 'Pick a provider',
    connected: '✓ connected',
    notConnected: 'not connected: cloudya connect {provider}',
    pickTemplate: 'Pick a template ({provider})',
    params: 'Parameters of {template}',
    planButton: '[ Plan ]',
    required: 'required',
    planning: 'Planning {id}...',
    applying: 'Applying {id}...',
    destroying: 'Destroying {id}...',
    planFor: 'Plan for {id}:',
    destroyPlanFor: 'Destroy plan for {id}:',
    phase: 'step: {phase}',
    confirmApply: 'Apply this plan? y = yes, n = no',
    confirmDestroy: 'Destroy these resources? This cannot be undone. y = yes, n = no',
    noChanges: 'No changes.',
    planLine: 'Plan: {add} to add, {change} to change, {destroy} to destroy.',
    elapsed: 'elapsed {seconds}s',
    applied: '✓ Deployment {id} applied in {seconds}s',
    destroyed: '✓ Deployment {id} destroyed in {seconds}s',
    declined: 'Not applied: nothing changed ({id}).',
    planned: 'Planned {id}.',
    failed: '✗ {id} failed',
    interrupted: '⚠ {id} interrupted: Terraform stopped cleanly and kept its state. Resume: cloudya deploy apply {id} · remove: cloudya deploy destroy {id}',
    outputs: 'Outputs',
    again: 'Enter: continue · h: deployments',
    againApplied: 'Enter: continue · h: deployments · a: then install an app on it',
    noDeployments: 'No deployments yet: start one in the "New deployment" tab (h).',
    openHint: 'Enter: open · d: destroy · r: refresh · h: new deployment',
    log: 'Log (last lines)',
    back: 'Esc: back · d: destroy',
    wizardHint: '↑↓ select · Enter next · Esc back · h deployments · a apps · s stacks · c connect a provider',
    formHint: '↑↓ field · type to edit · Enter next/plan · Esc back',
    running: 'Ctrl+C: stop (Terraform stops cleanly)',
    declinedDestroy: 'Not destroyed: nothing changed ({id}).',
    ph_init: 'init',
    ph_plan: 'plan',
    ph_apply: 'apply',
    ph_destroy: 'destroy',
    ph_outputs: 'outputs',
  },
  fr: {
    loading: 'Chargement des templates...',
    pickProvider: 'Choisissez un fournisseur',
    connected: '✓ connecté',
    notConnected: 'non connecté : cloudya connect {provider}',
    pickTemplate: 'Choisissez un template {provider}',
    params: 'Paramètres de {template}',
    planButton: '[ Planifier ]',
    required: 'requis',
    planning: 'Planification de {id}...',
    applying: 'Application de {id}...',
    destroying: 'Destruction de {id}...',
    planFor: 'Plan pour {id} :',
    destroyPlanFor: 'Plan de destruction pour {id} :',
    phase: 'étape : {phase}',
    confirmApply: 'Appliquer ce plan ? o = oui, n = non',
    confirmDestroy: 'Détruire ces ressources ? Impossible à annuler. o = oui, n = non',
    noChanges: 'Aucun changement.',
    planLine: 'Plan : {add} à créer, {change} à modifier, {destroy} à détruire.',
    elapsed: 'écoulé {seconds} s',
    applied: '✓ Déploiement {id} appliqué en {seconds} s',
    destroyed: '✓ Déploiement {id} détruit en {seconds} s',
    declined: "Non appliqué : rien n'a changé ({id}).",
    planned: '{id} planifié.',
    failed: '✗ {id} en échec',
    interrupted: "⚠ {id} interrompu : Terraform s'est arrêté proprement et a gardé son état. Reprendre : cloudya deploy apply {id} · supprimer : cloudya deploy destroy {id}",
    outputs: 'Sorties',
    again: 'Entrée : continuer · h : déploiements',
    againApplied: 'Entrée : continuer · h : déploiements · a : puis y installer une application',
    noDeployments: "Aucun déploiement : lancez-en un dans l'onglet « Nouveau déploiement » (h).",
    openHint: 'Entrée : ouvrir · d : détruire · r : actualiser · h : nouveau déploiement',
    log: 'Journal (dernières lignes)',
    back: 'Échap : retour · d : détruire',
    wizardHint: '↑↓ choisir · Entrée suivant · Échap retour · h déploiements · a applications · s piles · c connecter',
    formHint: '↑↓ champ · tapez pour modifier · Entrée suivant/planifier · Échap retour',
    running: 'Ctrl+C : arrêter (Terraform s’arrête proprement)',
    declinedDestroy: "Non détruit : rien n'a changé ({id}).",
    ph_init: 'initialisation',
    ph_plan: 'plan',
    ph_apply: 'application',
    ph_destroy: 'destruction',
    ph_outputs: 'sorties',
  },
});

const PHASES = ['init', 'plan', 'apply', 'destroy', 'outputs'] as const;

/** A Terraform phase in the user's language. */
function phaseName(phase: string): string {
  return (PHASES as readonly string[]).includes(phase) ? m(`ph_${phase as (typeof PHASES)[number]}`) : phase;
}

/** "  ✓ connected (eu-west-3)" / "  not connected: cloudya connect X"; nothing for providers Cloudya does not connect to. */
function connectionLabel(c: { connected: boolean; where: string | null } | undefined, provider: string): string {
  if (!c) return '';
  return c.connected ? `  ${m('connected')}${c.where ? ` (${c.where})` : ''}` : `  ${m('notConnected', { provider })}`;
}

function OperationPanel({ op, step, now, width, height }: { op: OperationView; step: DeployState['step']; now: number; width: number; height: number }) {
  // `now` ticks once a second and may predate the start of the operation.
  const seconds = Math.max(0, Math.round(((op.finished ?? now) - op.started) / 1000));
  const id = op.id ?? '...';
  const lines: ReactNode[] = [];
  const planLines = op.plan ? op.plan.resources.filter((r) => r.action !== 'noop').map((r) => `${actionSymbol(r.action).padEnd(3)} ${r.address}`) : [];
  if (step === 'confirm' && op.plan) {
    const room = Math.max(1, height - 5);
    lines.push(<Text key="title" bold>{m(op.kind === 'destroy' ? 'destroyPlanFor' : 'planFor', { id })}</Text>);
    for (const l of planLines.slice(0, room)) lines.push(<Text key={`p${l}`}>{fit(`  ${l}`, width)}</Text>);
    if (planLines.length > room) lines.push(<Text key="more" dimColor>{`  … +${planLines.length - room}`}</Text>);
    lines.push(<Text key="sum" bold>{op.plan.add + op.plan.change + op.plan.destroy === 0 ? m('noChanges') : m('planLine', { add: op.plan.add, change: op.plan.change, destroy: op.plan.destroy })}</Text>);
    lines.push(<Text key="ask" color="yellow" bold>{m(op.kind === 'destroy' ? 'confirmDestroy' : 'confirmApply')}</Text>);
    return <Box flexDirection="column">{lines}</Box>;
  }
  const header =
    op.result === 'applied' ? <Text color="green" bold>{m('applied', { id, seconds })}</Text>
    : op.result === 'destroyed' ? <Text color="green" bold>{m('destroyed', { id, seconds })}</Text>
    : op.result === 'declined' ? <Text>{m(op.kind === 'destroy' ? 'declinedDestroy' : 'declined', { id })}</Text>
    : op.result === 'planned' ? <Text>{m('planned', { id })}</Text>
    : op.result === 'failed' ? <Text color="red" bold>{m('failed', { id })}</Text>
    : op.result === 'interrupted' ? <Text color="yellow">{fit(m('interrupted', { id }), width * 2)}</Text>
    : <Text>{`${m(!op.phase || op.phase === 'init' || op.phase === 'plan' ? 'planning' : op.kind === 'destroy' ? 'destroying' : 'applying', { id })}  ${op.phase ? m('phase', { phase: phaseName(op.phase) }) : ''}  ${m('elapsed', { seconds })}`}</Text>;
  lines.push(<Box key="h">{header}</Box>);
  for (const e of op.errors.slice(0, 3)) lines.push(<Text key={`e${e}`} color="red">{fit(`  ${e}`, width)}</Text>);
  const outputs = Object.entries(op.outputs);
  const room = Math.max(1, height - 3 - Math.min(3, op.errors.length) - (outputs.length ? outputs.length + 1 : 0));
  const shown = op.resources.slice(-room);
  for (const r of shown) {
    const elapsed = r.state === 'running' ? Math.max(r.elapsed, Math.round((now - r.started) / 1000)) : r.elapsed;
    const mark = r.state === 'done' ? '✓' : r.state === 'error' ? '✗' : '…';
    lines.push(
      <Text key={`r${r.address}`} color={r.state === 'error' ? 'red' : r.state === 'done' ? 'green' : undefined}>
        {fit(`  ${mark} ${r.address}  ${actionLabel(r.action)}  ${elapsed}s`, width)}
      </Text>,
    );
  }
  if (outputs.length && op.result) {
    lines.push(<Text key="o" bold>{m('outputs')}</Text>);
    for (const [k, v] of outputs) lines.push(<Text key={`o${k}`}>{fit(`  ${k} = ${showValue(v)}`, width)}</Text>);
  }
  lines.push(<Text key="hint" dimColor>{step === 'done' ? m(op.result === 'applied' ? 'againApplied' : 'again') : m('running')}</Text>);
  return <Box flexDirection="column">{lines.slice(0, Math.max(1, height))}</Box>;
}

export function DeployWizard({ active, width, height, services }: ScreenProps) {
  const { state, now, templatesOf, actions } = useDeploy(services);
  const [section, setSection] = useState<SectionView | undefined>();
  const w = Math.max(30, width - 2);
  const s = state;
  // The connect form (c) replaces the wizard until it closes; it keeps its own state.
  const [connecting, setConnecting] = useState<string | undefined>();
  useTextCapture('deploy', active && !section && s.tab === 'new' && s.step === 'params');
  // Also while another screen is shown: Ctrl+C and q anywhere stop an apply before quitting.
  // A stray q must not stop Terraform halfway: only Ctrl+C does, on purpose.
  useCancelHandler('deploy', s.step === 'running' || s.step === 'confirm' ? actions.cancel : undefined, s.step === 'running');

  // Several keys may arrive before the next render: read the latest state.
  const latest = useRef(state);
  latest.current = state;
  useLatestInput(
    (raw, key) => {
      const s = latest.current;
      const input = (s.tab === 'new' && s.step === 'params') || key.ctrl || key.meta ? raw : (commandKey(raw) ?? raw);
      if (s.step === 'confirm') {
        if (input === 'y' || input === 'o' || key.return) actions.answer(true);
        else if (input === 'n' || key.escape) actions.answer(false);
        return;
      }
      if (s.step === 'running') return;
      if (s.step === 'done') {
        // "Then install an app" on the host the apply just created: the stack flow, infra already done.
        if (input === 'a' && s.op?.result === 'applied' && s.op.id) {
          setSection({ kind: 'stacks', deployment: s.op.id });
          actions.finish();
        } else if (key.return || key.escape) actions.finish();
        else if (input === 'h') {
          actions.finish();
          actions.setTab('history');
        }
        return;
      }
      if (s.tab === 'history') {
        if (key.upArrow) actions.move(-1);
        else if (key.downArrow) actions.move(1);
        else if (key.return) void actions.open();
        else if (key.escape) actions.back();
        else if (input === 'd') actions.destroySelected();
        else if (input === 'r') void actions.refresh();
        else if (input === 'h') actions.setTab('new');
        else if (input === 'a' || input === 's') setSection({ kind: input === 'a' ? 'apps' : 'stacks' });
        return;
      }
      if (s.step === 'params') {
        if (key.upArrow) actions.move(-1);
        else if (key.downArrow) actions.move(1); // (Tab belongs to the shell: it switches screens)
        else if (key.return) actions.submitField();
        else if (key.escape) actions.back();
        else if (key.backspace || key.delete) actions.edit((t) => t.slice(0, -1));
        else if (input && !key.ctrl && !key.meta && !key.tab) {
          for (const e of typedEdits(input)) {
            if (e.kind === 'text') actions.edit((t) => t + e.text);
            else if (e.kind === 'backspace') actions.edit((t) => t.slice(0, -1));
            else actions.submitField();
          }
        }
        return;
      }
      if (key.upArrow) actions.move(-1);
      else if (key.downArrow) actions.move(1);
      else if (key.return) actions.next();
      else if (key.escape) actions.back();
      else if (input === 'h') actions.setTab('history');
      else if (input === 'c' && s.step === 'provider') setConnecting(s.providers[s.providerIndex] ?? '');
      else if (input === 'a' || input === 's') setSection({ kind: input === 'a' ? 'apps' : 'stacks' });
    },
    { isActive: active && connecting === undefined && !section },
  );
  if (section) return <DeploySection view={section} active={active} width={width} height={height} services={services} onLeave={() => setSection(undefined)} />;

  if (connecting !== undefined) {
    const initial = (PROVIDER_IDS as readonly string[]).includes(connecting) ? connecting : undefined;
    const close = (saved: boolean) => {
      setConnecting(undefined);
      if (saved) void actions.refreshConnections();
    };
    return <ConnectForm active={active} width={width} height={height} services={services} initialProvider={initial} onClose={close} />;
  }

  const body = height - 2;
  let content: ReactNode;
  let hint = m('wizardHint');
  if (s.loading) content = <Text dimColor>{m('loading')}</Text>;
  else if (s.op && (s.step === 'running' || s.step === 'confirm' || s.step === 'done')) {
    content = <OperationPanel op={s.op} step={s.step} now={now} width={w} height={body} />;
    hint = '';
  } else if (s.tab === 'history') {
    hint = s.opened ? m('back') : m('openHint');
    if (s.opened) {
      const d = s.opened.doc;
      const outs = Object.entries(d.outputs);
      const head = [`${d.id}  ${d.template}  ${statusLabel(d.status)}`, ...outs.map(([k, v]) => `  ${k} = ${showValue(v)}`), m('log')];
      const logRoom = Math.max(0, body - 1 - head.length);
      content = (
        <Box flexDirection="column">
          {head.slice(0, body - 1).map((l, i) => (
            <Text key={`h${i}`} bold={i === 0}>{fit(l, w)}</Text>
          ))}
          {s.opened.log.slice(-logRoom).map((l, i) => (
            <Text key={`l${i}`} dimColor>{fit(l, w)}</Text>
          ))}
        </Box>
      );
    } else if (!s.history.length) content = <Text dimColor>{m('noDeployments')}</Text>;
    else {
      const win = windowOf(s.history, s.historyIndex, body - 1);
      content = (
        <Box flexDirection="column">
          {win.items.map((d, i) => {
            const selected = win.offset + i === s.historyIndex;
            const color = d.status === 'applied' ? 'green' : d.status === 'failed' ? 'red' : d.status === 'interrupted' ? 'yellow' : undefined;
            return (
              <Text key={d.id} inverse={selected}>
                {fit(`${selected ? '›' : ' '} ${d.id.padEnd(28)} ${d.template.padEnd(12)} `, w - 33)}
                <Text color={color}>{statusLabel(d.status).padEnd(13)}</Text>
                {` ${d.updated.slice(0, 19).replace('T', ' ')}`}
              </Text>
            );
          })}
        </Box>
      );
    }
  } else if (s.step === 'provider') {
    const win = windowOf(s.providers, s.providerIndex, body - 1);
    content = (
      <Box flexDirection="column">
        <Text bold>{m('pickProvider')}</Text>
        {win.items.map((p, i) => (
          <Text key={p} inverse={win.offset + i === s.providerIndex}>{fit(`${win.offset + i === s.providerIndex ? '›' : ' '} ${p}  (${s.templates.filter((t) => t.provider === p).length})${connectionLabel(s.connections?.[p], p)}`, w)}</Text>
        ))}
      </Box>
    );
  } else if (s.step === 'template') {
    const list = templatesOf();
    const win = windowOf(list, s.templateIndex, Math.floor((body - 1) / 2));
    content = (
      <Box flexDirection="column">
        <Text bold>{m('pickTemplate', { provider: s.providers[s.providerIndex] })}</Text>
        {win.items.map((t, i) => {
          const selected = win.offset + i === s.templateIndex;
          return (
            <Box key={t.id} flexDirection="column">
              <Text inverse={selected}>{`${selected ? '›' : ' '} ${t.id}  ${t.name}${t.source === 'user' ? ' *' : ''}`}</Text>
              <Text dimColor>{fit(`    ${t.description}`, w)}</Text>
            </Box>
          );
        })}
      </Box>
    );
  } else {
    hint = m('formHint');
    const rows = [...s.fields.map((f, i) => ({ f, i })), { f: undefined, i: s.fields.length }];
    const win = windowOf(rows, s.fieldIndex, Math.floor((body - 1) / 2));
    const nameWidth = Math.min(24, Math.max(...s.fields.map((f) => f.param.name.length), 4));
    content = (
      <Box flexDirection="column">
        <Text bold>{m('params', { template: s.template?.id ?? '' })}</Text>
        {win.items.map(({ f, i }) => {
          const focused = i === s.fieldIndex;
          if (!f) return <Text key="plan" inverse={focused} bold>{`  ${m('planButton')}`}</Text>;
          const shown = f.param.sensitive ? '•'.repeat(f.text.length) : f.text;
          return (
            <Box key={f.param.name} flexDirection="column">
              <Text>
                <Text inverse={focused}>{`${focused ? '›' : ' '} ${f.param.name.padEnd(nameWidth)} `}</Text>
                <Text>{` ${fit(shown, w - nameWidth - 6)}${focused ? '▏' : ''}`}</Text>
              </Text>
              {f.error ? <Text color="red">{fit(`    ✗ ${f.error === 'required' ? m('required') : f.error}`, w)}</Text> : <Text dimColor>{fit(`    ${f.param.description}${f.param.choices ? ` (${f.param.choices.join('|')})` : ''}`, w)}</Text>}
            </Box>
          );
        })}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" paddingX={1}>
      <DeployTabs tab={s.tab} />
      {s.error ? <Text color="red">{fit(s.error, w)}</Text> : null}
      <Box flexDirection="column" height={Math.max(1, body - (s.error ? 1 : 0))} overflow="hidden">
        {content}
      </Box>
      {hint ? <Text dimColor>{fit(hint, w)}</Text> : null}
    </Box>
  );
}
