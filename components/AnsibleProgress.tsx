/**
 * A playbook run as it goes: the step (probe, playbook, health check), task N of M, the current
 * task, ok/changed/failed counts and the elapsed time, then the failures as Ansible reported them.
 */
import { Box, Text } from 'ink';
import { defineMessages } from '../src/core/i18n.js';
import { fit } from './PickList.js';

const m = defineMessages({
  en: {
    probe: 'checking the target answers',
    playbook: 'running the playbook',
    health: 'health check',
    task: 'task {index}/{total}: {task}',
    taskNoTotal: 'task {index}: {task}',
    counts: '{ok} ok · {changed} changed · {failed} failed · {skipped} skipped',
    elapsed: 'elapsed {seconds}s',
  },
  fr: {
    probe: 'vérification que la cible répond',
    playbook: 'exécution du playbook',
    health: 'vérification de santé',
    task: 'tâche {index}/{total} : {task}',
    taskNoTotal: 'tâche {index} : {task}',
    counts: '{ok} ok · {changed} modifiées · {failed} en échec · {skipped} ignorées',
    elapsed: 'écoulé {seconds} s',
  },
});

export interface AnsibleProgressProps {
  title: string;
  phase?: 'probe' | 'playbook' | 'health';
  index: number;
  total?: number;
  current?: string;
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** Failure lines (task, host, message). */
  failures: string[];
  width: number;
}

export function AnsibleProgress(p: AnsibleProgressProps) {
  const task = p.current ? (p.total && p.index <= p.total ? m('task', { index: p.index, total: p.total, task: p.current }) : m('taskNoTotal', { index: p.index, task: p.current })) : '';
  return (
    <Box flexDirection="column">
      <Text bold>{fit(`${p.title}  ${m('elapsed', { seconds: p.seconds })}`, p.width)}</Text>
      {p.phase ? <Text>{fit(`  ▸ ${m(p.phase)}`, p.width)}</Text> : null}
      {task ? <Text>{fit(`  ${task}`, p.width)}</Text> : null}
      <Text>
        {'  '}
        <Text color={p.changed ? 'yellow' : undefined}>{fit(m('counts', { ok: p.ok, changed: p.changed, failed: p.failed, skipped: p.skipped }), p.width - 2)}</Text>
      </Text>
      {p.failures.slice(-3).map((f, i) => (
        <Text key={`f${i}`} color="red">{fit(`  ✗ ${f}`, p.width)}</Text>
      ))}
    </Box>
  );
}
