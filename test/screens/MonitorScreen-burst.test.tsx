import { describe, expect, it } from 'vitest';
import { MonitorScreen } from '../../screens/MonitorScreen.js';
import type { MonitorServices } from '../../screens/hooks/useMonitor.js';
import type { Sample } from '../../src/services/monitor/types.js';
import { renderTui } from '../helpers/render.js';
import { GiB, sampleWith } from '../helpers/sample.js';

function sample(): Sample {
  return sampleWith({
    processes: [
      { pid: 300, name: 'postgres', user: 'postgres', cpu: 12.5, memory: 30.2, rss_bytes: 4.8 * GiB, command: 'postgres: writer' },
      { pid: 20, name: 'nginx', user: 'www', cpu: 45.1, memory: 1.1, rss_bytes: 0.2 * GiB, command: 'nginx: worker' },
    ],
  });
}

function services(intervalSeconds: number) {
  const monitor: MonitorServices = { intervalSeconds, createSampler: () => ({ sample: async () => sample() }) };
  return { monitor };
}

describe('Monitor screen keys arriving together (one input chunk)', () => {
  it('counts every + and - of a burst', async () => {
    const t = await renderTui(<MonitorScreen active width={80} height={20} services={services(5)} />);
    await t.waitFor((x) => x.includes('every 5s') && x.includes('nginx'));
    await t.type('+++'); // 5 -> 10 -> 30 -> 60
    await t.waitFor((x) => x.includes('every 60s'));
    await t.type('---------'); // nine steps down from 60 reach the smallest step, 0.5
    await t.waitFor((x) => x.includes('every 0.5s'));
    t.unmount();
  });

  it('applies sort and pause keys of a burst in order', async () => {
    const t = await renderTui(<MonitorScreen active width={80} height={20} services={services(2)} />);
    await t.waitFor((x) => x.includes('nginx'));
    await t.type('mp');
    const f = await t.waitFor((x) => x.includes('sort: memory') && x.includes('PAUSED'));
    expect(f).toContain('every 2s');
    await t.type('pn');
    const g = await t.waitFor((x) => x.includes('sort: pid'));
    expect(g).not.toContain('PAUSED');
    t.unmount();
  });
});
