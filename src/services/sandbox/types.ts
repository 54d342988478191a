/** Shapes of the sandbox: requests, grants, limits, launch specs and results. */
import type { Config } from '../../core/config.js';
import type { Reason, Verdict } from '../safety/types.js';

export type BackendName = 'bubblewrap' | 'docker' | 'podman' | 'host';
/** The limit that stopped a run: time, memory, output, CPU time, process count (fork failed at the limit), file size (SIGXFSZ). */
export type KilledBy = 'timeout' | 'memory' | 'output' | 'cpu' | 'processes' | 'file-size';
/** Credential directories a command may see (read-only). */
export type CredentialFamily = 'aws' | 'gcloud' | 'azure' | 'kube';

export interface Grants {
  network: boolean;
  credentials: CredentialFamily[];
}

export interface Limits {
  timeoutMs: number;
  memoryBytes: number;
  cpuSeconds: number;
  outputBytes: number;
  /** Processes and threads the run may have at once (pids cgroup, else RLIMIT_NPROC). */
  maxProcesses: number;
  /** Largest file the run may write (RLIMIT_FSIZE; SIGXFSZ past it). */
  fileSizeBytes: number;
}

/** What a backend needs to start the command. */
export interface RunSpec {
  command: string;
  workDir: string;
  /** How the sandbox shows the work dir (default write): read-only, or empty (a secret directory). */
  workDirAccess?: 'write' | 'read' | 'hidden';
  /**
   * What read-only inspectors (ps, ss) may see of the host, always from namespaces of their own:
   * the host's /proc read-only (processes), and the host's network namespace with sockets limited
   * to netlink listing (network).
   */
  hostView?: { processes: boolean; network: boolean };
  /** Whether .git/config and .git/hooks in a writable work dir stay writable (a confirmed line made only of git). */
  gitWritable?: boolean;
  home: string;
  grants: Grants;
  limits: Limits;
  /** The caller's environment (backends pass on only what the grants allow). */
  env: NodeJS.ProcessEnv;
  /** Extra paths hidden from the command (e.g. CLOUDYA_HOME outside $HOME). */
  hide: string[];
  image?: string;
}

/** A process to start: file, args, environment. */
export interface Launch {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The memory limit is applied by the backend itself (docker --memory); skip the cgroup. */
  memoryEnforcedByBackend?: boolean;
  /** Data for extra file descriptors 3, 4... (bwrap reads its seccomp program from one). */
  fds?: Buffer[];
  /** The descriptor (right after `fds`) on which bwrap writes its info JSON (child pid, PID namespace). */
  infoFd?: number;
  /** Called when the run must be stopped (e.g. `docker kill NAME`). */
  stop?: () => Promise<void>;
}

export interface Backend {
  name: BackendName;
  /** Why it cannot run here, or undefined when it works. */
  problem(): Promise<string | undefined>;
  launch(spec: RunSpec, prefix: string[]): Launch;
}

export interface ExecutionRequest {
  command: string;
  source: 'ask' | 'chat' | 'exec';
  config: Config;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Asks the user; `reasons` says why in one line (for an error when nobody can answer). */
  confirm: (r: { message: string; reasons?: string }) => Promise<boolean>;
  /** One-line notices before the run (read-only work dir, isolated process view); also in the result. */
  onNotice?: (text: string) => void;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Data piped into the command (`echo x | cloudya exec wc`); without it the command reads nothing. */
  stdin?: NodeJS.ReadableStream;
  noSandbox?: boolean;
  unsafeAllow?: string[];
  /** Directory the command runs in (default: the current one; read-only when it is a system dir, / or a home). */
  workDir?: string;
  /** Extra grants on top of the command family's (exec --network, --credentials). */
  grants?: Partial<Grants>;
  /** Override sandbox.timeout_seconds (exec --timeout). */
  timeoutSeconds?: number;
  /** Override sandbox.memory_mb. */
  memoryMb?: number;
  /** Let an allowed command write its work dir (exec --write); a confirmed one may anyway. */
  writeWorkDir?: boolean;
}

export interface ExecutionResult {
  command: string;
  verdict: Verdict;
  executed: boolean;
  backend: BackendName | null;
  exitCode: number | null;
  durationMs: number;
  killedBy?: KilledBy;
  stdout: string;
  stderr: string;
  reasons: Reason[];
  /** Why it did not run, when it did not (denied, declined, needs-host: sudo cannot work in a sandbox). */
  notRunReason?: 'denied' | 'declined' | 'aborted' | 'needs-host';
  /** One-line explanations for the user (why it did not run, a read-only work dir, an isolated view). */
  notices?: string[];
  /** Host namespaces the run shared (read-only inspectors only). */
  hostView?: { processes: boolean; network: boolean };
  /** Grants the command ran with. */
  grants?: Grants;
  workDir?: string;
  /** Whether the command could write its work dir. */
  workDirWritable?: boolean;
  /** How the memory limit was enforced here: cgroup v1/v2, rlimit (address space), or the container engine. */
  memoryLimit?: 'cgroup-v1' | 'cgroup-v2' | 'rlimit-as' | 'engine' | 'none';
  /** How the process limit was enforced: pids cgroup (or the engine's), RLIMIT_NPROC, or not at all. */
  processLimit?: 'cgroup' | 'rlimit' | 'none';
  /** Output was cut at the cap. */
  truncated?: boolean;
}
