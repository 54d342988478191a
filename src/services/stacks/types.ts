/** Shapes of stack manifests (templates/stacks/*.yaml) and stack records (stack.json, `--output json`). */
import type { HostConnection, TemplateSource } from '../terraform/types.js';

/** Which deployment outputs give the SSH connection to the host the infrastructure created. */
export type StackConnection = HostConnection;

/** A preconfigured stack: an infrastructure template, an app, and how to reach the host. */
export interface StackManifest {
  /** The file name without .yaml: what `stack deploy NAME` takes. */
  id: string;
  name: string;
  description: string;
  infra: string;
  app: string;
  /** The app's platform (its defaults: SSH user...). */
  platform: string;
  connection: StackConnection;
  /** Uninstall the app before destroying the infrastructure (a host that outlives its deployment). */
  uninstall_on_destroy: boolean;
  infra_params: Record<string, unknown>;
  app_params: Record<string, unknown>;
  source: TemplateSource;
  file: string;
  /** The built-in manifest a user stack hides. */
  overrides?: string;
}

export const STACK_PHASES = ['infra', 'wait_ssh', 'app', 'health'] as const;
export type StackPhase = (typeof STACK_PHASES)[number];

export type PhaseStatus = 'pending' | 'running' | 'done' | 'failed' | 'interrupted' | 'skipped';

export interface PhaseState {
  status: PhaseStatus;
  started?: string;
  finished?: string;
  error?: string;
}

export const STACK_STATUSES = ['creating', 'planned', 'declined', 'deployed', 'failed', 'interrupted', 'destroying', 'destroyed'] as const;
export type StackStatus = (typeof STACK_STATUSES)[number];

export interface StackRecord {
  id: string;
  /** The preconfigured stack it came from, or "custom" (--template/--app). */
  stack: string;
  infra_template: string;
  app: string;
  platform: string;
  status: StackStatus;
  phases: Record<StackPhase, PhaseState>;
  /** The destroy of both parts, once asked for. */
  destroy?: { app: PhaseStatus; infra: PhaseStatus; started: string; finished?: string; error?: string };
  deployment_id?: string;
  installation_id?: string;
  connection: StackConnection;
  uninstall_on_destroy: boolean;
  /** Infrastructure parameters as given (sensitive ones "****"); the deployment keeps the real ones. */
  infra_params: Record<string, unknown>;
  /** App parameters, non-sensitive ones in clear (needed to install after a resume), sensitive "****". */
  app_params: Record<string, unknown>;
  app_sensitive: string[];
  ssh_key?: string;
  /** URL, host, ids: filled as the phases end. */
  outputs: Record<string, unknown>;
  created: string;
  updated: string;
  /** The process working on it while a phase runs (a dead pid means interrupted). */
  pid?: number;
  dir: string;
}
