/** Shapes of the app catalog and of installation records (installation.json and `--output json`). */
import type { HostStats } from '../ansible/events.js';
import type { Target } from '../ansible/inventory.js';
import type { TemplateParam, TemplateSource } from '../terraform/types.js';

/** How to tell an installed app answers: an HTTP probe. */
export interface HealthSpec {
  /** URL with {placeholders}: parameters and {host} (the target's address). */
  url: string;
  /** Statuses that count as up; default 200-399 (redirects are not followed). */
  status?: number[];
  /** Text the page must contain (checked on a 200 answer). */
  contains?: string;
}

/** An app template (templates/apps/<name>/ or the user's templates_dir/apps/<name>/). */
export interface AppInfo {
  /** The folder name: what `app install NAME` takes. */
  id: string;
  name: string;
  description: string;
  platforms: string[];
  parameters: TemplateParam[];
  /** Output templates ({placeholders}) such as url. */
  outputs: Record<string, string>;
  health?: HealthSpec;
  /** Services the app runs on the host (for diagnose service / monitor --service). */
  services: string[];
  /** What it installs, one line each (for app show). */
  installs: string[];
  dir: string;
  source: TemplateSource;
  overrides?: string;
  /** README.md text, when there is one. */
  readme?: string;
  hasUninstall: boolean;
}

export const INSTALLATION_STATUSES = ['installing', 'installed', 'failed', 'uninstalling', 'uninstalled', 'interrupted'] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

/** Statuses during which a Cloudya process is working on the installation. */
export const RUNNING_INSTALL_STATUSES: readonly InstallationStatus[] = ['installing', 'uninstalling'];

export type AppOperationKind = 'install' | 'uninstall';
export type AppOperationResult = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** The task that stopped a run. */
export interface FailedTask {
  task: string;
  host: string;
  message: string;
}

export interface AppOperationRecord {
  op: AppOperationKind;
  started: string;
  finished?: string;
  result: AppOperationResult;
  exit_code?: number;
  pid: number;
  /** Totals of the play recap. */
  stats?: HostStats;
  failed_task?: FailedTask;
  errors?: string[];
}

export interface HealthResult {
  checked: string;
  url: string;
  ok: boolean;
  http_status?: number;
  error?: string;
}

export interface Installation {
  id: string;
  app: string;
  app_source: TemplateSource;
  platform: string;
  /** How the target is shown ("local", "root@127.0.0.1:2222"). */
  target: string;
  target_spec: Target;
  status: InstallationStatus;
  /** Parameter values given; sensitive ones stored as "****". */
  params: Record<string, unknown>;
  /** Names of the sensitive parameters given (never stored: asked again to re-run). */
  sensitive: string[];
  created: string;
  updated: string;
  /** The app's outputs with placeholders filled (url...). */
  outputs: Record<string, string>;
  health?: HealthResult;
  services: string[];
  operations: AppOperationRecord[];
  ansible_version?: string;
  dir: string;
}
