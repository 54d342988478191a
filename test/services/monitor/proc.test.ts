import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readFilesystems } from '../../../src/services/monitor/proc-filesystems.js';
import { readMeminfo } from '../../../src/services/monitor/proc-memory.js';
import { procReader } from '../../../src/services/monitor/proc-processes.js';

describe.runIf(process.platform === 'linux')('/proc readers (Linux)', () => {
  it('agree with df on the root filesystem', async () => {
    const list = (await readFilesystems())!;
    const root = list.find((f) => f.mount === '/')!;
    const df = execFileSync('df', ['-P', '-k', '/'], { encoding: 'utf8' }).trim().split('\n')[1].split(/\s+/);
    expect(root.size).toBeCloseTo(Number(df[1]) * 1024, -7);
    expect(Math.abs(root.usage - Number(df[4].replace('%', '')))).toBeLessThanOrEqual(1);
    expect(list.filter((f) => f.fs === root.fs)).toHaveLength(1); // bind mounts not repeated
  });

  it('see this process, its memory and the CPU it burns between two readings', () => {
    const reader = procReader();
    reader.read();
    const t0 = Date.now();
    const c0 = process.cpuUsage();
    while (Date.now() < t0 + 800) Math.sqrt(Math.random());
    const me = reader.read()!.find((p) => p.pid === process.pid)!;
    const c = process.cpuUsage(c0);
    // What the kernel says this process used, whatever the neighbours took (the machine is shared).
    const expected = ((c.user + c.system) / 1000 / (Date.now() - t0)) * 100;
    expect(me).toBeDefined();
    expect(expected).toBeGreaterThan(2);
    expect(Math.abs(me.cpu - expected)).toBeLessThan(Math.max(15, expected * 0.3));
    expect(me.rss_bytes).toBeGreaterThan(process.memoryUsage().rss * 0.5);
    expect(me.rss_bytes).toBeLessThan(process.memoryUsage().rss * 2);
    expect(reader.command(process.pid)).toMatch(/node|vitest/);
  });

  it('agree with free on memory and swap', async () => {
    const mem = (await readMeminfo())!;
    const free = execFileSync('free', ['-b'], { encoding: 'utf8' }).split('\n');
    const m = free.find((l) => l.startsWith('Mem:'))!.trim().split(/\s+/);
    const sw = free.find((l) => l.startsWith('Swap:'))!.trim().split(/\s+/);
    expect(mem.total).toBe(Number(m[1]));
    expect(Math.abs(mem.available - Number(m[6]))).toBeLessThan(mem.total * 0.02);
    expect(mem.swaptotal).toBe(Number(sw[1]));
  });
});
