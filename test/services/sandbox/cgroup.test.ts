/**
 * The sandbox's run cgroup on the three layouts a Linux host can have - pure v2 (most distributions
 * today), hybrid (this host: v1 controllers, a v2 tree offering only hugetlb) and v1 - on a fake
 * cgroupfs that behaves as the kernel does (test/helpers/fake-cgroupfs.ts), then the v2 memory limit
 * for real where this kernel offers the v2 memory controller. The real v1/hybrid containment (OOM
 * kill, fork storm, leftovers) is in containment.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupLayout, createRunCgroup, ownPaths, systemCgroupHost } from '../../../src/services/sandbox/cgroup.js';
import { fakeCgroupfs, type FakeCgroupfs } from '../../helpers/fake-cgroupfs.js';

const MiB = 1024 * 1024;
const limits = { memoryBytes: 64 * MiB, maxProcesses: 32 };
const trees: FakeCgroupfs[] = [];
const fake = (o: Parameters<typeof fakeCgroupfs>[0]) => {
  const t = fakeCgroupfs(o);
  trees.push(t);
  return t;
};
afterEach(() => trees.splice(0).forEach((t) => t.cleanup()));
const text = (file: string) => readFileSync(file, 'utf8').trim();

describe('run cgroup on a fake cgroupfs', () => {
  it('reads the layout and where this process sits', () => {
    expect(cgroupLayout(fake({ layout: 'v2' }).root)).toMatchObject({ kind: 'v2' });
    const hybrid = fake({ layout: 'hybrid' });
    expect(cgroupLayout(hybrid.root)).toEqual({ kind: 'hybrid', unified: path.join(hybrid.root, 'unified') });
    expect(cgroupLayout(fake({ layout: 'v1' }).root)).toEqual({ kind: 'v1' });
    // This host's own /proc/self/cgroup shape (v1 lines plus the v2 "0::" line).
    expect(ownPaths('4:memory:/process_api/b8f6\n8:pids:/\n0::/\n')).toEqual(new Map([['memory', '/process_api/b8f6'], ['pids', '/'], ['', '/']]));
  });

  it('pure v2, our cgroup delegating memory and pids: memory.max, memory.swap.max 0 and pids.max below it, one cgroup.procs, removed after', async () => {
    const t = fake({ layout: 'v2', own: '/user.slice/user@1000.service/app.slice', delegated: { '/user.slice/user@1000.service/app.slice': ['memory', 'pids'] } });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: 'cgroup-v2', pids: true });
    expect(cg.procsFiles).toHaveLength(1);
    const dir = path.dirname(cg.procsFiles[0]);
    expect(path.dirname(dir)).toBe(t.at('', '/user.slice/user@1000.service/app.slice'));
    expect(text(path.join(dir, 'memory.max'))).toBe(String(64 * MiB));
    expect(text(path.join(dir, 'memory.swap.max'))).toBe('0');
    expect(text(path.join(dir, 'pids.max'))).toBe('32');
    expect(cg.oomKilled()).toBe(false);
    expect(cg.pidsLimitHit()).toBe(false);
    // What the kernel writes when it OOM-kills in the cgroup, and when a fork fails at pids.max.
    writeFileSync(path.join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    writeFileSync(path.join(dir, 'pids.events'), 'max 2\n');
    expect(cg.oomKilled()).toBe(true);
    expect(cg.pidsLimitHit()).toBe(true);
    expect(await cg.remove()).toBe(true);
    expect(t.leftovers()).toEqual([]);
  });

  it('pure v2, our cgroup not delegating and busy (a login session): the nearest ancestor that delegates both is used', () => {
    const own = '/user.slice/user-1000.slice/session-3.scope';
    const t = fake({ layout: 'v2', own, busy: [own], delegated: { '/': ['memory', 'pids'], '/user.slice': ['memory', 'pids'], '/user.slice/user-1000.slice': ['pids'] } });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: 'cgroup-v2', pids: true });
    // user-1000.slice hands down pids only: memory needs user.slice.
    expect(path.dirname(path.dirname(cg.procsFiles[0]))).toBe(t.at('', '/user.slice'));
    // The kernel refused to change the busy session's subtree_control: nothing was changed there.
    expect(text(t.at('', `${own}/cgroup.subtree_control`))).toBe('');
  });

  it('pure v2, our cgroup empty but not delegating (a container at its namespace root): controllers enabled in it, the run below it', () => {
    const t = fake({ layout: 'v2', own: '/' });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: 'cgroup-v2', pids: true });
    expect(text(t.at('', '/cgroup.subtree_control')).split(' ').sort()).toEqual(['memory', 'pids']);
    expect(path.dirname(path.dirname(cg.procsFiles[0]))).toBe(t.root);
  });

  it('pure v2 where no cgroup hands memory/pids down and ours is busy: the run\'s cgroup sits below ours, for cgroup.kill alone', async () => {
    const own = '/system.slice/cron.service';
    const t = fake({ layout: 'v2', own, busy: [own] });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: undefined, pids: false });
    expect(path.dirname(path.dirname(cg.procsFiles[0]))).toBe(t.at('', own));
    expect(existsSync(path.join(path.dirname(cg.procsFiles[0]), 'cgroup.kill'))).toBe(true);
    expect(await cg.remove()).toBe(true);
  });

  it('pure v2 without the memory controller anywhere: pids only, so the runner falls back to RLIMIT_AS for memory', async () => {
    const t = fake({ layout: 'v2', own: '/svc', v2Controllers: ['pids'], delegated: { '/svc': ['pids'] } });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg.memory).toBeUndefined();
    expect(cg.pids).toBe(true);
    expect(existsSync(path.join(path.dirname(cg.procsFiles[0]), 'memory.max'))).toBe(false);
    expect(await cg.remove()).toBe(true);
  });

  it('pure v2 with no memory limit asked: memory.max is left alone', () => {
    const t = fake({ layout: 'v2', own: '/svc', delegated: { '/svc': ['memory', 'pids'] } });
    const cg = createRunCgroup({ maxProcesses: 8 }, t.host)!;
    expect(cg.memory).toBeUndefined();
    expect(text(path.join(path.dirname(cg.procsFiles[0]), 'memory.max'))).toBe('max');
  });

  it('hybrid (this host\'s layout): v2 only kills (cgroup.kill), memory and pids come from the v1 hierarchies; all three removed after', async () => {
    const t = fake({ layout: 'hybrid', own: '/process_api/b8f6' });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: 'cgroup-v1', pids: true });
    const dirs = cg.procsFiles.map((f) => path.relative(t.root, path.dirname(f)).split('/').slice(0, -1).join('/'));
    expect(dirs).toEqual(['unified/process_api/b8f6', 'memory/process_api/b8f6', 'pids/process_api/b8f6']);
    const [v2, mem, pids] = cg.procsFiles.map(path.dirname);
    expect(existsSync(path.join(v2, 'cgroup.kill'))).toBe(true);
    expect(text(path.join(mem, 'memory.limit_in_bytes'))).toBe(String(64 * MiB));
    expect(text(path.join(mem, 'memory.memsw.limit_in_bytes'))).toBe(String(64 * MiB));
    expect(text(path.join(pids, 'pids.max'))).toBe('32');
    writeFileSync(path.join(mem, 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n');
    expect(cg.oomKilled()).toBe(true);
    expect(await cg.remove()).toBe(true);
    expect(t.leftovers()).toEqual([]);
  });

  it('hybrid whose v2 tree offers memory (v1 memory unmounted): the limit is v2\'s', () => {
    const t = fake({ layout: 'hybrid', own: '/', v2Controllers: ['memory', 'pids'], v1Controllers: [] });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: 'cgroup-v2', pids: true });
    expect(cg.procsFiles).toHaveLength(1);
  });

  it('v1 only (no v2 tree, old kernel): memory and pids from v1, and the end kills process by process', async () => {
    const t = fake({ layout: 'v1', own: '/' });
    const cg = createRunCgroup(limits, t.host)!;
    expect(cg).toMatchObject({ memory: 'cgroup-v1', pids: true });
    expect(cg.procsFiles).toHaveLength(2);
    expect(await cg.remove()).toBe(true);
    expect(t.leftovers()).toEqual([]);
  });

  it('a cgroup that enforces nothing and cannot kill is not used, and is removed at once', () => {
    const t = fake({ layout: 'v2', own: '/svc', v2Controllers: [], noKill: true });
    expect(createRunCgroup(limits, t.host)).toBeUndefined();
    expect(t.leftovers()).toEqual([]);
  });

  it('a process still inside keeps its cgroup: remove() says so instead of leaving silently', async () => {
    const t = fake({ layout: 'v2', own: '/svc', delegated: { '/svc': ['memory', 'pids'] } });
    const cg = createRunCgroup(limits, t.host)!;
    // A pid no process has (above the kernel's pid_max): the kill finds nothing, the list stays as it is.
    writeFileSync(cg.procsFiles[0], '99999999\n');
    expect(await cg.remove()).toBe(false);
    expect(t.leftovers()).toHaveLength(1);
    writeFileSync(cg.procsFiles[0], '');
  });
});

/** Why the v2 memory controller cannot be used for real here, or undefined when it can. */
function v2MemoryProblem(): string | undefined {
  const host = systemCgroupHost();
  const layout = cgroupLayout(host.root);
  if (layout.kind === 'v1' || layout.kind === 'none') return `this host has no cgroup v2 tree (layout ${layout.kind})`;
  const offered = readFileSync(path.join(layout.unified, 'cgroup.controllers'), 'utf8').trim();
  if (!offered.split(/\s+/).includes('memory'))
    return `this kernel's cgroup v2 tree (${layout.unified}) offers only "${offered || 'nothing'}": memory is bound to a v1 hierarchy - a property of the host, not a missing tool`;
  if (process.getuid?.() !== 0) return 'not root: no delegated cgroup to write';
  return undefined;
}

