import { describe, expect, it } from 'vitest';
import { App } from '../../screens/App.js';
import { levelColor, MonitorScreen } from '../../screens/MonitorScreen.js';
import type { MonitorServices } from '../../screens/hooks/useMonitor.js';
import { DEFAULT_THRESHOLDS } from '../../src/services/monitor/thresholds.js';
import type { Sample } from '../../src/services/monitor/types.js';
import { renderTui } from '../helpers/render.js';

const GiB = 1024 ** 3;

/** A sample as the real sampler shapes it, with values chosen per test. */
function fakeSample(n: number, over: Partial<Sample> = {}): Sample {
  return {
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
    interval_seconds: 2,
    uptime_seconds: 3600 * 5 + 42,
    cpu: { usage: 20 + (n % 5), user: 15, system: 5, iowait: 0, steal: 0, cores: [0, 1, 2, 3].map((core) => ({ core, usage: core === 3 ? 95 : 10 * core, user: 5, system: 5, iowait: 0, steal: 0 })) },
    load: { '1m': 0.5, '5m': 0.4, '15m': 0.3, per_core: 0.13, cores: 4 },
    memory: { total: 16 * GiB, used: 12 * GiB, available: 4 * GiB, free: 1 * GiB, usage: 75 },
    swap: { total: 2 * GiB, used: 0.1 * GiB, usage: 5 },
    filesystems: [
      { mount: '/', fs: '/dev/sda1', type: 'ext4', size: 100 * GiB, used: 93 * GiB, available: 7 * GiB, usage: 93, inodes: { total: 1000, used: 200, usage: 20 } },
      { mount: '/home', fs: '/dev/sda2', type: 'ext4', size: 400 * GiB, used: 40 * GiB, available: 360 * GiB, usage: 10, inodes: null },
    ],
    disk: { read_bytes_per_sec: 1024 * 1024, write_bytes_per_sec: 2048 },
    network: [{ iface: 'eth0', rx_bytes_per_sec: 5 * 1024 * 1024, tx_bytes_per_sec: 1024, rx_bytes: 1e9, tx_bytes: 1e8 }],
    processes: [
      { pid: 300, name: 'postgres', user: 'postgres', cpu: 12.5, memory: 30.2, rss_bytes: 4.8 * GiB, command: 'postgres: writer' },
      { pid: 20, name: 'nginx', user: 'www', cpu: 45.1, memory: 1.1, rss_bytes: 0.2 * GiB, command: 'nginx: worker' },
      { pid: 7, name: 'java', user: 'app', cpu: 3.3, memory: 41.7, rss_bytes: 6.6 * GiB, command: 'java -jar app.jar' },
    ],
    temperatures: null,
    alerts: [{ metric: 'filesystem', target: '/', level: 'critical', value: 93, threshold: 90 }],
    ...over,
  };
}

function fakeServices(intervalSeconds = 2, over: Partial<Sample> = {}) {
  const calls = { n: 0 };
  const monitor: MonitorServices = {
    intervalSeconds,
    createSampler: () => ({ sample: async () => fakeSample(++calls.n, over) }),
  };
  return { services: { monitor }, calls };
}

function processOrder(frame: string): string[] {
  return frame
    .split('\n')
    .map((l) => /^\s*\d+\s+\S+\s+[\d.]+\s+[\d.]+\s+\S+ \S+\s+(\w+)/.exec(l)?.[1])
    .filter((x): x is string => !!x);
}

