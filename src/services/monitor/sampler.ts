/**
 * The sampler. On Linux it reads /proc, /sys and statfs directly: systeminformation spawns `cat`,
 * `ps`, `df` or `lsblk` on many of its calls (2.4 % of a core at 1 s in child processes alone) and
 * weighs ~10 MB; it remains the implementation everywhere else, loaded on first need. Cheap
 * readings every tick (CPU, load, memory, disk and network counters), expensive ones (process list,
 * filesystem sizes, temperatures, the watched service) at a slower cadence.
 * A new sample never starts while the previous one runs: concurrent callers share the one in flight,
 * and the stream schedules the next tick only after the current one finished.
 */
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { readDiskBytes, readNetDev } from './proc-counters.js';
import { readMeminfo, readTemperatures as readSysTemperatures } from './proc-memory.js';
import { readFilesystems as readProcFilesystems } from './proc-filesystems.js';
import { procReader } from './proc-processes.js';
import { cpuPercent, readCpuTicks, type CpuTicks } from './procstat.js';
import { ratePerSecond } from './rates.js';
import { alertsFor, DEFAULT_THRESHOLDS, round } from './thresholds.js';
import type { FilesystemUsage, NetworkRate, ProcessInfo, Sample, ServiceStatus, Thresholds } from './types.js';
import { oneLine } from '../../core/printable.js';

export interface SamplerOptions {
  /** Time between samples in the stream (ms). */
  intervalMs: number;
  /** Minimum time between two readings of the expensive parts (ms); default max(interval, 4 s). */
  slowPeriodMs?: number;
  /** Processes kept per sample: the top N by CPU plus the top N by memory. */
  processLimit?: number;
  /** Watch this service (systemd unit, or process name without systemd). */
  service?: string;
  thresholds?: Thresholds;
  /**
   * Where readings come from: 'auto' reads /proc and /sys directly on Linux (cheap) and uses
   * systeminformation elsewhere; 'systeminformation' uses it everywhere (and is how its path is tested here).
   */
  source?: 'auto' | 'systeminformation';
}

/** Anything that produces samples (the real sampler, or a fake in screen tests). */
export interface SampleSource {
  sample(): Promise<Sample>;
  /** Changes the stream interval (the TUI's +/-). */
  setInterval?(ms: number): void;
  close?(): void;
}

export interface Sampler extends SampleSource {
  readonly intervalMs: number;
  setInterval(ms: number): void;
  /** Samples every interval until the signal aborts or `count` samples were produced. */
  stream(opts?: { signal?: AbortSignal; count?: number }): AsyncGenerator<Sample>;
  close(): void;
}

/** systeminformation, loaded only where /proc cannot answer (it weighs ~10 MB of memory). */
let siModule: Promise<typeof import('systeminformation')> | undefined;
function systeminformation() {
  siModule ??= import('systeminformation').then((m) => m.default ?? m);
  return siModule;
}

