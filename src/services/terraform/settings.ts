/** Terraform settings from the configuration: terraform_path and terraform.plugin_dir. */
import type { Config } from '../../core/config.js';
import { expandHome } from '../../core/paths.js';
import { findTerraform } from './binary.js';
import type { TerraformSettings } from './runner.js';

/** Locates and checks Terraform, and returns how to run it (throws with the install hint when missing). */
export async function terraformSettings(config: Config, env: NodeJS.ProcessEnv): Promise<TerraformSettings> {
  const bin = await findTerraform(config.get<string>('terraform_path'), env);
  const pluginDir = config.get<string>('terraform.plugin_dir');
  return { path: bin.path, pluginDir: pluginDir ? expandHome(pluginDir, env) : undefined, env };
}
