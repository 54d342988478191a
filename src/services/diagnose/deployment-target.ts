/**
 * Resolves the deployment `diagnose deployment ID` targets through the deployment store
 * (src/services/deployments/store.ts): unknown ids fail with its clear message and suggestion,
 * unique prefixes resolve to the full id.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CloudyaError } from '../../core/errors.js';
import { userPaths } from '../../core/paths.js';

/** The full id of a known deployment; throws a CloudyaError (with a hint) for an unknown one. */
export async function resolveDeploymentId(id: string, env: NodeJS.ProcessEnv, unknownMessage: string, hint: string): Promise<string> {
  const root = userPaths(env).deployments;
  let store: { loadDeployment(root: string, id: string): Promise<{ id?: string }> } | undefined;
  try {
    store = (await import('../deployments/store.js')) as typeof store;
  } catch {
    store = undefined;
  }
  if (store) {
    const d = await store.loadDeployment(root, id);
    return d.id ?? id;
  }
  if (existsSync(path.join(root, id))) return id;
  throw new CloudyaError(unknownMessage, { hint, code: 'unknown_deployment' });
}
