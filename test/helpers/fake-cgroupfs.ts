/**
 * A fake cgroup filesystem in a temp folder, for the sandbox's cgroup module
 * (src/services/sandbox/cgroup.ts, through its CgroupHost). It behaves as the kernel does for what
 * the module uses: mkdir creates a cgroup's interface files (v2: the controllers its parent lists in
 * cgroup.subtree_control; v1: the hierarchy's own), a write to a missing file fails with ENOENT,
 * cgroup.subtree_control refuses a controller the cgroup is not offered (EINVAL) and any change
 * while processes sit in a non-root cgroup (EBUSY, the "no internal processes" rule), and rmdir
 * fails while a process is inside (EBUSY) but takes the interface files with the directory.
 *
 *   const fs = fakeCgroupfs({ layout: 'v2', own: '/user.slice/session-1.scope', ... });
 *   createRunCgroup(limits, fs.host);
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CgroupHost } from '../../src/services/sandbox/cgroup.js';

export interface FakeCgroupfsOptions {
  /** pure v2, hybrid (v1 controllers plus a v2 tree at unified/), or v1 only. */
  layout: 'v2' | 'hybrid' | 'v1';
  /** Where this process sits in every hierarchy (default '/'). */
  own?: string;
  /** Controllers the v2 root offers (pure v2 default: memory pids; hybrid default: hugetlb, as on this host). */
  v2Controllers?: string[];
  /** v2 cgroups (paths) whose cgroup.subtree_control lists these controllers, created with the tree. */
  delegated?: Record<string, string[]>;
  /** Cgroups (paths) with a process inside, so the kernel refuses to change their subtree_control. */
  busy?: string[];
  /** v1 hierarchies mounted (hybrid and v1; default memory and pids). */
  v1Controllers?: string[];
  /** Kernel before 5.14: no cgroup.kill. */
  noKill?: boolean;
}

export interface FakeCgroupfs {
  root: string;
  host: CgroupHost;
  /** Path of a cgroup directory in the fake tree ('' for v2 at the root, 'memory' for a v1 hierarchy). */
  at(hierarchy: string, cgroupPath: string): string;
  /** Cgroups Cloudya created (cloudya-*) still present anywhere in the tree. */
  leftovers(): string[];
  cleanup(): void;
}

