/**
 * Everything checked before an install runs, in one place for `cloudya app install` and the
 * Deploy screen: parameter values (defaults filled, secrets split out), the target and platform.
 */
import { targetLabel as labelOf, type Target } from '../ansible/inventory.js';
import { findAnsible } from '../ansible/binary.js';
import type { AnsibleSettings } from '../ansible/runner.js';
import { maskParams, splitSensitive } from '../terraform/params.js';
import type { ParamValue } from '../terraform/types.js';
import { resolveAppParams } from './params.js';
import { resolveInstallTarget, type TargetRequest } from './target.js';
import type { AppInfo } from './types.js';

export interface CheckedInstall {
  app: AppInfo;
  /** Every value, defaults filled in, secrets included (never written anywhere). */
  values: Record<string, ParamValue>;
  /** Values for display and the record: sensitive ones "****". */
  masked: Record<string, unknown>;
  /** The sensitive values alone (the 0600 vars file). */
  secrets: Record<string, ParamValue>;
  target: Target;
  targetLabel: string;
  platform: string;
}

/** Checks the values and the target of an install; throws the usage error the command prints (its flag names the field). */
export async function checkInstall(app: AppInfo, given: Record<string, unknown>, target: TargetRequest, env: NodeJS.ProcessEnv): Promise<CheckedInstall> {
  const values = resolveAppParams(app, given);
  const resolved = await resolveInstallTarget(target, app, env);
  return {
    app,
    values,
    masked: maskParams(app.parameters, values),
    secrets: splitSensitive(app.parameters, values).secret,
    target: resolved.target,
    targetLabel: labelOf(resolved.target),
    platform: resolved.platform,
  };
}

/** ansible-playbook found (the ansible_path setting) and recent enough, with the environment it inherits. */
export async function ansibleSettings(configuredPath: string | undefined, env: NodeJS.ProcessEnv): Promise<AnsibleSettings> {
  const bin = await findAnsible(configuredPath, env);
  return { path: bin.path, version: bin.version, env };
}
