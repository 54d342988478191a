import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitorScreen } from '../../screens/MonitorScreen.js';
import type { MonitorServices } from '../../screens/hooks/useMonitor.js';
import { setLang } from '../../src/core/i18n.js';
import { HistoryStore } from '../../src/services/monitor/store.js';
import type { Sample } from '../../src/services/monitor/types.js';
import { tempHome } from '../helpers/cli.js';
import { renderTui } from '../helpers/render.js';
import { sampleWith } from '../helpers/sample.js';

/** A recent sample as the sampler shapes it. */
function sampleNow(n: number): Sample {
  return sampleWith({
    interval_seconds: 0.2,
    uptime_seconds: 1000 + n,
    cpu: { usage: 12, user: 10, system: 2, iowait: 0, steal: 0, cores: [0, 1].map((core) => ({ core, usage: 12, user: 10, system: 2, iowait: 0, steal: 0 })) },
    load: { '1m': 0.5, '5m': 0.4, '15m': 0.3, per_core: 0.25, cores: 2 },
    memory: { total: 8e9, used: 4e9, available: 4e9, free: 1e9, usage: 50 },
    filesystems: [{ mount: '/', fs: '/dev/sda1', type: 'ext4', size: 1e11, used: 5e10, available: 5e10, usage: 50, inodes: null }],
    processes: Array.from({ length: 30 }, (_, i) => ({ pid: 100 + i, name: `proc${i}`, user: 'root', cpu: i, memory: 1, rss_bytes: 1e6, command: `proc${i}` })),
  });
}

function services(home: string) {
  let n = 0;
  const monitor: MonitorServices = { intervalSeconds: 0.5, record: true, createSampler: () => ({ sample: async () => sampleNow(++n) }) };
  return { monitor, env: { CLOUDYA_HOME: home, HOME: home, PATH: process.env.PATH } };
}

describe('Monitor screen when samples are not being saved', () => {
  afterEach(() => setLang('en'));

  it('says on one line that nothing is recorded when the history file is not a database, within the frame height (EN and FR)', async () => {
    for (const [lang, text] of [['en', 'samples are not being saved: file is not a database'], ['fr', 'les mesures ne sont pas enregistrées : file is not a database']] as const) {
      setLang(lang);
      const home = tempHome();
      writeFileSync(path.join(home, 'monitor.db'), Buffer.alloc(40_000, 7));
      const height = 20;
      const t = await renderTui(<MonitorScreen active width={110} height={height} services={services(home)} />);
      const f = await t.waitFor((x) => x.includes('proc29') && x.includes(text));
      expect(f.split('\n').length).toBeLessThanOrEqual(height);
      expect(f.split('\n').filter((l) => l.includes(text))).toHaveLength(1);
      t.unmount();
    }
  }, 30_000);

  it('says samples wait in memory while another process holds the lock, and stops saying it once they are written', async () => {
    const home = tempHome();
    const file = path.join(home, 'monitor.db');
    new HistoryStore(file).close();
    const lock = new Database(file);
    lock.exec('BEGIN IMMEDIATE');
    const t = await renderTui(<MonitorScreen active width={110} height={20} services={services(home)} />);
    try {
      const f = await t.waitFor((x) => x.includes('history busy'));
      expect(f).toMatch(/history busy: database is locked; samples kept in memory/);
      expect(f.split('\n').length).toBeLessThanOrEqual(20);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    await t.waitFor((x) => x.includes('proc29') && !x.includes('history busy'));
    t.unmount();
    const store = new HistoryStore(file, { readonly: true });
    expect(store.stats().rows).toBeGreaterThanOrEqual(2);
    store.close();
  }, 30_000);

  it('shows no notice when recording works', async () => {
    const home = tempHome();
    const t = await renderTui(<MonitorScreen active width={110} height={20} services={services(home)} />);
    await t.waitFor((x) => x.includes('proc29'));
    await new Promise((r) => setTimeout(r, 700));
    expect(t.frame()).not.toMatch(/not being saved|history busy/);
    t.unmount();
  }, 30_000);
});
