import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MonitorScreen } from '../../screens/MonitorScreen.js';
import { renderTui } from '../helpers/render.js';

describe('Monitor screen on a tall terminal', () => {
  it('fills the process table with real processes instead of stopping at the 15 busiest', async () => {
    const t = await renderTui(<MonitorScreen active width={120} height={60} services={{ monitor: { record: false, intervalSeconds: 1 } }} />);
    const f = await t.waitFor((x) => x.includes('Command'), 20_000);
    const header = f.split('\n').findIndex((l) => /PID .*Command/.test(l));
    const rows = f.split('\n').slice(header + 1).filter((l) => /^\s*\d+ \S/.test(l));
    const running = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
    // Every process of this machine (a few may exit meanwhile), or a table as long as the screen allows.
    expect(rows.length).toBeGreaterThanOrEqual(Math.min(running - 3, 35));
    t.unmount();
  }, 30_000);
});
