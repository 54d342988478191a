import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is dead for the user, just not yet reaped.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describeWithTool('terraform', 'stopping a deploy stops the whole process tree', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s to cloudya deploy: the provisioner’s background sleep is gone too, not left to PID 1', async (signal) => {
    const env = terraformTestEnv();
    const userTemplates = path.join(env.CLOUDYA_HOME, 'templates/terraform/local');
    mkdirSync(userTemplates, { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/terraform-templates/local/orphan'), path.join(userTemplates, 'orphan'), { recursive: true });
    const pidFile = path.join(env.HOME!, 'sleep.pid');
    const child = spawn(process.execPath, [BIN, 'deploy', 'template', 'local/orphan', '--params', `pid_file=${pidFile}`, '--yes', '--output', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let sleepPid = 0;
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        const ev = JSON.parse(line) as Record<string, unknown>;
        if (ev.type === 'apply_start' && !sleepPid) {
          // The provisioner has started: wait for the pid it writes, then stop the deploy.
          expect(await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 60_000), stderr).toBe(true);
          sleepPid = Number(readFileSync(pidFile, 'utf8').trim());
          expect(alive(sleepPid)).toBe(true);
          child.kill(signal);
        }
      }
      const code = await exited;
      expect(code, stderr).toBe(signal === 'SIGTERM' ? 143 : 130);
      expect(sleepPid).toBeGreaterThan(0);
      // Gone by the time cloudya exits (its stop waits for the group), checked with a margin for a loaded machine.
      expect(await until(() => !alive(sleepPid), 10_000)).toBe(true);
    } finally {
      if (sleepPid && alive(sleepPid)) process.kill(sleepPid, 'SIGKILL');
    }
  }, 180_000);
}, ['version']);
