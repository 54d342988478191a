/** linePrograms: what the sandbox asks of a validated line (which programs, read-only, able to run others). */
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/services/safety/index.js';
import { linePrograms, lineRunsPrograms } from '../../../src/services/safety/programs.js';

const programs = async (c: string) => linePrograms(await validateCommand(c, { home: '/home/u' }));

describe('linePrograms', () => {
  it('lists read-only inspectors and filters as read-only programs that run nothing', async () => {
    expect(await programs('ps aux | grep nginx | head -5')).toEqual([
      { name: 'ps', readOnly: true, runsPrograms: false },
      { name: 'grep', readOnly: true, runsPrograms: false },
      { name: 'head', readOnly: true, runsPrograms: false },
    ]);
  });

  it('marks sed, awk and other program-running tools even when their script here only prints', async () => {
    const p = await programs("ps -p 1 | sed -n '1p'");
    expect(p.find((x) => x.name === 'sed')).toEqual({ name: 'sed', readOnly: true, runsPrograms: true });
    expect(lineRunsPrograms(await validateCommand("ps aux | awk '{print $2}'", { home: '/home/u' }))).toBe(true);
  });

  it('lists the command a sed script runs, and cloud CLIs, as programs that are not read-only', async () => {
    const p = await programs("ps -p 1 | sed -n '1sx.*xkill 1xep'");
    expect(p.map((x) => x.name)).toEqual(expect.arrayContaining(['ps', 'sed', 'kill']));
    expect(p.find((x) => x.name === 'kill')).toMatchObject({ readOnly: false, runsPrograms: true });
    const k = await programs('kubectl config current-context; cat /etc/hostname');
    expect(k.find((x) => x.name === 'kubectl')).toMatchObject({ readOnly: false, runsPrograms: true });
  });
});
