import { describe, expect, it } from 'vitest';
import { StatusBar, statusLine } from '../../components/StatusBar.js';
import { TabBar, tabLabels } from '../../components/TabBar.js';
import { renderTui } from '../helpers/render.js';

const screenKeys = [
  { keys: '↑↓/Enter/Esc', label: 'choose, next, back' },
  { keys: 'h', label: 'new deployment / deployments' },
  { keys: 'd', label: 'destroy (deployments tab)' },
];
const global = [
  { keys: 'Tab/S-Tab', label: 'switch' },
  { keys: '?', label: 'help' },
  { keys: 'q', label: 'quit' },
];

describe('StatusBar', () => {
  it('keeps the shell keys (help, quit) when the screen keys do not all fit, dropping whole screen hints', async () => {
    const t = await renderTui(<StatusBar screen="Deploy" hints={screenKeys} always={global} width={80} />);
    const line = t.frame();
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line).toMatch(/\? help {2}q quit$/);
    expect(line).toContain('↑↓/Enter/Esc choose, next, back');
    expect(line).toContain('…');
    expect(line).not.toMatch(/destroy \(deploy…/);
    t.unmount();
  });

  it('shows everything when there is room', async () => {
    const t = await renderTui(<StatusBar screen="Deploy" hints={screenKeys} always={global} width={160} />);
    expect(t.frame()).toBe(' Deploy  ↑↓/Enter/Esc choose, next, back  h new deployment / deployments  d destroy (deployments tab)  Tab/S-Tab switch  ? help  q quit');
    t.unmount();
  });
});

describe('a small terminal (40x10)', () => {
  it('the status bar keeps q visible: hints go, then labels of the fixed keys, then the screen name shrinks', () => {
    const at40 = statusLine('Deploy', screenKeys, global, 40);
    expect(at40.screen).toBe('Deploy');
    expect(at40.line).toMatch(/\bq( quit)?$/);
    expect(at40.screen.length + at40.line.length + 3).toBeLessThanOrEqual(40);
    // No word cut by the edge: every fixed key is there whole.
    expect(at40.line).toMatch(/Tab.*\?.*q/);
    const at16 = statusLine('Diagnose', screenKeys, global, 16);
    expect(at16.line).toMatch(/\bq( quit)?$/);
    expect(at16.screen.length + at16.line.length + 3).toBeLessThanOrEqual(16);
    expect(statusLine('Deploy', screenKeys, global, 80).line).toMatch(/q quit$/);
  });

  it('the tab bar abbreviates on purpose: numbers and two letters, the active tab named, no half words', async () => {
    const tabs = ['Chat', 'Monitor', 'Deploy', 'Diagnose'];
    const wide = tabLabels(tabs, 1, 120);
    expect(wide).toEqual({ brand: true, labels: [' 1 Chat ', ' 2 Monitor ', ' 3 Deploy ', ' 4 Diagnose '] });
    const small = tabLabels(tabs, 1, 40);
    expect(small.labels).toEqual([' 1 Ch ', ' 2 Monitor ', ' 3 De ', ' 4 Di ']);
    expect((small.brand ? 9 : 0) + small.labels.join('').length).toBeLessThanOrEqual(40);
    const tiny = tabLabels(tabs, 3, 22);
    expect(tiny.labels.join('')).toBe(' 1  2  3  4 Diagnose ');
    expect(tabLabels(tabs, 3, 12).labels.join('')).toBe(' 1 2 3 4');
    const t = await renderTui(<TabBar tabs={tabs} activeIndex={1} width={40} />);
    expect(t.frame()).toBe(' Cloudya  1 Ch  2 Monitor  3 De  4 Di');
    t.unmount();
  });
});