const v2Problem = v2MemoryProblem();
// Not describeWithTool: no package installs a v2 memory controller, so CLOUDYA_REQUIRE_TOOLS=1 does not turn this skip into a failure.
if (v2Problem) console.warn(`[skip] cgroup v2 memory limit for real: ${v2Problem}`);
(v2Problem ? describe.skip : describe)(`cgroup v2 memory limit for real${v2Problem ? ` (skipped: ${v2Problem})` : ''}`, () => {
  it('a process over memory.max is OOM-killed, reported as such, and the cgroup is removed', async () => {
    const cg = createRunCgroup({ memoryBytes: 32 * MiB, maxProcesses: 16 })!;
    expect(cg.memory).toBe('cgroup-v2');
    const joinAndEat = `for f; do echo $$ > "$f" || exit 125; done; exec python3 -c "b = bytearray(256 * 1024 * 1024); print(len(b))"`;
    const r = spawnSync('/bin/sh', ['-c', joinAndEat, 'sh', ...cg.procsFiles], { encoding: 'utf8', timeout: 120_000 });
    expect(r.signal).toBe('SIGKILL');
    expect(cg.oomKilled()).toBe(true);
    expect(await cg.remove()).toBe(true);
    for (const f of cg.procsFiles) expect(existsSync(path.dirname(f))).toBe(false);
  });
});
