import { describe, expect, it } from 'vitest';
import { cpuPercent, parseProcStat } from '../../../src/services/monitor/procstat.js';
import { ratePerSecond } from '../../../src/services/monitor/rates.js';

describe('rates from two readings', () => {
  it('divides the difference by the elapsed seconds', () => {
    expect(ratePerSecond(1000, 3000, 2)).toBe(1000);
  });
  it('never goes negative when a counter resets, nor divides by zero', () => {
    expect(ratePerSecond(5000, 10, 1)).toBe(0);
    expect(ratePerSecond(1, 2, 0)).toBe(0);
    expect(ratePerSecond(undefined, 2, 1)).toBe(0);
  });
});

describe('/proc/stat CPU percentages', () => {
  const a = parseProcStat('cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\ncpu1 50 0 50 400 0 0 0 0 0 0\n');
  const b = parseProcStat('cpu  200 0 150 900 50 0 0 0 0 0\ncpu0 150 0 50 400 0 0 0 0 0 0\ncpu1 50 0 100 500 50 0 0 0 0 0\n');
  it('splits busy, user, system and IO wait', () => {
    const total = cpuPercent(a, b, -1)!;
    expect(total.user).toBeCloseTo(33.33, 1);
    expect(total.system).toBeCloseTo(16.67, 1);
    expect(total.iowait).toBeCloseTo(16.67, 1);
    expect(total.usage).toBeCloseTo(50, 1);
    expect(cpuPercent(a, b, 0)!.usage).toBe(100);
    expect(cpuPercent(a, b, 1)!.usage).toBeCloseTo(25, 1);
  });
});
