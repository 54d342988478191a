/**
 * The Deploy screen's Apps section: pick an app, a target (this machine, a host over SSH, an
 * inventory, or an applied deployment's host), fill its parameters, confirm, follow Ansible live,
 * end on the URL, what changed and where the log is; the installations list with uninstall.
 * State lives in hooks/useAppInstall.ts.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { AnsibleProgress } from '../components/AnsibleProgress.js';
import { commandKey } from '../components/commandKey.js';
import { ParamForm } from '../components/ParamForm.js';
import { fit, PickList, windowOf } from '../components/PickList.js';
import { typedEdits } from '../components/typedKeys.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { defineMessages } from '../src/core/i18n.js';
import { installNextSteps } from '../src/services/apps/status.js';
import type { InstallationStatus } from '../src/services/apps/types.js';
import { useAppInstall, type AppRunView, type TargetChoice } from './hooks/useAppInstall.js';
import { useCancelHandler, useTextCapture } from './ShellContext.js';
import type { ScreenProps } from './types.js';

const m = defineMessages({
  en: {
    loading: 'Loading apps...',
    pickApp: 'Pick an app to install',
    pickTarget: 'Install {app} where?',
    local: 'This machine (local)',
    ssh: 'A host over SSH (user@host[:port])',
    inventory: 'The hosts of an Ansible inventory file',
    deployment: 'Deployment {id}: {user}@{host} ({template})',
    form: 'Parameters of {app} on {target}',
    install: '[ Install ]',
    checking: 'Checking...',
    confirm: 'Install {app} on {target}? y = yes, n = no',
    confirmUninstall: 'Uninstall {app} ({id}) from {target}? y = yes, n = no',
    installing: 'Installing {app} on {target}',
    uninstalling: 'Uninstalling {app} ({id}) from {target}',
    installed: '✓ {app} installed as {id} on {target} in {seconds}s',
    uninstalled: '✓ {app} ({id}) uninstalled from {target} in {seconds}s',
    declined: 'Nothing installed, nothing recorded.',
    declinedRerun: 'Not run again: installation {id} stays as it was.',
    failed: '✗ {app} failed on {target}',
    failedAt: 'failed task: {task} on {host}: {message}',
    interrupted: '⚠ {app} on {target} interrupted: Ansible was stopped; tasks already done stay done.',
    url: 'URL: {url}',
    healthUp: 'health check: up (HTTP {status})',
    healthDown: 'health check: DOWN ({error})',
    changedNone: 'Changed: nothing (already as wanted)',
    changed: 'Changed ({count}): {tasks}',
    log: 'Log: {file}',
    installedTitle: 'Installed apps',
    none: 'No installations yet: pick an app (Esc) and install it.',
    appsHint: '↑↓ select · Enter next · i installed apps · Esc deployments',
    targetHint: '↑↓ select · Enter next · Esc back',
    formHint: '↑↓ field · type to edit · Enter next/install · Esc back',
    runningHint: 'Esc or Ctrl+C: stop (Ansible stops cleanly)',
    doneHint: 'Enter: continue',
    retryHint: 'r: retry with the same values · Enter: back to the form',
    retryHintList: 'r: retry with the same values · Enter: continue',
    installedHint: '↑↓ select · u uninstall · r refresh · Esc apps',
    st_installing: 'installing',
    st_installed: 'installed',
    st_failed: 'failed',
    st_uninstalling: 'uninstalling',
    st_uninstalled: 'uninstalled',
    st_interrupted: 'interrupted',
  },
  fr: {
    loading: 'Chargement des applications...',
    pickApp: 'Choisissez une application à installer',
    pickTarget: 'Installer {app} où ?',
    local: 'Cette machine (local)',
    ssh: 'Un hôte en SSH (utilisateur@hôte[:port])',
    inventory: "Les hôtes d'un fichier d'inventaire Ansible",
    deployment: 'Déploiement {id} : {user}@{host} ({template})',
    form: 'Paramètres de {app} sur {target}',
    install: '[ Installer ]',
    checking: 'Vérification...',
    confirm: 'Installer {app} sur {target} ? o = oui, n = non',
    confirmUninstall: 'Désinstaller {app} ({id}) de {target} ? o = oui, n = non',
    installing: 'Installation de {app} sur {target}',
    uninstalling: 'Désinstallation de {app} ({id}) de {target}',
    installed: '✓ {app} installée ({id}) sur {target} en {seconds} s',
    uninstalled: '✓ {app} ({id}) désinstallée de {target} en {seconds} s',
    declined: 'Rien installé, rien enregistré.',
    declinedRerun: "Pas relancée : l'installation {id} reste telle quelle.",
    failed: '✗ {app} en échec sur {target}',
    failedAt: 'tâche en échec : {task} sur {host} : {message}',
    interrupted: '⚠ {app} sur {target} interrompue : Ansible a été arrêté ; les tâches faites le restent.',
    url: 'URL : {url}',
    healthUp: 'vérification de santé : en service (HTTP {status})',
    healthDown: 'vérification de santé : HORS SERVICE ({error})',
    changedNone: 'Modifié : rien (déjà dans l’état voulu)',
    changed: 'Modifié ({count}) : {tasks}',
    log: 'Journal : {file}',
    installedTitle: 'Applications installées',
    none: 'Aucune installation : choisissez une application (Échap) et installez-la.',
    appsHint: '↑↓ choisir · Entrée suivant · i applications installées · Échap déploiements',
    targetHint: '↑↓ choisir · Entrée suivant · Échap retour',
    formHint: '↑↓ champ · tapez pour modifier · Entrée suivant/installer · Échap retour',
    runningHint: 'Échap ou Ctrl+C : arrêter (Ansible s’arrête proprement)',
    doneHint: 'Entrée : continuer',
    retryHint: 'r : réessayer avec les mêmes valeurs · Entrée : retour au formulaire',
    retryHintList: 'r : réessayer avec les mêmes valeurs · Entrée : continuer',
    installedHint: '↑↓ choisir · u désinstaller · r actualiser · Échap applications',
    st_installing: 'installation',
    st_installed: 'installée',
    st_failed: 'en échec',
    st_uninstalling: 'désinstallation',
    st_uninstalled: 'désinstallée',
    st_interrupted: 'interrompue',
  },
});

const statusColor = (s: InstallationStatus) => (s === 'installed' ? 'green' : s === 'failed' ? 'red' : s === 'interrupted' ? 'yellow' : undefined);

function targetText(t: TargetChoice): string {
  if (t.kind === 'deployment') return m('deployment', { id: t.host.deployment, user: t.host.user, host: t.host.host, template: t.host.template });
  return m(t.kind);
}

function Summary({ run, width, height }: { run: AppRunView; width: number; height: number }) {
  const seconds = Math.max(0, Math.round(((run.finished ?? Date.now()) - run.started) / 1000));
  const inst = run.installation;
  const v = { app: run.app, target: run.target, id: run.id ?? '-', seconds };
  const lines: ReactNode[] = [];
  if (run.result === 'installed') lines.push(<Text key="h" color="green" bold>{fit(m('installed', v), width)}</Text>);
  else if (run.result === 'uninstalled') lines.push(<Text key="h" color="green" bold>{fit(m('uninstalled', v), width)}</Text>);
  else if (run.result === 'declined') lines.push(<Text key="h">{run.rerun && run.id ? m('declinedRerun', { id: run.id }) : m('declined')}</Text>);
  else if (run.result === 'interrupted') lines.push(<Text key="h" color="yellow">{fit(m('interrupted', v), width)}</Text>);
  else lines.push(<Text key="h" color="red" bold>{fit(m('failed', v), width)}</Text>);
  if (run.failedTask) lines.push(<Text key="ft" color="red">{fit(`  ${m('failedAt', { task: run.failedTask.task, host: run.failedTask.host, message: run.failedTask.message })}`, width)}</Text>);
  else if (run.result !== 'interrupted') for (const [i, e] of run.errors.slice(0, 2).entries()) lines.push(<Text key={`e${i}`} color={run.result === 'installed' ? 'yellow' : 'red'}>{fit(`  ${e}`, width)}</Text>);
  if (run.result === 'installed' && inst?.outputs.url) lines.push(<Text key="u" bold>{fit(m('url', { url: inst.outputs.url }), width)}</Text>);
  if (run.health) lines.push(<Text key="hc" color={run.health.ok ? 'green' : 'red'}>{fit(`  ${run.health.ok ? m('healthUp', { status: run.health.http_status ?? '?' }) : m('healthDown', { error: run.health.error ?? '?' })}`, width)}</Text>);
  if (run.result === 'installed' || run.result === 'uninstalled' || run.result === 'failed' || run.result === 'interrupted') {
    if (run.progress.index > 0 && (run.result !== 'interrupted' || run.changed.length)) lines.push(<Text key="c">{fit(run.changed.length ? m('changed', { count: run.changed.length, tasks: run.changed.join(', ') }) : m('changedNone'), width)}</Text>);
    lines.push(<Text key="counts" dimColor>{fit(`  ${run.progress.ok} ok · ${run.progress.changed} changed · ${run.progress.failed} failed · ${run.progress.skipped} skipped`, width)}</Text>);
  }
  // What to do next, one suggestion a line, so a command is never cut in two.
  if (inst && (run.result === 'failed' || run.result === 'interrupted')) for (const [i, step] of installNextSteps(inst, inst.status).split(/ · |(?<=\.) (?=\p{Lu})/u).entries()) lines.push(<Text key={`n${i}`}>{fit(step, width)}</Text>);
  if (run.log) lines.push(<Text key="l" dimColor>{fit(m('log', { file: run.log }), width)}</Text>);
  return <Box flexDirection="column">{lines.slice(0, Math.max(1, height))}</Box>;
}

export interface AppInstallProps extends ScreenProps {
  /** Back to the deployment wizard. */
  onLeave(): void;
}

