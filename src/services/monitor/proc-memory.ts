/** Memory, swap and CPU temperatures from /proc and /sys (Linux), without loading systeminformation. */
import { readdirSync, readFileSync } from 'node:fs';
import { ByteScanner, procFile } from './proc-file.js';

export interface MemoryReading {
  total: number;
  free: number;
  available: number;
  swaptotal: number;
  swapused: number;
}

const MEMINFO_KEYS = ['MemTotal', 'MemFree', 'MemAvailable', 'Cached', 'Buffers', 'SwapTotal', 'SwapFree'] as const;

/** /proc/meminfo in bytes; undefined where it cannot be read. */
export async function readMeminfo(file = '/proc/meminfo'): Promise<MemoryReading | undefined> {
  const bytes = procFile(file).read();
  if (!bytes) return undefined;
  const values = new Map<(typeof MEMINFO_KEYS)[number], number>();
  const s = new ByteScanner(bytes.buf, bytes.length);
  do {
    const key = MEMINFO_KEYS.find((k) => s.startsWith(k) && bytes.buf[s.at + k.length] === 0x3a);
    if (!key || values.has(key)) continue;
    s.at += key.length + 1;
    values.set(key, s.number() * 1024);
  } while (values.size < MEMINFO_KEYS.length && s.nextLine());
  const kb = (key: (typeof MEMINFO_KEYS)[number]) => values.get(key) ?? NaN;
  const total = kb('MemTotal');
  if (!Number.isFinite(total)) return undefined;
  const free = kb('MemFree');
  // Kernels before 3.14 have no MemAvailable: free + page cache is the classic estimate.
  const available = Number.isFinite(kb('MemAvailable')) ? kb('MemAvailable') : free + (kb('Cached') || 0) + (kb('Buffers') || 0);
  const swaptotal = kb('SwapTotal') || 0;
  return { total, free, available, swaptotal, swapused: Math.max(0, swaptotal - (kb('SwapFree') || 0)) };
}

const CPU_SENSORS = new Set(['coretemp', 'k10temp', 'zenpower', 'cpu_thermal', 'soc_thermal', 'acpitz', 'cpu-thermal']);

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** CPU temperatures (°C) from hwmon sensors, else the first thermal zone; null when the machine exposes none. */
export function readTemperatures(): { main: number | null; max: number | null; cores: number[] } | null {
  const values: number[] = [];
  const cores: number[] = [];
  let dirs: string[] = [];
  try {
    dirs = readdirSync('/sys/class/hwmon');
  } catch {
    // no hwmon
  }
  for (const d of dirs) {
    const base = `/sys/class/hwmon/${d}`;
    if (!CPU_SENSORS.has(read(`${base}/name`) ?? '')) continue;
    let files: string[] = [];
    try {
      files = readdirSync(base).filter((f) => /^temp\d+_input$/.test(f)).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const v = Number(read(`${base}/${f}`)) / 1000;
      if (!Number.isFinite(v) || v <= 0) continue;
      values.push(v);
      if (/^Core/i.test(read(`${base}/${f.replace('_input', '_label')}`) ?? '')) cores.push(v);
    }
  }
  if (!values.length) {
    const zone = Number(read('/sys/class/thermal/thermal_zone0/temp')) / 1000;
    if (Number.isFinite(zone) && zone > 0) values.push(zone);
  }
  if (!values.length) return null;
  return { main: values[0], max: Math.max(...values), cores };
}
