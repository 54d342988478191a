/**
 * The live dashboard: CPU gauge and per-core bars, sparklines for CPU, memory and network,
 * memory/swap gauges, filesystems, disk and network rates, and a sortable process table.
 * Sections are dropped from the bottom up so the frame never exceeds the height it is given.
 */
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { Gauge, gaugeBar } from '../components/Gauge.js';
import { Sparkline } from '../components/Sparkline.js';
import { fit, Table, type Column } from '../components/Table.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { defineMessages, getLang } from '../src/core/i18n.js';
import { formatBytes, formatDuration, formatRate } from '../src/services/monitor/format.js';
import { levelName, thresholdMetricName } from '../src/services/monitor/labels.js';
import { levelOf } from '../src/services/monitor/thresholds.js';
import type { FilesystemUsage, Level, ProcessInfo, ThresholdMetric, Thresholds } from '../src/services/monitor/types.js';
import { useMonitor } from './hooks/useMonitor.js';
import type { ScreenProps } from './types.js';

const m = defineMessages({
  en: {
    waiting: 'Taking the first sample…',
    load: 'load',
    perCore: '/core',
    up: 'up',
    mem: 'Mem',
    swap: 'Swap',
    noSwap: 'no swap',
    net: 'Net',
    disk: 'Disk',
    read: 'read',
    write: 'write',
    rx: 'in',
    tx: 'out',
    temp: 'temp',
    mount: 'Mount',
    size: 'Size',
    used: 'Used',
    use: 'Use%',
    inodes: 'Inodes',
    user: 'User',
    command: 'Command',
    sort: 'sort',
    every: 'every {seconds}s',
    paused: 'PAUSED',
    keys: 'c/m/n sort · +/- interval · p pause',
    alerts: 'alerts',
    service: 'Service',
    restarts: 'restarts',
    procs: 'processes',
    ports: 'ports',
    unknown: 'unknown',
    notFound: 'not found',
    moreCores: '+{count} cores',
    mt_pid: 'pid',
    notRecording: '! samples are not being saved: {reason} ({file})',
    buffering: '! history busy: {reason}; samples kept in memory until it is free ({file})',
  },
  fr: {
    waiting: 'Première mesure en cours…',
    load: 'charge',
    perCore: '/cœur',
    up: 'depuis',
    mem: 'Mém',
    swap: 'Swap',
    noSwap: 'pas de swap',
    net: 'Rés',
    disk: 'Disque',
    read: 'lect.',
    write: 'écr.',
    rx: 'entr.',
    tx: 'sort.',
    temp: 'temp.',
    mount: 'Montage',
    size: 'Taille',
    used: 'Utilisé',
    use: 'Util%',
    inodes: 'Inodes',
    user: 'Util.',
    command: 'Commande',
    sort: 'tri',
    every: 'toutes les {seconds} s',
    paused: 'EN PAUSE',
    keys: 'c/m/n tri · +/- intervalle · p pause',
    alerts: 'alertes',
    service: 'Service',
    restarts: 'redémarrages',
    procs: 'processus',
    ports: 'ports',
    unknown: 'inconnu',
    notFound: 'introuvable',
    moreCores: '+{count} cœurs',
    mt_pid: 'pid',
    notRecording: '! les mesures ne sont pas enregistrées : {reason} ({file})',
    buffering: '! historique occupé : {reason} ; mesures gardées en mémoire en attendant ({file})',
  },
});

export type ProcessSort = 'cpu' | 'memory' | 'pid';

const LEVEL_COLORS: Record<Level, string> = { ok: 'green', careful: 'cyan', warning: 'yellow', critical: 'red' };

/** The Ink colour for a metric's value under the thresholds. */
export function levelColor(thresholds: Thresholds, metric: ThresholdMetric, value: number): string {
  return LEVEL_COLORS[levelOf(thresholds, metric, value)];
}

/** Processes in the chosen order. */
export function sortProcesses(list: readonly ProcessInfo[], by: ProcessSort): ProcessInfo[] {
  const out = [...list];
  if (by === 'pid') return out.sort((a, b) => a.pid - b.pid);
  if (by === 'memory') return out.sort((a, b) => b.memory - a.memory || b.cpu - a.cpu);
  return out.sort((a, b) => b.cpu - a.cpu || b.memory - a.memory);
}

const mountKey = (f: FilesystemUsage) => f.mount;
const pidKey = (p: ProcessInfo) => String(p.pid);

