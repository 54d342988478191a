import { describe, expect, it } from 'vitest';
import { StatusBar } from '../../components/StatusBar.js';
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