const PSEUDO_FS = new Set(['tmpfs', 'devtmpfs', 'squashfs', 'proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'mqueue', 'overlayfs-tmp', 'ramfs', 'nsfs', 'tracefs', 'debugfs', 'autofs']);

interface Counters {
  at: number;
  net: Map<string, { rx: number; tx: number }>;
  diskRead?: number;
  diskWrite?: number;
  ticks?: CpuTicks;
}

interface SlowPart {
  at: number;
  filesystems: FilesystemUsage[];
  processes: ProcessInfo[];
  allProcesses: ProcessInfo[];
  temperatures: Sample['temperatures'];
  service?: ServiceStatus;
}

/** Creates a sampler reading this machine (see `source`). */
export function createSampler(options: SamplerOptions): Sampler {
  let intervalMs = options.intervalMs;
  const limit = options.processLimit ?? 15;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const slowPeriod = () => options.slowPeriodMs ?? Math.max(intervalMs, 4000);
  let previous: Counters | undefined;
  let slow: SlowPart | undefined;
  let temperaturesReadable = true;
  let inFlight: Promise<Sample> | undefined;
  let primed: Promise<void> | undefined;
  let closed = false;
  const procs = procReader();
  const useProc = options.source !== 'systeminformation';

  async function readCounters(): Promise<Counters> {
    const [netDev, diskBytes, ticks] = useProc ? await Promise.all([readNetDev(), readDiskBytes(), readCpuTicks()]) : [undefined, undefined, undefined];
    let net = netDev;
    let disk = diskBytes;
    if (!net) {
      net = new Map();
      const si = await systeminformation();
      for (const n of await si.networkStats('*').catch(() => [])) if (n.iface && n.iface !== 'lo') net.set(n.iface, { rx: n.rx_bytes, tx: n.tx_bytes });
    }
    if (!disk) {
      const fsStats = await (await systeminformation()).fsStats().catch(() => undefined);
      if (typeof fsStats?.rx === 'number' && typeof fsStats?.wx === 'number') disk = { read: fsStats.rx, write: fsStats.wx };
    }
    return { at: Date.now(), net, diskRead: disk?.read, diskWrite: disk?.write, ticks };
  }

  async function readFilesystems(): Promise<FilesystemUsage[]> {
    const direct = useProc ? await readProcFilesystems() : undefined;
    if (direct) return direct;
    const list = await (await systeminformation()).fsSize().catch(() => []);
    const seen = new Set<string>();
    const out: FilesystemUsage[] = [];
    for (const f of list) {
      if (!f.size || PSEUDO_FS.has(f.type) || seen.has(f.mount)) continue;
      seen.add(f.mount);
      let inodes: FilesystemUsage['inodes'] = null;
      try {
        const st = await statfs(f.mount);
        if (st.files > 0) inodes = { total: st.files, used: st.files - st.ffree, usage: round(((st.files - st.ffree) / st.files) * 100, 2) };
      } catch {
        // unreadable mount (permissions): sizes still count
      }
      const available = typeof f.available === 'number' ? f.available : f.size - f.used;
      out.push({ mount: f.mount, fs: f.fs, type: f.type, size: f.size, used: f.used, available, usage: round(f.size > 0 ? (f.used / f.size) * 100 : 0, 2), inodes });
    }
    return out;
  }

  async function readProcesses(): Promise<ProcessInfo[]> {
    const direct = useProc ? procs.read() : undefined;
    if (direct) return direct;
    const si = await systeminformation();
    const data = await si.processes().catch(() => ({ list: [] as Awaited<ReturnType<typeof si.processes>>['list'] }));
    const totalMem = os.totalmem();
    return data.list.map((p) => ({
      pid: p.pid,
      name: oneLine(p.name),
      user: p.user,
      cpu: round(Math.max(0, p.cpu || 0), 1),
      memory: round(p.mem || (p.memRss * 1024 * 100) / totalMem, 1),
      rss_bytes: (p.memRss || 0) * 1024,
      command: oneLine([p.command, p.params].filter(Boolean).join(' ')).trim().slice(0, 200),
    }));
  }

  async function readTemperatures(): Promise<Sample['temperatures']> {
    if (!temperaturesReadable) return null;
    if (process.platform === 'linux' && useProc) {
      const t = readSysTemperatures();
      if (!t) temperaturesReadable = false; // no sensor exposed here; stop asking every slow tick
      return t;
    }
    const t = await (await systeminformation()).cpuTemperature().catch(() => undefined);
    const cores = (t?.cores ?? []).filter((c) => Number.isFinite(c));
    if (!t || (t.main === null && t.max === null && cores.length === 0)) {
      temperaturesReadable = false;
      return null;
    }
    return { main: t.main ?? null, max: t.max ?? null, cores };
  }

  async function readSlow(): Promise<SlowPart> {
    const [filesystems, all, temperatures] = await Promise.all([readFilesystems(), readProcesses(), readTemperatures()]);
    const byCpu = [...all].sort((a, b) => b.cpu - a.cpu || b.memory - a.memory).slice(0, limit);
    const byMem = [...all].sort((a, b) => b.memory - a.memory).slice(0, limit);
    const kept = new Map<number, ProcessInfo>();
    for (const p of [...byCpu, ...byMem]) kept.set(p.pid, p);
    const processes = [...kept.values()].sort((a, b) => b.cpu - a.cpu || b.memory - a.memory);
    // Command lines and users are read only for the processes kept (and for the watched service's).
    const describe = (p: ProcessInfo) => {
      if (!p.command) p.command = procs.command(p.pid) || p.name;
      if (!p.user) p.user = procs.user(p.pid);
    };
    for (const p of processes) describe(p);
    let service: ServiceStatus | undefined;
    if (options.service) {
      // Loaded only with --service: it brings execa (~100 modules) that plain monitoring never uses.
      const { inspectService } = await import('./service.js');
      service = await inspectService(options.service, all);
      for (const p of service.processes) describe(p);
    }
    return { at: Date.now(), filesystems, processes, allProcesses: all, temperatures, service };
  }

  /** First readings of every counter so that the first sample already has rates. */
  function prime(): Promise<void> {
    primed ??= (async () => {
      const [counters] = await Promise.all([readCounters(), readProcesses()]);
      if (!counters.ticks) await (await systeminformation()).currentLoad().catch(() => undefined);
      previous = counters;
      // A short first window: `--count 1` answers in about a second, with real rates.
      await new Promise((r) => setTimeout(r, Math.min(intervalMs, 1000)));
    })();
    return primed;
  }

  async function takeSample(): Promise<Sample> {
    await prime();
    const slowDue = !slow || Date.now() - slow.at >= slowPeriod() - 50;
    const [mem, counters, slowPart] = await Promise.all([readMemory(useProc), readCounters(), slowDue ? readSlow() : Promise.resolve(slow!)]);
    slow = slowPart;
    const prev = previous;
    previous = counters;
    const seconds = prev ? (counters.at - prev.at) / 1000 : 0;
    const network: NetworkRate[] = [...counters.net.entries()].map(([iface, c]) => ({
      iface,
      rx_bytes_per_sec: round(ratePerSecond(prev?.net.get(iface)?.rx, c.rx, seconds), 1),
      tx_bytes_per_sec: round(ratePerSecond(prev?.net.get(iface)?.tx, c.tx, seconds), 1),
      rx_bytes: c.rx,
      tx_bytes: c.tx,
    }));
    const cpu = await cpuNow(prev?.ticks, counters.ticks);
    const [l1, l5, l15] = os.loadavg();
    const ncores = Math.max(1, cpu.cores.length || os.cpus().length);
    const available = mem.available;
    const used = mem.total - available;
    const base: Omit<Sample, 'alerts'> = {
      timestamp: new Date(counters.at).toISOString(),
      interval_seconds: intervalMs / 1000,
      uptime_seconds: Math.round(os.uptime()),
      cpu,
      load: { '1m': round(l1, 2), '5m': round(l5, 2), '15m': round(l15, 2), per_core: round(l1 / ncores, 2), cores: ncores },
      memory: { total: mem.total, used, available, free: mem.free, usage: round(mem.total > 0 ? (used / mem.total) * 100 : 0, 1) },
      swap: { total: mem.swaptotal, used: mem.swapused, usage: round(mem.swaptotal > 0 ? (mem.swapused / mem.swaptotal) * 100 : 0, 1) },
      filesystems: slowPart.filesystems,
      disk: {
        read_bytes_per_sec: round(counters.diskRead === undefined ? 0 : ratePerSecond(prev?.diskRead, counters.diskRead, seconds), 1),
        write_bytes_per_sec: round(counters.diskWrite === undefined ? 0 : ratePerSecond(prev?.diskWrite, counters.diskWrite, seconds), 1),
      },
      network,
      processes: slowPart.processes,
      temperatures: slowPart.temperatures,
      ...(slowPart.service ? { service: slowPart.service } : {}),
    };
    return { ...base, alerts: alertsFor(base, thresholds) };
  }

  const sampler: Sampler = {
    get intervalMs() {
      return intervalMs;
    },
    setInterval(ms: number) {
      if (ms > 0) intervalMs = ms;
    },
    sample() {
      inFlight ??= takeSample().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    async *stream({ signal, count } = {}) {
      let produced = 0;
      let next: number | undefined;
      while (!closed && !signal?.aborted && (count === undefined || produced < count)) {
        const s = await sampler.sample();
        if (signal?.aborted) return;
        yield s;
        produced++;
        if (count !== undefined && produced >= count) return;
        // Fixed rate when sampling is fast; when a tick overran, the next one starts after it, never during.
        next = next === undefined ? Date.now() + intervalMs : Math.max(next + intervalMs, Date.now());
        await sleep(next - Date.now(), signal);
      }
    },
    close() {
      closed = true;
    },
  };
  return sampler;
}

/** CPU percentages from two /proc/stat readings, or from systeminformation where there is no /proc/stat. */
async function cpuNow(previous: CpuTicks | undefined, current: CpuTicks | undefined): Promise<Sample['cpu']> {
  const total = cpuPercent(previous, current, -1);
  if (total && current) {
    const cores = [...current.keys()].filter((k) => k >= 0).sort((a, b) => a - b);
    return {
      usage: round(total.usage, 1),
      user: round(total.user, 1),
      system: round(total.system, 1),
      iowait: round(total.iowait, 1),
      steal: round(total.steal, 1),
      cores: cores.map((core) => {
        const c = cpuPercent(previous, current, core) ?? { usage: 0, user: 0, system: 0, iowait: 0, steal: 0 };
        return { core, usage: round(c.usage, 1), user: round(c.user, 1), system: round(c.system, 1), iowait: round(c.iowait, 1), steal: round(c.steal, 1) };
      }),
    };
  }
  const load = await (await systeminformation()).currentLoad();
  return {
    usage: round(clampPercent(load.currentLoad), 1),
    user: round(load.currentLoadUser + load.currentLoadNice, 1),
    system: round(load.currentLoadSystem + load.currentLoadIrq, 1),
    iowait: null,
    steal: round(load.currentLoadSteal ?? 0, 1),
    cores: load.cpus.map((c, i) => ({ core: i, usage: round(c.load, 1), user: round(c.loadUser + c.loadNice, 1), system: round(c.loadSystem + c.loadIrq, 1), iowait: null, steal: round(c.loadSteal ?? 0, 1) })),
  };
}

/** Memory and swap from /proc/meminfo, or systeminformation elsewhere. */
async function readMemory(useProc: boolean) {
  return (useProc ? await readMeminfo() : undefined) ?? (await (await systeminformation()).mem());
}

function clampPercent(v: number): number {
  return Number.isFinite(v) ? Math.max(0, Math.min(100, v)) : 0;
}

/** Sleeps, waking early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