function errno(code: string, what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${what}`), { code });
}

const words = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split(/\s+/).filter(Boolean) : []);

const V2_FILES: Record<string, Record<string, string>> = {
  memory: { 'memory.max': 'max\n', 'memory.swap.max': 'max\n', 'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n' },
  pids: { 'pids.max': 'max\n', 'pids.events': 'max 0\n' },
  hugetlb: { 'hugetlb.2MB.max': 'max\n' },
};
const V1_FILES: Record<string, Record<string, string>> = {
  memory: { 'memory.limit_in_bytes': '9223372036854771712\n', 'memory.memsw.limit_in_bytes': '9223372036854771712\n', 'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n' },
  pids: { 'pids.max': 'max\n', 'pids.events': 'max 0\n' },
};

/** Builds the fake tree. */
export function fakeCgroupfs(opts: FakeCgroupfsOptions): FakeCgroupfs {
  const root = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-fake-cgroupfs-'));
  const own = opts.own ?? '/';
  const v2Root = opts.layout === 'v2' ? root : opts.layout === 'hybrid' ? path.join(root, 'unified') : undefined;
  const v1 = opts.layout === 'v2' ? [] : (opts.v1Controllers ?? ['memory', 'pids']);
  const busy = new Set(opts.busy ?? []);

  const isV2 = (dir: string) => v2Root !== undefined && (dir === v2Root || dir.startsWith(`${v2Root}/`));
  const cgroupPath = (dir: string) => (isV2(dir) ? `/${path.relative(v2Root!, dir)}` : `/${path.relative(root, dir).split('/').slice(1).join('/')}`);
  const writeFiles = (dir: string, files: Record<string, string>) => {
    for (const [f, v] of Object.entries(files)) if (!existsSync(path.join(dir, f))) writeFileSync(path.join(dir, f), v);
  };

  /** What the kernel puts in a new cgroup directory. */
  const populate = (dir: string, isRoot: boolean) => {
    writeFileSync(path.join(dir, 'cgroup.procs'), busy.has(cgroupPath(dir)) ? `${process.pid}\n` : '');
    if (isV2(dir)) {
      const offered = isRoot ? (opts.v2Controllers ?? (opts.layout === 'v2' ? ['memory', 'pids'] : ['hugetlb'])) : words(path.join(path.dirname(dir), 'cgroup.subtree_control'));
      writeFileSync(path.join(dir, 'cgroup.controllers'), `${offered.join(' ')}\n`);
      writeFileSync(path.join(dir, 'cgroup.subtree_control'), '');
      if (!isRoot) {
        if (!opts.noKill) writeFileSync(path.join(dir, 'cgroup.kill'), '');
        writeFileSync(path.join(dir, 'cgroup.events'), 'populated 0\nfrozen 0\n');
        for (const c of offered) writeFiles(dir, V2_FILES[c] ?? {});
      }
    } else {
      const hierarchy = path.relative(root, dir).split('/')[0];
      if (!isRoot) writeFiles(dir, V1_FILES[hierarchy] ?? {});
    }
  };

  const host: CgroupHost = {
    root,
    selfCgroup: () =>
      [...v1.map((c, i) => `${v1.length - i + 1}:${c}:${own}`), ...(v2Root ? [`0::${own}`] : [])].join('\n') + '\n',
    mkdir: (dir) => {
      if (!existsSync(path.dirname(dir)) || !existsSync(path.join(path.dirname(dir), 'cgroup.procs'))) throw errno('ENOENT', dir);
      mkdirSync(dir);
      populate(dir, false);
    },
    rmdir: (dir) => {
      if (!existsSync(dir)) throw errno('ENOENT', dir);
      if (words(path.join(dir, 'cgroup.procs')).length) throw errno('EBUSY', dir);
      if (readdirSync(dir).some((e) => statSync(path.join(dir, e)).isDirectory())) throw errno('EBUSY', dir);
      rmSync(dir, { recursive: true });
    },
    write: (file, value) => {
      if (!existsSync(file)) throw errno('ENOENT', file);
      const dir = path.dirname(file);
      if (path.basename(file) === 'cgroup.subtree_control') {
        const offered = words(path.join(dir, 'cgroup.controllers'));
        const now = new Set(words(file));
        for (const w of value.split(/\s+/).filter(Boolean)) {
          if (!offered.includes(w.slice(1))) throw errno('EINVAL', `${w} in ${file}`);
          if (dir !== v2Root && words(path.join(dir, 'cgroup.procs')).length) throw errno('EBUSY', file);
          if (w.startsWith('+')) now.add(w.slice(1));
          else now.delete(w.slice(1));
        }
        writeFileSync(file, `${[...now].join(' ')}\n`);
        // Children gain the controllers' files at once.
        for (const e of readdirSync(dir)) {
          const child = path.join(dir, e);
          if (!statSync(child).isDirectory()) continue;
          writeFileSync(path.join(child, 'cgroup.controllers'), `${[...now].join(' ')}\n`);
          for (const c of now) writeFiles(child, V2_FILES[c] ?? {});
        }
        return;
      }
      writeFileSync(file, value);
    },
    canJoin: () => true,
  };

  // The tree down to our own cgroup, in every hierarchy, with the delegations asked for.
  const makeTree = (top: string) => {
    mkdirSync(top, { recursive: true });
    populate(top, true);
    let dir = top;
    for (const part of own.split('/').filter(Boolean)) {
      const parent = dir;
      dir = path.join(dir, part);
      const p = cgroupPath(parent);
      if (isV2(parent) && opts.delegated?.[p]) writeFileSync(path.join(parent, 'cgroup.subtree_control'), `${opts.delegated[p].join(' ')}\n`);
      mkdirSync(dir);
      populate(dir, false);
    }
    if (isV2(dir) && opts.delegated?.[own]) writeFileSync(path.join(dir, 'cgroup.subtree_control'), `${opts.delegated[own].join(' ')}\n`);
  };
  if (v2Root) makeTree(v2Root);
  for (const c of v1) makeTree(path.join(root, c));

  return {
    root,
    host,
    at: (hierarchy, p) => path.join(hierarchy ? path.join(root, hierarchy) : v2Root ?? root, p),
    leftovers: () => {
      const out: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d)) {
          const child = path.join(d, e);
          if (!statSync(child).isDirectory()) continue;
          if (e.startsWith('cloudya-')) out.push(path.relative(root, child));
          walk(child);
        }
      };
      walk(root);
      return out;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