export function MonitorScreen({ active, width, height, services }: ScreenProps) {
  const mon = useMonitor(services, active, height);
  const [sort, setSort] = useState<ProcessSort>('cpu');

  useLatestInput(
    (input, key) => {
      if (key.ctrl || key.meta) return;
      // Keys that arrive together (a held key, tmux send-keys, a busy machine) come as one string: each counts.
      for (const ch of input) {
        if (ch === 'c') setSort('cpu');
        else if (ch === 'm') setSort('memory');
        else if (ch === 'n') setSort('pid');
        else if (ch === 'p' || ch === ' ') mon.togglePause();
        else if (ch === '+' || ch === '=') mon.changeInterval(1);
        else if (ch === '-' || ch === '_') mon.changeInterval(-1);
      }
    },
    { isActive: active },
  );

  const s = mon.sample;
  // The process list and the filesystems change only when the sampler's slower part runs (every few
  // samples): kept the same, the tables below are not rendered again in between (Table is memoized).
  const processes = useMemo(() => sortProcesses(s?.processes ?? [], sort), [s?.processes, sort]);
  const t = mon.thresholds;
  const w = Math.max(40, width);
  const lang = getLang();
  const { fsColumns, procColumns } = useMemo(() => {
    const fsColumns: Column<FilesystemUsage>[] = [
      { key: 'mount', title: m('mount'), width: Math.max(10, w - 44), value: (f) => f.mount },
      { key: 'size', title: m('size'), width: 9, align: 'right', value: (f) => formatBytes(f.size) },
      { key: 'used', title: m('used'), width: 9, align: 'right', value: (f) => formatBytes(f.used) },
      { key: 'use', title: m('use'), width: 7, align: 'right', value: (f) => `${f.usage.toFixed(1)}%`, color: (f) => levelColor(t, 'filesystem', f.usage) },
      { key: 'inodes', title: m('inodes'), width: 7, align: 'right', value: (f) => (f.inodes ? `${f.inodes.usage.toFixed(0)}%` : '-') },
    ];
    const procColumns: Column<ProcessInfo>[] = [
      { key: 'pid', title: 'PID', width: 7, align: 'right', value: (p) => String(p.pid) },
      { key: 'user', title: m('user'), width: 8, value: (p) => p.user },
      { key: 'cpu', title: 'CPU%', width: 6, align: 'right', value: (p) => p.cpu.toFixed(1), color: (p) => levelColor(t, 'cpu', p.cpu) },
      { key: 'memory', title: 'MEM%', width: 6, align: 'right', value: (p) => p.memory.toFixed(1), color: (p) => levelColor(t, 'memory', p.memory) },
      { key: 'rss', title: 'RSS', width: 9, align: 'right', value: (p) => formatBytes(p.rss_bytes) },
      { key: 'command', title: m('command'), width: Math.max(8, w - 7 - 8 - 6 - 6 - 9 - 5), value: (p) => p.command || p.name },
    ];
    return { fsColumns, procColumns };
    // The titles are in the current language: a change of language makes new columns.
  }, [w, t, lang]);
  const rec = mon.recording;
  const notice = rec ? (
    <Box height={1} overflowY="hidden">
      <Text color={rec.buffering ? 'yellow' : 'red'}>{fit(m(rec.buffering ? 'buffering' : 'notRecording', { file: rec.file, reason: rec.reason }), w)}</Text>
    </Box>
  ) : null;
  const footer = (
    <Box height={1} overflowY="hidden">
      <Text>
        <Text color={mon.paused ? 'yellow' : undefined} bold={mon.paused}>
          {mon.paused ? `${m('paused')} · ` : ''}
        </Text>
        <Text dimColor>{fit(`${m('every', { seconds: mon.intervalSeconds })} · ${m('sort')}: ${sort === 'pid' ? m('mt_pid') : thresholdMetricName(sort)} · ${m('keys')}`, w - (mon.paused ? m('paused').length + 3 : 0))}</Text>
      </Text>
    </Box>
  );
  if (!s) {
    return (
      <Box flexDirection="column" width={w} height={height} overflowY="hidden" overflowX={width < 40 ? 'hidden' : 'visible'}>
        <Text color={mon.error ? 'red' : undefined} dimColor={!mon.error}>
          {fit(mon.error ?? m('waiting'), w)}
        </Text>
        {height > 2 ? notice : null}
        {height > 1 ? footer : null}
      </Box>
    );
  }

  // --- layout budget: everything below must add up to at most `height` lines ---
  const label = 5;
  const cellWidth = 19;
  const perLine = Math.max(1, Math.floor(w / cellWidth));
  const coreLines = Math.min(2, Math.ceil(s.cpu.cores.length / perLine));
  const coresShown = Math.min(s.cpu.cores.length, coreLines * perLine);
  const fsRows = Math.min(s.filesystems.length, 4);
  const svcLines = s.service ? 1 : 0;
  const alertLine = s.alerts.length ? 1 : 0;
  let budget = height - 1 /* footer */ - 1 /* cpu */ - 1 /* mem+swap */ - 1 /* disk+net rates */;
  const show = { notice: false, cores: false, sparks: false, fs: false, svc: false, alerts: false };
  // A section with nothing to show (no alert, no filesystem) takes no line and is not drawn: drawn
  // without its line in the budget, the frame would be one line taller than `height` and Yoga would
  // squeeze the other sections into each other.
  const take = (key: keyof typeof show, lines: number) => {
    if (lines > 0 && budget - lines >= 3) {
      show[key] = true;
      budget -= lines;
    }
  };
  take('notice', rec ? 1 : 0);
  take('svc', svcLines);
  take('alerts', alertLine);
  take('cores', coreLines);
  take('sparks', 3);
  take('fs', fsRows ? fsRows + 1 : 0);
  const procRows = Math.max(0, budget - 1);

  const rx = s.network.reduce((a, n) => a + n.rx_bytes_per_sec, 0);
  const tx = s.network.reduce((a, n) => a + n.tx_bytes_per_sec, 0);
  const loadColor = levelColor(t, 'load', s.load.per_core);
  const halfBar = Math.max(8, Math.floor((w - 2 * (label + 30)) / 2));
  const loadValues = `${s.load['1m'].toFixed(2)} ${s.load['5m'].toFixed(2)} ${s.load['15m'].toFixed(2)}`;
  const loadTail = ` (${s.load.per_core.toFixed(2)}${m('perCore')}) ${m('up')} ${formatDuration(s.uptime_seconds)}`;
  const loadWidth = 2 + m('load').length + 1 + loadValues.length + loadTail.length;
  // label + bar + " 100.0%" + the load text must fit the width: the bar takes what is left.
  const bar = Math.max(8, w - label - 7 - loadWidth);
  const sparkWidth = Math.max(10, w - label - 28);
  const temp = s.temperatures?.max ?? s.temperatures?.main;


  // Clipped vertically only: each line is fitted to `w` (fit(), wrap="truncate"), and horizontal clipping
  // would cost a sliceAnsi of every line each second (registry: fitsWidth). The two gauge rows keep theirs.
  return (
    <Box flexDirection="column" width={w} height={height} overflowY="hidden" overflowX={width < 40 ? 'hidden' : 'visible'}>
      <Box height={1} overflow="hidden">
        <Gauge label="CPU" labelWidth={label - 1} value={s.cpu.usage} width={bar} color={levelColor(t, 'cpu', s.cpu.usage)} />
        <Text wrap="truncate">
          {'  '}
          <Text dimColor>{m('load')} </Text>
          <Text color={loadColor}>{loadValues}</Text>
          <Text dimColor>{loadTail}</Text>
        </Text>
      </Box>
      {show.cores ? (
        <Box flexDirection="column" height={coreLines} overflowY="hidden">
          {Array.from({ length: coreLines }, (_, line) => (
            <Text key={line} wrap="truncate">
              {s.cpu.cores.slice(line * perLine, Math.min(coresShown, (line + 1) * perLine)).map((c) => {
                const { filled, empty } = gaugeBar(c.usage, cellWidth - 10);
                return (
                  <Text key={c.core}>
                    <Text dimColor>{String(c.core).padStart(3)} </Text>
                    <Text color={levelColor(t, 'cpu', c.usage)}>{filled}</Text>
                    <Text dimColor>{empty}</Text>
                    <Text color={levelColor(t, 'cpu', c.usage)}>{`${c.usage.toFixed(0).padStart(4)}% `}</Text>
                  </Text>
                );
              })}
              {line === coreLines - 1 && coresShown < s.cpu.cores.length ? <Text dimColor>{m('moreCores', { count: s.cpu.cores.length - coresShown })}</Text> : null}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box height={1} overflow="hidden">
        <Gauge label={m('mem')} labelWidth={label - 1} value={s.memory.usage} width={halfBar} color={levelColor(t, 'memory', s.memory.usage)} suffix={`${formatBytes(s.memory.used)}/${formatBytes(s.memory.total)}`} />
        <Text>{'  '}</Text>
        {s.swap.total > 0 ? (
          <Gauge label={m('swap')} value={s.swap.usage} width={halfBar} color={levelColor(t, 'swap', s.swap.usage)} suffix={`${formatBytes(s.swap.used)}/${formatBytes(s.swap.total)}`} />
        ) : (
          <Text dimColor>{`${m('swap')}: ${m('noSwap')}`}</Text>
        )}
      </Box>
      {show.sparks ? (
        <Box flexDirection="column" height={3}>
          <Text>
            <Text bold>{'CPU'.padEnd(label)}</Text>
            <Sparkline values={mon.history.cpu} width={sparkWidth} max={100} color={levelColor(t, 'cpu', s.cpu.usage)} />
            <Text dimColor>{` ${s.cpu.usage.toFixed(1)}% us ${s.cpu.user.toFixed(0)} sy ${s.cpu.system.toFixed(0)}${s.cpu.iowait !== null ? ` wa ${s.cpu.iowait.toFixed(0)}` : ''}`.slice(0, 27)}</Text>
          </Text>
          <Text>
            <Text bold>{m('mem').padEnd(label)}</Text>
            <Sparkline values={mon.history.memory} width={sparkWidth} max={100} color={levelColor(t, 'memory', s.memory.usage)} />
            <Text dimColor>{` ${s.memory.usage.toFixed(1)}%`}</Text>
          </Text>
          <Text>
            <Text bold>{m('net').padEnd(label)}</Text>
            <Sparkline values={mon.history.rx.map((v, i) => v + (mon.history.tx[i] ?? 0))} width={sparkWidth} color="cyan" />
            <Text dimColor>{` ${formatRate(rx + tx)}`.slice(0, 27)}</Text>
          </Text>
        </Box>
      ) : null}
      <Box height={1} overflowY="hidden">
        <Text wrap="truncate">
          <Text bold>{m('net').padEnd(label)}</Text>
          <Text>{`${m('rx')} ${formatRate(rx)}  ${m('tx')} ${formatRate(tx)}`}</Text>
          <Text bold>{`   ${m('disk')} `}</Text>
          <Text>{`${m('read')} ${formatRate(s.disk.read_bytes_per_sec)}  ${m('write')} ${formatRate(s.disk.write_bytes_per_sec)}`}</Text>
          {temp != null ? <Text dimColor>{`   ${m('temp')} ${temp.toFixed(0)}°C`}</Text> : null}
        </Text>
      </Box>
      {show.svc && s.service ? (
        <Box height={1} overflowY="hidden">
          <Text wrap="truncate">
            <Text bold>{`${m('service')} ${s.service.name}: `}</Text>
            {s.service.found ? (
              <Text>
                <Text color={s.service.active_state === 'active' ? 'green' : 'red'}>{`${s.service.active_state ?? m('unknown')}${s.service.sub_state ? ` (${s.service.sub_state})` : ''}`}</Text>
                <Text dimColor>{` · ${m('restarts')} ${s.service.restarts ?? m('unknown')} · ${s.service.processes.length} ${m('procs')} ${s.service.processes.reduce((a, p) => a + p.cpu, 0).toFixed(1)}% cpu ${formatBytes(s.service.processes.reduce((a, p) => a + p.rss_bytes, 0))} · ${m('ports')} ${s.service.listening_ports.map((p) => p.port).join(',') || '-'}`}</Text>
              </Text>
            ) : (
              <Text color="red">{m('notFound')}</Text>
            )}
          </Text>
        </Box>
      ) : null}
      {show.alerts ? (
        <Box height={1} overflowY="hidden">
          <Text color={s.alerts.some((a) => a.level === 'critical') ? 'red' : 'yellow'}>
            {fit(`! ${m('alerts')}: ${s.alerts.map((a) => `${thresholdMetricName(a.metric)}${a.target ? ` ${a.target}` : ''} ${a.metric === 'load' ? a.value.toFixed(2) : `${a.value.toFixed(0)}%`} ${levelName(a.level)}`).join(', ')}`, w)}
          </Text>
        </Box>
      ) : null}
      {show.fs ? <Table columns={fsColumns} rows={s.filesystems} maxRows={fsRows} rowKey={mountKey} /> : null}
      {procRows > 0 ? <Table columns={procColumns} rows={processes} maxRows={procRows} sortedBy={sort === 'memory' ? 'memory' : sort} rowKey={pidKey} /> : null}
      {show.notice ? notice : null}
      {footer}
    </Box>
  );
}
