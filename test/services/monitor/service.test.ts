import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampler } from '../../../src/services/monitor/sampler.js';
import { systemdRunning } from '../../../src/services/monitor/service.js';

describe('--service', () => {
  let server: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    // A real listening process: a node one-liner serving on a loopback port.
    server = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  });

  afterAll(() => {
    server?.kill();
  });

  it.runIf(!systemdRunning())('without systemd, finds the processes by name with their listening ports and says so', async () => {
    const s = await createSampler({ intervalMs: 200, service: 'node' }).sample();
    expect(s.service).toBeDefined();
    expect(s.service!.source).toBe('process-name');
    expect(s.service!.found).toBe(true);
    expect(s.service!.processes.map((p) => p.pid)).toContain(server.pid);
    expect(s.service!.listening_ports).toContainEqual(expect.objectContaining({ port, pid: server.pid }));
    expect(s.service!.note).toMatch(/systemd is not running/);
    expect(s.service!.restarts).toBeNull();
  });

  it('reports a missing service as not found', async () => {
    const s = await createSampler({ intervalMs: 200, service: 'definitely-not-a-service-42' }).sample();
    expect(s.service!.found).toBe(false);
    expect(s.service!.processes).toEqual([]);
  });
});
