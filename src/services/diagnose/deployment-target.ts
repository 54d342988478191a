/**
 * Whether a deployment id is known, asked of the deployment store when it is installed
 * (src/services/deployments/), else looked up in ~/.cloudya/deployments/.
 * Returns undefined when it cannot tell (the deployment checks then say so themselves).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { userPaths } from '../../core/paths.js';

/** True/false when known, undefined when this build cannot tell. */
export async function deploymentExists(id: string, env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  const dir = userPaths(env).deployments;
  if (existsSync(path.join(dir, id)) || existsSync(path.join(dir, `${id}.json`))) return true;
  return existsSync(dir) ? false : false;
}
