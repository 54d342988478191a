import { describe, expect, it } from 'vitest';
import { Gauge, gaugeBar } from '../../components/Gauge.js';
import { sparkline } from '../../components/Sparkline.js';
import { fit, Table } from '../../components/Table.js';
import { renderTui } from '../helpers/render.js';

describe('Gauge', () => {
  it('fills in proportion, with eighths, never past its width', () => {
    expect(gaugeBar(50, 10)).toEqual({ filled: '█████', empty: '░░░░░' });
    expect(gaugeBar(0, 4)).toEqual({ filled: '', empty: '░░░░' });
    expect(gaugeBar(100, 4).filled).toBe('████');
    expect(gaugeBar(250, 4).filled).toBe('████');
    expect(gaugeBar(-3, 4).filled).toBe('');
    expect(gaugeBar(55, 10).filled).toBe('█████▌');
    expect(gaugeBar(NaN, 3)).toEqual({ filled: '', empty: '░░░' });
  });
  it('renders label, bar, value and suffix', async () => {
    const t = await renderTui(<Gauge label="Mem" labelWidth={4} value={42.25} width={10} suffix="3/8 GiB" />);
    expect(t.frame()).toBe('Mem  ████▎░░░░░  42.3% 3/8 GiB');
  });
});

describe('Sparkline', () => {
  it('scales to the max and keeps the newest values on the right', () => {
    expect(sparkline([0, 50, 100], 3, 100)).toBe('▁▅█');
    expect(sparkline([1, 2, 3, 4, 5], 3, 5)).toBe('▅▇█');
    expect(sparkline([10], 4)).toBe('   █');
    expect(sparkline([], 2)).toBe('  ');
  });
});

describe('Table', () => {
  it('cuts long cells with an ellipsis and limits rows', async () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('7', 3, 'right')).toBe('  7');
    const rows = [{ id: 1, name: 'alpha-long-name' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }];
    const t = await renderTui(
      <Table
        columns={[
          { key: 'id', title: 'ID', width: 3, align: 'right', value: (r) => String(r.id) },
          { key: 'name', title: 'Name', width: 6, value: (r) => r.name },
        ]}
        rows={rows}
        maxRows={2}
        sortedBy="id"
        rowKey={(r) => String(r.id)}
      />,
    );
    expect(t.frame().split('\n')).toEqual(['ID▼ Name', '  1 alpha…', '  2 b']);
  });

  it('keeps a cell with newlines, tabs or escape sequences on its own line (a bash -c script as a command line)', async () => {
    const rows = [
      { id: 1, name: "bash -c x=0\nLARGE='#!/bin/bash\n\n\n'" },
      { id: 2, name: 'evil\u001b[2Jname\tok' },
    ];
    const t = await renderTui(
      <Table
        columns={[
          { key: 'id', title: 'ID', width: 3, align: 'right', value: (r) => String(r.id) },
          { key: 'name', title: 'Command', width: 40, value: (r) => r.name },
        ]}
        rows={rows}
        maxRows={5}
        rowKey={(r) => String(r.id)}
      />,
    );
    const lines = t.frame().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("bash -c x=0 LARGE='#!/bin/bash");
    expect(lines[2]).toContain('evil [2Jname ok');
  });
});
