/** What a deployment is on disk (deployment.json) and in `--output json`. */
import type { ChangeCounts } from '../terraform/events.js';

export const DEPLOYMENT_STATUSES = ['planning', 'planned', 'applying', 'applied', 'failed', 'destroying', 'destroyed', 'interrupted'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Statuses during which a Cloudya process is working on the deployment. */
export const RUNNING_STATUSES: readonly DeploymentStatus[] = ['planning', 'applying', 'destroying'];

export type OperationKind = 'plan' | 'apply' | 'destroy';
export type OperationResult = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'declined' | 'planned';

export interface PlannedResource {
  address: string;
  action: string;
}

export interface PlanSummary {
  operation: string;
  add: number;
  change: number;
  destroy: number;
  import: number;
  resources: PlannedResource[];
}

export interface OperationRecord {
  op: OperationKind;
  started: string;
  finished?: string;
  result: OperationResult;
  exit_code?: number;
  pid: number;
  changes?: ChangeCounts;
  /** Error diagnostics of the run, one line each (redacted). */
  errors?: string[];
}

export interface Deployment {
  id: string;
  template: string;
  template_source: 'builtin' | 'user';
  status: DeploymentStatus;
  /** Parameter values given; sensitive ones are stored as "****" (their values are never written). */
  params: Record<string, unknown>;
  /** Names of the sensitive parameters that were given (passed as TF_VAR_ at run time). */
  sensitive: string[];
  created: string;
  updated: string;
  outputs: Record<string, unknown>;
  /** Resource addresses in the state after the last operation. */
  resources: string[];
  operations: OperationRecord[];
  terraform_version?: string;
  dir: string;
}