export function AppInstall({ active, width, height, services, onLeave }: AppInstallProps) {
  const { state: s, now, latest, actions } = useAppInstall(services);
  const w = Math.max(30, width - 2);
  useTextCapture('deploy/apps', active && s.step === 'form');
  useCancelHandler('deploy/apps', s.step === 'running' || s.step === 'confirm' ? actions.cancel : undefined, s.step === 'running');

  useLatestInput(
    (raw, key) => {
      const s = latest.current;
      const input = s.step === 'form' || key.ctrl || key.meta ? raw : (commandKey(raw) ?? raw);
      switch (s.step) {
        case 'confirm':
          if (input === 'y' || input === 'o' || key.return) actions.answer(true);
          else if (input === 'n' || key.escape) actions.answer(false);
          return;
        case 'confirmUninstall':
          if (input === 'y' || input === 'o' || key.return) actions.answerUninstall(true);
          else if (input === 'n' || key.escape) actions.answerUninstall(false);
          return;
        case 'running':
          if (key.escape) actions.cancel();
          return;
        case 'done':
          if (key.return || key.escape) actions.finish();
          else if (input === 'r') actions.retry();
          return;
        case 'form':
          if (s.checking) return;
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
        case 'installed':
          if (key.upArrow) actions.move(-1);
          else if (key.downArrow) actions.move(1);
          else if (key.escape) actions.back();
          else if (input === 'u') actions.askUninstall();
          else if (input === 'r') void actions.refresh();
          return;
        default:
          if (key.upArrow) actions.move(-1);
          else if (key.downArrow) actions.move(1);
          else if (key.return) actions.next();
          else if (key.escape) {
            if (s.step === 'apps') onLeave();
            else actions.back();
          } else if (input === 'i' && s.step === 'apps') actions.showInstalled();
      }
    },
    { isActive: active },
  );

  const body = Math.max(1, height - 1);
  let content: ReactNode;
  let hint = '';
  if (s.loading) content = <Text dimColor>{m('loading')}</Text>;
  else if (s.step === 'apps') {
    hint = m('appsHint');
    content = <PickList title={m('pickApp')} items={s.apps.map((a) => ({ key: a.id, label: `${a.id}  ${a.name}${a.source === 'user' ? ' *' : ''}`, detail: a.description }))} selected={s.appIndex} width={w} height={body} />;
  } else if (s.step === 'target') {
    hint = m('targetHint');
    content = <PickList title={m('pickTarget', { app: s.app?.id ?? '' })} items={s.targets.map((t, i) => ({ key: `${t.kind}${i}`, label: targetText(t) }))} selected={s.targetIndex} width={w} height={body} />;
  } else if (s.step === 'form') {
    hint = s.checking ? m('checking') : m('formHint');
    content = (
      <ParamForm
        title={m('form', { app: s.app?.id ?? '', target: s.target ? targetText(s.target) : '' })}
        rows={s.fields.map((f) => ({ key: f.id, name: f.name, text: f.text, secret: f.param?.sensitive, required: f.required, description: f.description, defaultText: f.param && f.param.default !== undefined && f.param.default !== null ? String(f.param.default) : undefined, error: f.error }))}
        selected={s.fieldIndex}
        button={m('install')}
        width={w}
        height={body}
        problem={s.formProblem}
      />
    );
  } else if ((s.step === 'running' || s.step === 'confirm' || s.step === 'done') && s.run) {
    const r = s.run;
    const seconds = Math.max(0, Math.round(((r.finished ?? now) - r.started) / 1000));
    if (s.step === 'done') {
      hint = r.kind !== 'install' ? m('doneHint') : r.result === 'failed' || (r.result === 'declined' && r.rerun) ? m('retryHint') : r.result === 'interrupted' ? m('retryHintList') : m('doneHint');
      content = <Summary run={r} width={w} height={body} />;
    } else {
      hint = s.step === 'confirm' ? '' : m('runningHint');
      content = (
        <Box flexDirection="column">
          <AnsibleProgress
            title={r.kind === 'install' ? m('installing', { app: r.app, target: r.target }) : m('uninstalling', { app: r.app, id: r.id ?? '', target: r.target })}
            phase={r.phase}
            {...r.progress}
            seconds={seconds}
            failures={r.failures}
            width={w}
          />
          {s.step === 'confirm' ? <Text color="yellow" bold>{fit(m('confirm', { app: r.app, target: r.target }), w)}</Text> : null}
        </Box>
      );
    }
  } else {
    hint = m('installedHint');
    const row = s.installations[s.installedIndex];
    const win = windowOf(s.installations, s.installedIndex, body - 2);
    content = (
      <Box flexDirection="column">
        <Text bold>{m('installedTitle')}</Text>
        {!s.installations.length ? <Text dimColor>{m('none')}</Text> : null}
        {win.items.map((r, i) => {
          const on = win.offset + i === s.installedIndex;
          const inst = r.installation;
          return (
            <Text key={inst.id} inverse={on}>
              {`${on ? '›' : ' '} ${inst.id}  ${inst.app.padEnd(12)} ${fit(inst.target, 22).padEnd(22)} `}
              <Text color={statusColor(r.status)}>{m(`st_${r.status}`).padEnd(15)}</Text>
              {fit(inst.outputs.url ?? '', Math.max(0, w - 70))}
            </Text>
          );
        })}
        {s.step === 'confirmUninstall' && row ? <Text color="yellow" bold>{fit(m('confirmUninstall', { app: row.installation.app, id: row.installation.id, target: row.installation.target }), w)}</Text> : null}
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
