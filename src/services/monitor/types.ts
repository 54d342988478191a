/** The shapes the monitor produces: one Sample per tick, JSON keys in English (the NDJSON contract). */

export type Level = 'ok' | 'careful' | 'warning' | 'critical';
export type ThresholdMetric = 'cpu' | 'memory' | 'swap' | 'filesystem' | 'load';

export interface CoreLoad {
  core: number;
  usage: number;
  user: number;
  system: number;
  /** Percent of time waiting for IO; Linux only (null elsewhere). */
  iowait: number | null;
  steal: number;
}

export interface FilesystemUsage {
  mount: string;
  fs: string;
  type: string;
  size: number;
  used: number;
  available: number;
  /** Used percent (0-100). */
  usage: number;
  /** Inodes where the filesystem reports them. */
  inodes: { total: number; used: number; usage: number } | null;
}

export interface NetworkRate {
  iface: string;
  rx_bytes_per_sec: number;
  tx_bytes_per_sec: number;
  rx_bytes: number;
  tx_bytes: number;
}

export interface ProcessInfo {
  pid: number;
  name: string;
  user: string;
  /** Percent of one core, as top shows it. */
  cpu: number;
  /** Percent of total memory. */
  memory: number;
  rss_bytes: number;
  command: string;
}

export interface Alert {
  metric: ThresholdMetric;
  /** Mount point for filesystems. */
  target?: string;
  level: Exclude<Level, 'ok'>;
  value: number;
  threshold: number;
}

export interface ServiceStatus {
  name: string;
  /** systemd when the unit was read from systemd; process-name when systemd is absent and processes were matched by name. */
  source: 'systemd' | 'process-name';
  found: boolean;
  active_state: string | null;
  sub_state: string | null;
  restarts: number | null;
  processes: ProcessInfo[];
  listening_ports: { protocol: string; address: string; port: number; pid: number | null }[];
  /** Why some fields are unknown (e.g. systemd not running). */
  note?: string;
}

export interface Sample {
  timestamp: string;
  interval_seconds: number;
  uptime_seconds: number;
  cpu: { usage: number; user: number; system: number; iowait: number | null; steal: number; cores: CoreLoad[] };
  load: { '1m': number; '5m': number; '15m': number; per_core: number; cores: number };
  memory: { total: number; used: number; available: number; free: number; usage: number };
  swap: { total: number; used: number; usage: number };
  filesystems: FilesystemUsage[];
  disk: { read_bytes_per_sec: number; write_bytes_per_sec: number };
  network: NetworkRate[];
  processes: ProcessInfo[];
  temperatures: { main: number | null; max: number | null; cores: number[] } | null;
  alerts: Alert[];
  service?: ServiceStatus;
}

export type Thresholds = Record<ThresholdMetric, { careful: number; warning: number; critical: number }>;
