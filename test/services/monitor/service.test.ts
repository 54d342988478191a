import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampler } from '../../../src/services/monitor/sampler.js';
import { inspectService, systemdRunning } from '../../../src/services/monitor/service.js';

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

  it('without systemd, an installed service that is stopped is found, inactive, not "no such service"', async () => {
    // An installed program with no process running: nginx installed but stopped, for instance.
    const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'svc-bin-'));
    const name = 'cloudya-stopped-svc';
    writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `${dir}:${saved ?? ''}`;
    try {
      const s = await inspectService(name, [], { systemd: false });
      expect(s).toMatchObject({ found: true, active_state: 'inactive', sub_state: 'dead', processes: [] });
      expect(s.note).toContain(`installed (${path.join(dir, name)}) but no process named "${name}" is running`);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('--service with systemd (systemctl answered by a stand-in, systemd being unreachable in this container)', () => {
  let server: ChildProcess;
  let port = 0;
  let bin: string;
  const savedPath = process.env.PATH;

  beforeAll(async () => {
    server = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    // `systemctl show UNIT --property=...` prints KEY=VALUE lines; an unknown unit has LoadState=not-found.
    bin = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'fake-systemctl-'));
    writeFileSync(
      path.join(bin, 'systemctl'),
      `#!/bin/sh
case "$2" in
  web.service) printf 'MainPID=${server.pid}\\nControlGroup=/system.slice/web.service\\nNRestarts=3\\nLoadState=loaded\\nActiveState=active\\nSubState=running\\n' ;;
  *) printf 'MainPID=0\\nControlGroup=\\nNRestarts=0\\nLoadState=not-found\\nActiveState=inactive\\nSubState=dead\\n' ;;
esac
`,
      { mode: 0o755 },
    );
    process.env.PATH = `${bin}:${savedPath}`;
  });

  afterAll(() => {
    process.env.PATH = savedPath;
    server?.kill();
  });

  it('reads state, restarts, the unit processes and their listening ports', async () => {
    const processes = [{ pid: server.pid!, name: 'node', user: 'root', cpu: 0, memory: 0.1, rss_bytes: 1, command: '' }, { pid: 1, name: 'init', user: 'root', cpu: 0, memory: 0, rss_bytes: 1, command: '' }];
    const s = await inspectService('web', processes, { systemd: true });
    expect(s).toMatchObject({ name: 'web.service', source: 'systemd', found: true, active_state: 'active', sub_state: 'running', restarts: 3 });
    expect(s.processes.map((p) => p.pid)).toEqual([server.pid]);
    expect(s.listening_ports).toContainEqual(expect.objectContaining({ port, pid: server.pid }));
  });

  it('says not found for a unit systemd does not know', async () => {
    const s = await inspectService('nope', [], { systemd: true });
    expect(s.found).toBe(false);
    expect(s.restarts).toBeNull();
  });
});
