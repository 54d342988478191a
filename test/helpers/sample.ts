/** Monitor samples for tests: a quiet one-core machine, with the fields a test cares about overridden. */
import type { Sample } from '../../src/services/monitor/types.js';

export const GiB = 1024 ** 3;

/** A sample with nothing in alert and nothing moving; `over` replaces whole top-level fields. */
export function sampleWith(over: Partial<Sample> = {}): Sample {
  return {
    timestamp: new Date().toISOString(),
    interval_seconds: 2,
    uptime_seconds: 3600,
    cpu: { usage: 10, user: 8, system: 2, iowait: 0, steal: 0, cores: [{ core: 0, usage: 10, user: 8, system: 2, iowait: 0, steal: 0 }] },
    load: { '1m': 0.1, '5m': 0.1, '15m': 0.1, per_core: 0.1, cores: 1 },
    memory: { total: 8 * GiB, used: 2 * GiB, available: 6 * GiB, free: 5 * GiB, usage: 25 },
    swap: { total: 0, used: 0, usage: 0 },
    filesystems: [],
    disk: { read_bytes_per_sec: 0, write_bytes_per_sec: 0 },
    network: [],
    processes: [],
    temperatures: null,
    alerts: [],
    ...over,
  };
}
