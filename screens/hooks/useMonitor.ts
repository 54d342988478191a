/**
 * Owns the Monitor screen's sampler (created in an effect, closed in its cleanup), the sampling
 * loop (next sample only after the previous one finished), pause, interval changes, the short
 * history behind the sparklines, and recording into the history store.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SampleSource, SamplerOptions } from '../../src/services/monitor/sampler.js';
import { DEFAULT_THRESHOLDS, thresholdsFrom } from '../../src/services/monitor/thresholds.js';
import type { Sample, Thresholds } from '../../src/services/monitor/types.js';
import type { ShellServices } from '../types.js';

/** ShellServices.monitor: what `cloudya monitor` passes to the screen, and what tests inject. */
export interface MonitorServices {
  intervalSeconds?: number;
  service?: string;
  /** Record samples into ~/.cloudya/monitor.db (default true, but not with an injected sampler unless set to true). */
  record?: boolean;
  /** A fake sampler for tests. */
  createSampler?(options: SamplerOptions): SampleSource;
}

export interface MonitorHistory {
  cpu: number[];
  memory: number[];
  rx: number[];
  tx: number[];
}

export interface MonitorState {
  sample?: Sample;
  history: MonitorHistory;
  intervalSeconds: number;
  paused: boolean;
  error?: string;
  samples: number;
  thresholds: Thresholds;
  /** Why samples are not being saved to the history, when they are not. */
  recording?: { file: string; reason: string; buffering: boolean };
}

const HISTORY = 240;
/** The interval steps +/- move through (seconds). */
export const INTERVAL_STEPS = [0.5, 1, 2, 3, 5, 10, 30, 60];

function push(list: number[], v: number): number[] {
  const next = list.length >= HISTORY ? list.slice(1) : list.slice();
  next.push(v);
  return next;
}

/** The next interval step up (+1) or down (-1). */
export function stepInterval(current: number, direction: 1 | -1): number {
  if (direction > 0) return INTERVAL_STEPS.find((s) => s > current) ?? current;
  return [...INTERVAL_STEPS].reverse().find((s) => s < current) ?? current;
}

export function useMonitor(services: ShellServices, active: boolean, rows = 0) {
  const options: MonitorServices = services.monitor ?? {};
  const injected = services.monitor;
  const [state, setState] = useState<MonitorState>({
    history: { cpu: [], memory: [], rx: [], tx: [] },
    intervalSeconds: options.intervalSeconds ?? 2,
    paused: false,
    samples: 0,
    thresholds: DEFAULT_THRESHOLDS,
  });
  const intervalRef = useRef(state.intervalSeconds);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const pausedRef = useRef(false);
  const wake = useRef<() => void>(() => {});

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let source: SampleSource | undefined;
    let store: { record(s: Sample): void; close(): void } | undefined;
    const setRecording = (recording: MonitorState['recording']) => {
      if (!stopped) setState((s) => ({ ...s, recording }));
    };

    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        wake.current = () => {
          clearTimeout(timer);
          resolve();
        };
      });

    (async () => {
      try {
        const sampler = await import('../../src/services/monitor/sampler.js');
        let get: (key: string) => unknown = () => undefined;
        if (services.env) {
          const { loadConfig } = await import('../../src/core/config.js');
          const config = loadConfig({ env: services.env });
          get = (k) => config.get(k);
        }
        const thresholds = thresholdsFrom(get);
        if (!stopped) setState((s) => ({ ...s, thresholds }));
        // Enough processes to fill the table on a tall terminal (the sampler keeps 15 by default).
        const opts: SamplerOptions = { intervalMs: intervalRef.current * 1000, service: options.service, thresholds, processLimit: Math.max(15, rowsRef.current) };
        source = injected?.createSampler ? injected.createSampler(opts) : sampler.createSampler(opts);
        if (services.env && (options.record === true || (options.record !== false && !injected?.createSampler))) {
          const { SampleRecorder } = await import('../../src/services/monitor/recorder.js');
          const { userPaths } = await import('../../src/core/paths.js');
          const file = userPaths(services.env).monitorDb;
          const retention = get('monitor.retention_days');
          try {
            // A lock held elsewhere only delays writes (samples wait in memory); the screen says so meanwhile.
            store = new SampleRecorder({
              file,
              retentionDays: typeof retention === 'number' ? retention : 30,
              onEvent: (e) => {
                if (e.kind === 'failing') setRecording({ file, reason: e.reason, buffering: true });
                else if (e.kind === 'recovered') setRecording(undefined);
              },
            });
          } catch (err) {
            // The dashboard works without history, but must say that nothing is being saved.
            setRecording({ file, reason: (err as Error).message, buffering: false });
          }
        }
      } catch (err) {
        if (!stopped) setState((s) => ({ ...s, error: (err as Error).message }));
        return;
      }
      while (!stopped) {
        if (pausedRef.current) {
          await sleep(60_000);
          continue;
        }
        const started = Date.now();
        try {
          source.setInterval?.(intervalRef.current * 1000);
          const sample = await source.sample();
          if (stopped) break;
          const rx = sample.network.reduce((a, n) => a + n.rx_bytes_per_sec, 0);
          const tx = sample.network.reduce((a, n) => a + n.tx_bytes_per_sec, 0);
          setState((s) => ({
            ...s,
            sample,
            error: undefined,
            samples: s.samples + 1,
            history: { cpu: push(s.history.cpu, sample.cpu.usage), memory: push(s.history.memory, sample.memory.usage), rx: push(s.history.rx, rx), tx: push(s.history.tx, tx) },
          }));
          // After the frame update: a store locked elsewhere may hold a write for its busy timeout.
          store?.record(sample);
        } catch (err) {
          if (!stopped) setState((s) => ({ ...s, error: (err as Error).message }));
        }
        await sleep(Math.max(0, intervalRef.current * 1000 - (Date.now() - started)));
      }
    })();

    return () => {
      stopped = true;
      wake.current();
      clearTimeout(timer);
      source?.close?.();
      store?.close();
    };
    // The loop reads interval and pause through refs; it restarts only when the screen (de)activates.
  }, [active]);

  const setPaused = useCallback((paused: boolean) => {
    pausedRef.current = paused;
    setState((s) => ({ ...s, paused }));
    if (!paused) wake.current();
  }, []);

  const changeInterval = useCallback((direction: 1 | -1) => {
    const next = stepInterval(intervalRef.current, direction);
    intervalRef.current = next;
    setState((s) => ({ ...s, intervalSeconds: next }));
    wake.current(); // a shorter interval should not wait out the longer one
  }, []);

  return { ...state, togglePause: () => setPaused(!pausedRef.current), changeInterval };
}
