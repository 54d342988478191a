/**
 * Which lines may see the host's processes and sockets: judged on the real validator's output, so a
 * line hiding a shell-out (awk system(), sed e, xargs) or anything not read-only stays isolated.
 */
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/services/safety/index.js';
import { hostViewFor } from '../../../src/services/sandbox/hostview.js';

const policy = { allow: [], deny: [], unsafeAllow: [] };
const view = async (command: string) => hostViewFor(await validateCommand(command, { policy, home: '/home/u' }));

describe('host view of read-only inspectors', () => {
  it('shares the process table with process inspectors, filters included', async () => {
    for (const c of ['ps aux', 'ps -ef | grep nginx | head -5', 'pgrep -a node', 'top -b -n 1 | head -20', 'free -m; uptime', "ps aux | awk '{print $2}' | sort -n"]) {
      expect(await view(c), c).toEqual({ processes: true, network: false });
    }
  });

  it('shares the network namespace too only with socket listers', async () => {
    for (const c of ['ss -tln', 'netstat -tlnp | grep 8080', 'lsof -i :8080', 'ip -br addr', 'ip route show']) {
      expect(await view(c), c).toEqual({ processes: true, network: true });
    }
  });

  it('keeps full isolation as soon as one command is not an inspector or a filter', async () => {
    for (const c of ['ps aux; curl -s http://127.0.0.1:9/', 'pgrep sleep | xargs kill', 'ps auxe', 'ps aux | tee out.txt', 'ip link set lo down', 'cat /proc/1/environ | ps', "ps aux | awk 'BEGIN{system(\"kill 1\")}'", "ps | sed 'e id'", 'top', 'ls -la', 'sudo ss -tlnp']) {
      expect(await view(c), c).toEqual({ processes: false, network: false });
    }
  });
});
