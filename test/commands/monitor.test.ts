import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('cloudya monitor (line and NDJSON modes)', () => {
  it('prints one NDJSON object per sample with the documented fields', async () => {
    const home = tempHome();
    const r = await runCli(['monitor', '--count', '3', '--interval', '0.3', '--output', 'json'], { CLOUDYA_HOME: home });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const s = JSON.parse(line);
      expect(Date.parse(s.timestamp)).not.toBeNaN();
      expect(s.cpu.usage).toBeGreaterThanOrEqual(0);
      expect(s.cpu.usage).toBeLessThanOrEqual(100);
      expect(s.cpu.cores).toHaveLength(os.cpus().length);
      expect(s.load['1m']).toBeGreaterThanOrEqual(0);
      expect(s.memory.total).toBe(os.totalmem());
      expect(s.memory.used).toBeGreaterThan(0);
      expect(s.memory.available).toBeGreaterThan(0);
      expect(s.swap).toHaveProperty('total');
      expect(Array.isArray(s.filesystems) && s.filesystems.length > 0).toBe(true);
      expect(Array.isArray(s.network)).toBe(true);
      for (const n of s.network) expect(n.rx_bytes_per_sec).toBeGreaterThanOrEqual(0);
      expect(s.processes.length).toBeGreaterThan(0);
      expect(Array.isArray(s.alerts)).toBe(true);
    }
  });

  it('prints one compact line per sample without a terminal', async () => {
    const r = await runCli(['monitor', '--count', '2', '--interval', '0.2'], { CLOUDYA_HOME: tempHome() });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^\d\d:\d\d:\d\d  cpu \d+(\.\d)?%  load [\d.]+\/[\d.]+\/[\d.]+  mem /);
  });

  it.each([
    [['--interval', '0'], /--interval must be > 0/],
    [['--interval', '-1'], /--interval must be > 0/],
    [['--count', '-1'], /--count must be >= 1/],
    [['--count', '1.5'], /--count must be a whole number/],
    [['--interval', 'soon'], /--interval must be a number/],
  ])('rejects %j with exit 2', async (args, message) => {
    const r = await runCli(['monitor', ...args], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('says clearly when the watched service does not exist', async () => {
    const r = await runCli(['monitor', '--count', '1', '--service', 'no-such-service-xyz', '--interval', '0.2'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-service-xyz/);
    expect(r.stderr).toMatch(/hint:/);
  });
});
