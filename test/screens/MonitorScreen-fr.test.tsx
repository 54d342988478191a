import { afterEach, describe, expect, it } from 'vitest';
import { MonitorScreen } from '../../screens/MonitorScreen.js';
import type { MonitorServices } from '../../screens/hooks/useMonitor.js';
import { setLang } from '../../src/core/i18n.js';
import type { Sample } from '../../src/services/monitor/types.js';
import { renderTui } from '../helpers/render.js';
import { GiB, sampleWith } from '../helpers/sample.js';

function sample(): Sample {
  return sampleWith({
    cpu: { usage: 85, user: 80, system: 5, iowait: 0, steal: 0, cores: [{ core: 0, usage: 85, user: 80, system: 5, iowait: 0, steal: 0 }] },
    load: { '1m': 1.6, '5m': 1.2, '15m': 1, per_core: 1.6, cores: 1 },
    memory: { total: 16 * GiB, used: 4 * GiB, available: 12 * GiB, free: 10 * GiB, usage: 25 },
    processes: [{ pid: 20, name: 'nginx', user: 'www', cpu: 45.1, memory: 1.1, rss_bytes: 0.2 * GiB, command: 'nginx: worker' }],
    alerts: [
      { metric: 'cpu', level: 'warning', value: 85, threshold: 80 },
      { metric: 'load', level: 'critical', value: 1.6, threshold: 1.5 },
    ],
  });
}

describe('Monitor screen in French', () => {
  afterEach(() => setLang('en'));
  it('names alert levels, metrics and the sort order in French', async () => {
    setLang('fr');
    const monitor: MonitorServices = { createSampler: () => ({ sample: async () => sample() }) };
    const t = await renderTui(<MonitorScreen active width={100} height={24} services={{ monitor }} />);
    let f = await t.waitFor((x) => x.includes('alertes'));
    expect(f).toContain('! alertes: cpu 85% avertissement, charge 1.60 critique');
    expect(f).not.toMatch(/warning|critical/);
    await t.press('m');
    f = await t.waitFor((x) => x.includes('tri: mémoire'));
    expect(f).not.toContain('memory');
    t.unmount();
  });
});
