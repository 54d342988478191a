/**
 * The Deploy screen's Stacks section: a preconfigured stack (infrastructure + app), or an app on
 * the host a deployment just created; both parts' parameters in one form, the plan to confirm,
 * then every phase's progress (infra, SSH wait, app tasks, health) and the outputs; r resumes a
 * failed or interrupted stack from its failed phase. State lives in hooks/useStackRun.ts.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { AnsibleProgress } from '../components/AnsibleProgress.js';
import { commandKey } from '../components/commandKey.js';
import { ParamForm } from '../components/ParamForm.js';
import { fit, PickList } from '../components/PickList.js';
import { typedEdits } from '../components/typedKeys.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { defineMessages } from '../src/core/i18n.js';
import { useStackRun, type StackRunView } from './hooks/useStackRun.js';
import { useCancelHandler, useTextCapture } from './ShellContext.js';
import type { ScreenProps } from './types.js';

const m = defineMessages({
  en: {
    loading: 'Loading stacks...',
    pickStack: 'Pick a stack (infrastructure + app)',
    none: 'No stacks in templates/stacks.',
    pickApp: 'Install which app on deployment {id}?',
    form: 'Parameters of {name}',
    deploy: '[ Deploy the stack ]',
    install: '[ Install ]',
    opening: 'Reading templates...',
    confirm: 'Plan: {add} to add, {change} to change, {destroy} to destroy. Apply it, then install {app}? y = yes, n = no',
    title: 'Stack {id}: {name}',
    ph_infra: 'infrastructure',
    ph_wait_ssh: 'wait for SSH',
    ph_app: 'install the app',
    ph_health: 'health check',
    resources: '{done} resources created',
    ssh: 'attempt {attempt}, {waited}s{error}',
    deployed: '✓ Stack {id} deployed in {seconds}s',
    failed: '✗ Stack {id} failed',
    interrupted: '⚠ Stack {id} interrupted: what exists is recorded',
    declined: 'Not applied: nothing created.',
    planned: 'Planned only.',
    resumeHint: 'r: resume from the failed phase (infrastructure kept) · Enter: back · or later: cloudya stack deploy --resume {id}',
    doneHint: 'Enter: continue',
    changed: 'Changed ({count}): {tasks}',
    listHint: '↑↓ select · Enter next · Esc back',
    formHint: '↑↓ field · type to edit · Enter next/deploy · Esc back',
    runningHint: 'Esc or Ctrl+C: stop (Terraform and Ansible stop cleanly; the record stays resumable)',
  },
  fr: {
    loading: 'Chargement des piles...',
    pickStack: 'Choisissez une pile (infrastructure + application)',
    none: 'Aucune pile dans templates/stacks.',
    pickApp: 'Installer quelle application sur le déploiement {id} ?',
    form: 'Paramètres de {name}',
    deploy: '[ Déployer la pile ]',
    install: '[ Installer ]',
    opening: 'Lecture des templates...',
    confirm: 'Plan : {add} à créer, {change} à modifier, {destroy} à détruire. Appliquer puis installer {app} ? o = oui, n = non',
    title: 'Pile {id} : {name}',
    ph_infra: 'infrastructure',
    ph_wait_ssh: 'attente SSH',
    ph_app: "installation de l'application",
    ph_health: 'vérification de santé',
    resources: '{done} ressources créées',
    ssh: 'essai {attempt}, {waited} s{error}',
    deployed: '✓ Pile {id} déployée en {seconds} s',
    failed: '✗ Pile {id} en échec',
    interrupted: '⚠ Pile {id} interrompue : ce qui existe est enregistré',
    declined: 'Non appliqué : rien créé.',
    planned: 'Planifiée seulement.',
    resumeHint: 'r : reprendre à la phase en échec (infrastructure gardée) · Entrée : retour · ou plus tard : cloudya stack deploy --resume {id}',
    doneHint: 'Entrée : continuer',
    changed: 'Modifié ({count}) : {tasks}',
    listHint: '↑↓ choisir · Entrée suivant · Échap retour',
    formHint: '↑↓ champ · tapez pour modifier · Entrée suivant/déployer · Échap retour',
    runningHint: 'Échap ou Ctrl+C : arrêter (Terraform et Ansible s’arrêtent proprement ; la pile reste reprenable)',
  },
});

const PHASES = ['infra', 'wait_ssh', 'app', 'health'] as const;
const MARK: Record<string, string> = { done: '✓', running: '…', failed: '✗', interrupted: '⚠', skipped: '-', pending: ' ' };
const COLOR: Record<string, string | undefined> = { done: 'green', failed: 'red', interrupted: 'yellow' };

function Phases({ run, name, now, width, height }: { run: StackRunView; name: string; now: number; width: number; height: number }) {
  const seconds = Math.max(0, Math.round(((run.finished ?? now) - run.started) / 1000));
  const lines: ReactNode[] = [];
  const id = run.id ?? '...';
  if (run.result === 'deployed') lines.push(<Text key="h" color="green" bold>{fit(m('deployed', { id, seconds }), width)}</Text>);
  else if (run.result === 'failed') lines.push(<Text key="h" color="red" bold>{fit(m('failed', { id }), width)}</Text>);
  else if (run.result === 'interrupted') lines.push(<Text key="h" color="yellow">{fit(m('interrupted', { id }), width)}</Text>);
  else if (run.result === 'declined' || run.result === 'planned') lines.push(<Text key="h">{m(run.result)}</Text>);
  else lines.push(<Text key="h" bold>{fit(`${m('title', { id, name })}  ${seconds}s`, width)}</Text>);
  for (const p of PHASES) {
    const st = run.phases[p] ?? 'pending';
    const detail = p === 'infra' && run.resources.started ? `  ${m('resources', { done: run.resources.done })}` : p === 'wait_ssh' && run.ssh ? `  ${m('ssh', { attempt: run.ssh.attempt, waited: run.ssh.waited, error: run.ssh.error ? `: ${run.ssh.error}` : '' })}` : '';
    lines.push(<Text key={p} color={COLOR[st]}>{fit(`  ${MARK[st] ?? ' '} ${m(`ph_${p}`)}${detail}`, width)}</Text>);
  }
  if (run.current === 'app' && !run.result) {
    lines.push(<AnsibleProgress key="a" title="" phase={run.appPhase} {...run.app} seconds={seconds} failures={run.failures} width={width} />);
  }
  for (const [i, e] of run.errors.slice(0, 2).entries()) lines.push(<Text key={`e${i}`} color="red">{fit(`  ${e}`, width)}</Text>);
  if (run.result && run.changed.length) lines.push(<Text key="c">{fit(m('changed', { count: run.changed.length, tasks: run.changed.join(', ') }), width)}</Text>);
  for (const k of ['url', 'host', 'deployment_id', 'installation_id']) if (run.outputs[k] !== undefined && run.result) lines.push(<Text key={`o${k}`} bold={k === 'url'}>{fit(`  ${k} = ${String(run.outputs[k])}`, width)}</Text>);
  return <Box flexDirection="column">{lines.slice(0, Math.max(1, height))}</Box>;
}

export interface StackPanelProps extends ScreenProps {
  /** Install an app on this applied deployment (the wizard's "then install an app"). */
  deployment?: string;
  onLeave(): void;
}

