/**
 * The runner against the real ansible-playbook: our callback's events arrive typed on fd 3 while
 * Ansible's human output stays on stdout, values travel only in vars files, and cancelling stops
 * the whole process tree.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AnsibleEvent } from '../../../src/services/ansible/events.js';
import { findAnsible } from '../../../src/services/ansible/binary.js';
import { renderInventory } from '../../../src/services/ansible/inventory.js';
import { runPlaybook, startPlaybook, type AnsibleSettings } from '../../../src/services/ansible/runner.js';
import { privateDir, varsFile } from '../../../src/services/ansible/vars.js';
import { describeWithTool } from '../../helpers/tools.js';

const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-ansible-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** Command lines of every process whose command line contains the marker. */
function processesWith(marker: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(marker)) out.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Live (non-zombie) processes of the process group `pgid`. */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
      if (Number(f[2]) === pgid && f[0] !== 'Z') out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function until(cond: () => boolean, ms = 60_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return cond();
}

describeWithTool('ansible-playbook', 'Ansible runner (real ansible-playbook)', () => {
  let settings: AnsibleSettings;
  const inventory = write('inventory.json', renderInventory({ kind: 'local' }, path.join(dir, 'known_hosts')));

  it('streams typed events from the callback, apart from the human output', async () => {
    const bin = await findAnsible('ansible-playbook', process.env);
    settings = { path: bin.path, version: bin.version, env: { PATH: process.env.PATH, HOME: process.env.HOME } };
    const marker = path.join(dir, 'touched');
    const playbook = write(
      'events.yml',
      `- name: Events play
  hosts: all
  gather_facts: false
  tasks:
    - name: Look only
      ansible.builtin.command: echo hi
      changed_when: false
    - name: Touch a file
      ansible.builtin.file: { path: "${marker}", state: touch }
    - name: Never
      ansible.builtin.debug: { msg: never }
      when: false
    - block:
        - name: Fail on purpose
          ansible.builtin.command: /bin/false
      rescue:
        - name: Recover
          ansible.builtin.debug: { msg: "{{ greeting }}" }
`,
    );
    const vars = await privateDir();
    const varsPath = await vars.write('vars.json', varsFile({ greeting: 'hello from a vars file' }));
    expect(statSync(vars.dir).mode & 0o777).toBe(0o700);
    expect(statSync(varsPath).mode & 0o777).toBe(0o600);
    const stdout: string[] = [];
    const r = await runPlaybook(settings, { playbook, inventory, cwd: dir, varsFiles: [varsPath], onLine: (s, l) => s === 'stdout' && stdout.push(l) });
    await vars.remove();
    expect(r.exitCode).toBe(0);
    const kinds = r.events.map((e) => (e.type === 'task_start' ? `start:${e.task}` : 'host' in e && 'task' in e ? `${e.type}:${e.task}` : e.type));
    expect(kinds).toEqual([
      'playbook_start',
      'play_start',
      'start:Look only',
      'ok:Look only',
      'start:Touch a file',
      'changed:Touch a file',
      'start:Never',
      'skipped:Never',
      'start:Fail on purpose',
      'failed:Fail on purpose',
      'start:Recover',
      'ok:Recover',
      'recap',
    ]);
    expect(r.events.find((e) => e.type === 'play_start')).toMatchObject({ play: 'Events play', tasks: 5 });
    expect(r.events.find((e) => e.type === 'ok' && e.task === 'Recover')).toMatchObject({ msg: 'hello from a vars file' });
    const recap = r.events.find((e): e is Extract<AnsibleEvent, { type: 'recap' }> => e.type === 'recap');
    expect(recap?.hosts.localhost).toMatchObject({ ok: 3, changed: 1, failed: 0, skipped: 1, rescued: 1 });
    // The human output is Ansible's own, without our JSON lines.
    expect(stdout.join('\n')).toContain('PLAY RECAP');
    expect(stdout.some((l) => l.startsWith('{"'))).toBe(false);
  }, 180_000);

  it('reports a failed run with its exit code and the failing task', async () => {
    const playbook = write('fail.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: Break\n      ansible.builtin.fail: { msg: "broken on purpose" }\n');
    const r = await runPlaybook(settings, { playbook, inventory, cwd: dir });
    expect(r.exitCode).not.toBe(0);
    expect(r.events.find((e) => e.type === 'failed')).toMatchObject({ task: 'Break', host: 'localhost', msg: 'broken on purpose' });
  }, 180_000);

  it('stops the whole process tree when cancelled', async () => {
    const marker = `sleep 3${process.pid % 1000}7`;
    const playbook = write('slow.yml', `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: Wait a long time\n      ansible.builtin.command: ${marker}\n`);
    const ac = new AbortController();
    const run = startPlaybook(settings, { playbook, inventory, cwd: dir, signal: ac.signal, graceMs: { term: 3_000, kill: 3_000 } });
    const seen: AnsibleEvent[] = [];
    const reading = (async () => {
      for await (const e of run.events) seen.push(e);
    })();
    // The module's sleep is running once it shows in /proc.
    expect(await until(() => processesWith(marker).length > 0, 120_000)).toBe(true);
    ac.abort();
    const r = await run.done;
    await reading;
    expect(r.interrupted).toBe(true);
    expect(r.exitCode).not.toBe(0);
    expect(await until(() => processesWith(marker).length === 0, 30_000)).toBe(true);
    expect(seen.some((e) => e.type === 'task_start' && e.task === 'Wait a long time')).toBe(true);
  }, 180_000);

  it('Ctrl+C leaves no process of the run alive (a background helper that ignores SIGINT included) but spares a daemon the run had detached', async () => {
    const tag = `${process.pid % 1000}`;
    const daemon = `sleep 4${tag}1`;
    const helper = `sleep 4${tag}2`;
    const work = `sleep 4${tag}3`;
    // A background job of a non-interactive shell ignores SIGINT: the group's Ctrl+C cannot stop
    // the helper, only what follows it can. The daemon is what apt's postinst leaves: started in
    // the background, detached from the run before the stop, in the run's process group all the same.
    const playbook = write(
      'ctrlc.yml',
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: Start a daemon\n      ansible.builtin.shell: nohup ${daemon} >/dev/null 2>&1 &\n    - name: Work with a helper\n      ansible.builtin.shell: ${helper} & ${work}\n`,
    );
    const ac = new AbortController();
    const run = startPlaybook(settings, { playbook, inventory, cwd: dir, signal: ac.signal, graceMs: { term: 3_000, kill: 3_000 } });
    const reading = (async () => {
      for await (const e of run.events) void e;
    })();
    try {
      expect(await until(() => processesWith(work).length > 0 && processesWith(helper).length > 0, 120_000)).toBe(true);
      const daemonPid = Number(processesWith(daemon)[0]?.split(':')[0]);
      expect(daemonPid).toBeGreaterThan(0);
      // Everything of the run is in one process group: ansible-playbook's (its pid).
      const groupOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]);
      expect(groupOf(daemonPid)).toBe(run.pid);
      const workers = groupMembers(run.pid!).filter((p) => p !== daemonPid);
      expect(workers.length).toBeGreaterThanOrEqual(4); // ansible-playbook, its worker, the module, the shell's sleeps
      ac.abort();
      const r = await run.done;
      await reading;
      expect(r.interrupted).toBe(true);
      // When done resolves, nothing of the run is left: no ansible-playbook, worker, module, shell or sleep.
      expect(groupMembers(run.pid!)).toEqual([daemonPid]);
      expect(processesWith(helper)).toEqual([]);
      expect(processesWith(work)).toEqual([]);
      // The detached daemon still runs.
      expect(processesWith(daemon)).toHaveLength(1);
    } finally {
      ac.abort();
      // Whatever a failed assertion left behind (this test's own sleeps only, by their markers).
      for (const line of [daemon, helper, work].flatMap(processesWith)) {
        try {
          process.kill(Number(line.split(':')[0]), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
  }, 180_000);
});