// Several screens and waits of up to 30 s each on a loaded machine: more than the default 30 s per test.
describe('Monitor screen', { timeout: 120_000 }, () => {
  it('shows CPU, cores, memory, swap, rates, filesystems, alerts and processes', async () => {
    const { services } = fakeServices();
    const t = await renderTui(<MonitorScreen active width={80} height={22} services={services} />);
    const f = await t.waitFor((x) => x.includes('postgres'));
    expect(f).toMatch(/CPU .*2\d\.0%/);
    expect(f).toMatch(/3 .*95%/); // core 3
    expect(f).toMatch(/Mem .*75\.0% 12\.0 GiB\/16\.0 GiB/);
    expect(f).toMatch(/Swap .*5\.0%/);
    expect(f).toMatch(/in 5\.0 MiB\/s/);
    expect(f).toMatch(/read 1\.0 MiB\/s/);
    expect(f).toMatch(/\/home .*10\.0%/);
    expect(f).toMatch(/alerts: filesystem \/ 93% critical/);
    expect(f).toMatch(/load 0\.50 0\.40 0\.30/);
    expect(f).toMatch(/up 5h 00m/);
    expect(f).toMatch(/c\/m\/n sort/);
    t.unmount();
  });

  it('sorts processes by CPU, memory or pid with c, m and n', async () => {
    const { services } = fakeServices();
    const t = await renderTui(<MonitorScreen active width={80} height={22} services={services} />);
    await t.waitFor((x) => x.includes('postgres'));
    expect(processOrder(t.frame())).toEqual(['nginx', 'postgres', 'java']);
    await t.press('m');
    await t.waitFor((x) => x.includes('sort: memory'));
    expect(processOrder(t.frame())).toEqual(['java', 'postgres', 'nginx']);
    await t.press('n');
    await t.waitFor((x) => x.includes('sort: pid'));
    expect(processOrder(t.frame())).toEqual(['java', 'nginx', 'postgres']);
    await t.press('c');
    await t.waitFor((x) => x.includes('sort: cpu'));
    expect(processOrder(t.frame())).toEqual(['nginx', 'postgres', 'java']);
    t.unmount();
  });

  it('changes the interval with + and - and pauses with p', async () => {
    const { services, calls } = fakeServices(0.5);
    const t = await renderTui(<MonitorScreen active width={80} height={22} services={services} />);
    await t.waitFor((x) => x.includes('every 0.5s'));
    await t.press('+');
    await t.waitFor((x) => x.includes('every 1s'));
    await t.press('+', '+');
    await t.waitFor((x) => x.includes('every 3s'));
    await t.press('-', '-', '-', '-');
    await t.waitFor((x) => x.includes('every 0.5s'));
    await t.press('p');
    await t.waitFor((x) => x.includes('PAUSED'));
    const frozen = calls.n;
    // A second, unpaused screen at the same interval is the clock: once it has sampled three more
    // times, the paused one would have too (a loaded machine slows both alike).
    const control = fakeServices(0.5);
    const c = await renderTui(<MonitorScreen active width={80} height={22} services={control.services} />);
    const start = control.calls.n;
    await c.waitFor(() => control.calls.n >= start + 3);
    c.unmount();
    expect(calls.n).toBe(frozen);
    await t.press('p');
    await t.waitFor((x) => calls.n > frozen && !x.includes('PAUSED'));
    t.unmount();
  });

  it('keeps the whole first line at 100 % CPU and a long uptime', async () => {
    const busy = { ...fakeSample(1).cpu, usage: 100 };
    const t = await renderTui(<MonitorScreen active width={80} height={22} services={fakeServices(2, { cpu: busy, uptime_seconds: 86400 * 400 + 3600 * 23 }).services} />);
    const first = (await t.waitFor((x) => x.includes('postgres'))).split('\n')[0];
    expect(first).toMatch(/100\.0% {2}load 0\.50 0\.40 0\.30 \(0\.13\/core\) up 400d 23h$/);
    expect(first.length).toBeLessThanOrEqual(80);
    t.unmount();
  });

  it('never draws more lines than its height, from tiny terminals to large ones', async () => {
    for (const [width, height] of [[80, 22], [80, 10], [60, 6], [120, 40], [40, 3]] as const) {
      const { services } = fakeServices();
      const t = await renderTui(<MonitorScreen active width={width} height={height} services={services} />);
      const f = await t.waitFor((x) => x.includes('sort') || height < 4);
      const lines = f.split('\n');
      expect(lines.length, `${width}x${height}:\n${f}`).toBeLessThanOrEqual(height);
      for (const l of lines) expect(l.length, `${width}x${height}: "${l}"`).toBeLessThanOrEqual(width);
      t.unmount();
    }
  });

  it('fits the whole shell at 80x24 on the Monitor tab', async () => {
    const { services } = fakeServices();
    const t = await renderTui(<App initialScreen="monitor" size={{ columns: 80, rows: 24 }} services={services} />);
    const f = await t.waitFor((x) => x.includes('postgres'));
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    expect(f).toMatch(/Monitor/);
    expect(f).toMatch(/p pause/);
    t.unmount();
  });

  it('shows the watched service, or says it was not found', async () => {
    const svc = {
      name: 'nginx.service', source: 'systemd' as const, found: true, active_state: 'active', sub_state: 'running', restarts: 2,
      processes: [fakeSample(0).processes[1]], listening_ports: [{ protocol: 'tcp', address: '0.0.0.0', port: 80, pid: 20 }],
    };
    const t = await renderTui(<MonitorScreen active width={100} height={22} services={fakeServices(2, { service: svc }).services} />);
    const f = await t.waitFor((x) => x.includes('nginx.service'));
    expect(f).toMatch(/Service nginx\.service: active \(running\) · restarts 2 · 1 processes .* ports 80/);
    t.unmount();
    const gone = { ...svc, found: false, processes: [], listening_ports: [], active_state: null, sub_state: null, restarts: null };
    const t2 = await renderTui(<MonitorScreen active width={100} height={22} services={fakeServices(2, { service: gone }).services} />);
    expect(await t2.waitFor((x) => x.includes('nginx.service'))).toMatch(/nginx\.service: not found/);
    t2.unmount();
  });

  it('colours values by threshold level', () => {
    expect(levelColor(DEFAULT_THRESHOLDS, 'cpu', 10)).toBe('green');
    expect(levelColor(DEFAULT_THRESHOLDS, 'cpu', 55)).toBe('cyan');
    expect(levelColor(DEFAULT_THRESHOLDS, 'memory', 75)).toBe('yellow');
    expect(levelColor(DEFAULT_THRESHOLDS, 'filesystem', 93)).toBe('red');
    expect(levelColor(DEFAULT_THRESHOLDS, 'load', 1.2)).toBe('yellow');
  });
});
