/**
 * `diagnose deployment` probing public (non-private) addresses from a deployment's outputs, for real:
 * the built CLI runs in a network namespace the test creates, joined by a veth pair to a second one
 * holding documentation-range addresses (198.51.100.0/24, RFC 5737) with a real HTTP server on one.
 * No packet leaves the two namespaces; both are deleted at the end.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDeployment, saveDeployment } from '../../../src/services/deployments/store.js';
import { defaultRoots, findTemplate } from '../../../src/services/terraform/catalog.js';
import { BIN, tempHome } from '../../helpers/cli.js';

const strict = process.env.CLOUDYA_REQUIRE_TOOLS === '1';

/** Why network namespaces cannot be made here, or undefined. */
function netnsProblem(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root (ip netns)';
  const probe = `cloudya-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `ip netns add failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

const problem = netnsProblem();
if (problem) console.warn(`[skip] reachability in network namespaces: ${problem}`);
const withNetns = problem && !(strict && !/needs root|not Linux/.test(problem)) ? describe.skip : describe;

withNetns('deployment-reachability of public addresses (two network namespaces, veth)', () => {
  const tag = `${process.pid % 10000}${Math.random().toString(36).slice(2, 5)}`;
  const client = `cloudya-c${tag}`;
  const server = `cloudya-s${tag}`;
  const www = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-www-'));
  let web: ChildProcess | undefined;
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

  beforeAll(async () => {
    ip('netns', 'add', client);
    ip('netns', 'add', server);
    ip('link', 'add', `cy${tag}a`, 'type', 'veth', 'peer', 'name', `cy${tag}b`);
    ip('link', 'set', `cy${tag}a`, 'netns', client);
    ip('link', 'set', `cy${tag}b`, 'netns', server);
    ip('-n', client, 'addr', 'add', '198.51.100.1/24', 'dev', `cy${tag}a`);
    ip('-n', server, 'addr', 'add', '198.51.100.10/24', 'dev', `cy${tag}b`);
    ip('-n', server, 'addr', 'add', '198.51.100.20/24', 'dev', `cy${tag}b`);
    for (const [ns, dev] of [[client, `cy${tag}a`], [server, `cy${tag}b`]]) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
    // A real web server on 198.51.100.10:80 (python's, serving an empty folder: 200 on /).
    const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    web = spawn('ip', ['netns', 'exec', server, python, '-m', 'http.server', '--bind', '198.51.100.10', '--directory', www, '80'], { stdio: 'ignore' });
    const answers = () => spawnSync('ip', ['netns', 'exec', client, python, '-c', 'import socket; socket.create_connection(("198.51.100.10", 80), 2).close()'], { stdio: 'ignore' }).status === 0;
    await vi.waitFor(() => expect(answers()).toBe(true), { timeout: 30_000, interval: 200 });
  });

  afterAll(() => {
    if (web?.pid) process.kill(web.pid, 'SIGTERM'); // ip netns exec runs the server in its own process (exec)
    for (const ns of [client, server]) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(www, { recursive: true, force: true });
  });

  it('public hosts and URLs are probed (answering: ok; refusing or unroutable: critical); private ones are listed, not probed', async () => {
    const home = tempHome();
    const root = path.join(home, 'deployments');
    const t = await findTemplate(defaultRoots(), 'local/demo');
    const d = await createDeployment(root, t, {}, {}, []);
    await saveDeployment(root, {
      ...d,
      status: 'applied',
      outputs: { web_ip: '198.51.100.10', url: 'http://198.51.100.10/', spare_ip: '198.51.100.20', offsite_ip: '203.0.113.7', private_ip: '10.0.0.5' },
    });
    const r = spawnSync('ip', ['netns', 'exec', client, process.execPath, BIN, 'diagnose', 'deployment', d.id, '--only', 'deployment-reachability', '--output', 'json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: home, LANG: 'en_US.UTF-8', NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(3); // critical findings
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ severity: string; title: string; evidence: string }> }).findings;
    const ok = findings.find((f) => f.severity === 'ok')!;
    expect(ok.title).toBe('2 output address(es) answer');
    expect(ok.evidence).toMatch(/^GET http:\/\/198\.51\.100\.10\/ \(url\): HTTP 200 in \d+ ms$/m);
    expect(ok.evidence).toMatch(/^198\.51\.100\.10:80 \(web_ip\) accepts TCP$/m); // 22 refused first, then 80
    const critical = Object.fromEntries(findings.filter((f) => f.severity === 'critical').map((f) => [f.title, f.evidence]));
    expect(Object.keys(critical).sort()).toEqual(['198.51.100.20 does not answer', '203.0.113.7 does not answer']);
    expect(critical['198.51.100.20 does not answer']).toBe('198.51.100.20 (spare_ip): no answer on 22: ECONNREFUSED, 80: ECONNREFUSED, 443: ECONNREFUSED');
    expect(critical['203.0.113.7 does not answer']).toMatch(/^203\.0\.113\.7 \(offsite_ip\): no answer on 22: (ENETUNREACH|EHOSTUNREACH)/);
    expect(findings.find((f) => f.severity === 'info')).toMatchObject({ title: '1 private address(es) not checked from here', evidence: '10.0.0.5 (private_ip)' });
  }, 120_000);
});