export function StackPanel({ active, width, height, services, deployment, onLeave }: StackPanelProps) {
  const { state: s, now, latest, actions } = useStackRun(services, deployment);
  const w = Math.max(30, width - 2);
  useTextCapture('deploy/stacks', active && s.step === 'form');
  useCancelHandler('deploy/stacks', s.step === 'running' || s.step === 'confirm' ? actions.cancel : undefined, s.step === 'running');

  useLatestInput(
    (raw, key) => {
      const s = latest.current;
      const input = s.step === 'form' || key.ctrl || key.meta ? raw : (commandKey(raw) ?? raw);
      switch (s.step) {
        case 'confirm':
          if (input === 'y' || input === 'o' || key.return) actions.answer(true);
          else if (input === 'n' || key.escape) actions.answer(false);
          return;
        case 'running':
          if (key.escape) actions.cancel();
          return;
        case 'done':
          if (input === 'r') actions.resume();
          else if (key.return || key.escape) actions.finish();
          return;
        case 'form':
          if (key.upArrow) actions.move(-1);
          else if (key.downArrow) actions.move(1);
          else if (key.return) void actions.submit();
          else if (key.escape) actions.back();
          else if (key.backspace || key.delete) actions.edit((t) => t.slice(0, -1));
          else if (input && !key.ctrl && !key.meta && !key.tab) {
            for (const e of typedEdits(input)) {
              if (e.kind === 'text') actions.edit((t) => t + e.text);
              else if (e.kind === 'backspace') actions.edit((t) => t.slice(0, -1));
              else void actions.submit();
            }
          }
          return;
        default:
          if (key.upArrow) actions.move(-1);
          else if (key.downArrow) actions.move(1);
          else if (key.return) actions.next();
          else if (key.escape && !actions.back()) onLeave();
      }
    },
    { isActive: active },
  );

  const body = Math.max(1, height - 1);
  let content: ReactNode;
  let hint = '';
  const name = s.opened ? (s.opened.deployment ? `${s.opened.deployment.id} + ${s.opened.app.id}` : s.opened.manifest.name) : '';
  if (s.loading) content = <Text dimColor>{m('loading')}</Text>;
  else if (s.checking) content = <Text dimColor>{m('opening')}</Text>;
  else if (s.step === 'stacks') {
    hint = m('listHint');
    content = <PickList title={m('pickStack')} items={s.stacks.map((x) => ({ key: x.id, label: `${x.id}  ${x.infra} + ${x.app}${x.source === 'user' ? ' *' : ''}`, detail: x.description }))} selected={s.stackIndex} width={w} height={body} empty={m('none')} />;
  } else if (s.step === 'apps') {
    hint = m('listHint');
    content = <PickList title={m('pickApp', { id: s.deployment ?? '' })} items={s.apps.map((a) => ({ key: a.id, label: `${a.id}  ${a.name}`, detail: a.description }))} selected={s.appIndex} width={w} height={body} />;
  } else if (s.step === 'form') {
    hint = m('formHint');
    content = (
      <ParamForm
        title={m('form', { name })}
        rows={s.fields.map((f) => ({ key: f.id, name: f.name, text: f.text, secret: f.param?.sensitive, required: f.required, description: f.description, defaultText: f.param && f.param.default !== undefined && f.param.default !== null ? String(f.param.default) : undefined, error: f.error }))}
        selected={s.fieldIndex}
        button={s.deployment ? m('install') : m('deploy')}
        width={w}
        height={body}
        problem={s.formProblem}
      />
    );
  } else if (s.run) {
    const r = s.run;
    hint = s.step === 'done' ? ((r.result === 'failed' || r.result === 'interrupted') && r.id ? m('resumeHint', { id: r.id }) : m('doneHint')) : s.step === 'confirm' ? '' : m('runningHint');
    content = (
      <Box flexDirection="column">
        <Phases run={r} name={name} now={now} width={w} height={body - (s.step === 'confirm' ? 1 : 0)} />
        {s.step === 'confirm' && r.plan ? <Text color="yellow" bold>{fit(m('confirm', { add: r.plan.add, change: r.plan.change, destroy: r.plan.destroy, app: s.opened?.app.id ?? '' }), w)}</Text> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {s.error ? <Text color="red">{fit(s.error, w)}</Text> : null}
      <Box flexDirection="column" height={Math.max(1, body - (s.error ? 1 : 0))} overflow="hidden">
        {content}
      </Box>
      {hint ? <Text dimColor>{fit(hint, w)}</Text> : null}
    </Box>
  );
}
