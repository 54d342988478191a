import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcFile } from '../../../src/services/monitor/proc-file.js';
import { readCpuTicks } from '../../../src/services/monitor/procstat.js';
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

  it('read a kept-open file whole each time, however long, with what it holds now', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-procfile-'));
    try {
      const file = path.join(dir, 'f');
      const big = Array.from({ length: 9000 }, (_, i) => `line ${i}`).join('\n');
      writeFileSync(file, big);
      const f = new ProcFile(file);
      let r = f.read()!;
      expect(r.buf.toString('latin1', 0, r.length)).toBe(big); // > 64 KB: the buffer grew
      writeFileSync(file, 'short now\n');
      r = f.read()!;
      expect(r.buf.toString('latin1', 0, r.length)).toBe('short now\n');
      f.close();
      expect(new ProcFile(path.join(dir, 'missing')).read()).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // /proc/stat stays open between readings, and each reading is fresh.
    const a = (await readCpuTicks())!.get(-1)!;
    const t0 = Date.now();
    while (Date.now() < t0 + 300) Math.sqrt(Math.random());
    const b = (await readCpuTicks())!.get(-1)!;
    expect(b.user + b.system).toBeGreaterThan(a.user + a.system);
  });

  it('read processes whose stat line has negative fields (no terminal, raised priority), with their user', async () => {
    // setsid: no controlling terminal (tpgid -1); nice -5 (root): a negative nice and priority.
    const child = spawn('setsid', ['nice', '-n', '-5', 'sleep', '30'], { stdio: 'ignore' });
    try {
      const reader = procReader();
      let me: ReturnType<typeof reader.read> extends (infer T)[] | undefined ? T | undefined : never;
      for (let i = 0; i < 100 && !me; i++) {
        me = reader.read()!.find((p) => p.pid === child.pid && p.name === 'sleep');
        if (!me) await new Promise((r) => setTimeout(r, 50));
      }
      const stat = execFileSync('cat', [`/proc/${child.pid}/stat`], { encoding: 'utf8' });
      expect(stat).toContain(' -1 '); // the case that matters: a negative field before utime and rss
      expect(me!.rss_bytes).toBeGreaterThan(0);
      expect(reader.user(child.pid!)).toBe(os.userInfo().username);
      expect(reader.command(child.pid!)).toBe('sleep 30');
    } finally {
      child.kill();
    }
  });
});
