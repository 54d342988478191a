import { describe, expect, it } from 'vitest';
import { App } from '../../screens/App.js';
import type { MonitorServices } from '../../screens/hooks/useMonitor.js';
import type { Sample } from '../../src/services/monitor/types.js';
import { renderTui } from '../helpers/render.js';
import { GiB, sampleWith } from '../helpers/sample.js';

/** A healthy host: nothing over any threshold, so the sampler reports no alert. */
function healthySample(n: number, over: Partial<Sample> = {}): Sample {
  return sampleWith({
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
    uptime_seconds: 7200,
    cpu: { usage: 12 + (n % 3), user: 9, system: 3, iowait: 0, steal: 0, cores: [0, 1].map((core) => ({ core, usage: 10 + core, user: 5, system: 5, iowait: 0, steal: 0 })) },
    load: { '1m': 0.2, '5m': 0.1, '15m': 0.1, per_core: 0.1, cores: 2 },
    filesystems: [{ mount: '/', fs: '/dev/sda1', type: 'ext4', size: 100 * GiB, used: 30 * GiB, available: 70 * GiB, usage: 30, inodes: { total: 1000, used: 100, usage: 10 } }],
    network: [{ iface: 'eth0', rx_bytes_per_sec: 1024, tx_bytes_per_sec: 512, rx_bytes: 1e6, tx_bytes: 1e6 }],
    processes: Array.from({ length: 40 }, (_, i) => ({ pid: 100 + i, name: `proc${i}`, user: 'app', cpu: 40 - i, memory: 1, rss_bytes: 0.1 * GiB, command: `proc${i} --serve` })),
    ...over,
  });
}

describe('Monitor screen on a healthy host (no alert)', () => {
  for (const size of [{ columns: 80, rows: 24 }, { columns: 100, rows: 30 }]) {
    it(`lays out every section at ${size.columns}x${size.rows} without an empty alert line`, async () => {
      let n = 0;
      const monitor: MonitorServices = { intervalSeconds: 0.5, createSampler: () => ({ sample: async () => healthySample(++n) }) };
      const t = await renderTui(<App initialScreen="monitor" size={size} services={{ monitor }} />);
      const f = await t.waitFor((x) => x.includes('proc0') && n >= 2);
      const lines = f.split('\n');
      expect(lines.length, f).toBeLessThanOrEqual(size.rows);
      expect(f).not.toMatch(/alerts/);
      // The three sparkline rows, each with its own label and value.
      expect(f, f).toMatch(/^CPU {2}[▁-█ ]+ 1\d\.0% us 9 sy 3/m);
      expect(f, f).toMatch(/^Mem {2}[▁-█ ]+ 25\.0%$/m);
      expect(f, f).toMatch(/^Net {2}[▁-█ ]+ 1\.5 KiB\/s/m);
      // Both tables keep their headers.
      expect(f, f).toMatch(/^Mount +Size +Used +Use% +Inodes/m);
      expect(f, f).toMatch(/^ +PID User +CPU%▼ +MEM% +RSS Command/m);
      // The process table fills the rest: header + rows + footer + status bar reach the last row exactly.
      const header = lines.findIndex((l) => /^ +PID User/.test(l));
      const rows = lines.slice(header + 1).filter((l) => /^ +\d+ app /.test(l)).length;
      expect(header + 1 + rows + 2, f).toBe(size.rows);
      expect(lines.at(-2), f).toMatch(/every 0\.5s · sort: cpu/);
      t.unmount();
    });
  }

  it('draws no empty filesystem table when no filesystem is reported (a container)', async () => {
    let n = 0;
    const monitor: MonitorServices = { createSampler: () => ({ sample: async () => healthySample(++n, { filesystems: [] }) }) };
    const t = await renderTui(<App initialScreen="monitor" size={{ columns: 80, rows: 24 }} services={{ monitor }} />);
    const f = await t.waitFor((x) => x.includes('proc0'));
    expect(f).not.toMatch(/Mount/);
    expect(f, f).toMatch(/^CPU {2}[▁-█ ]+ 1\d\.0% us 9 sy 3/m);
    expect(f, f).toMatch(/^Mem {2}[▁-█ ]+ 25\.0%$/m);
    const lines = f.split('\n');
    const header = lines.findIndex((l) => /^ +PID User/.test(l));
    const rows = lines.slice(header + 1).filter((l) => /^ +\d+ app /.test(l)).length;
    expect(header + 1 + rows + 2, f).toBe(24);
    t.unmount();
  });
});
