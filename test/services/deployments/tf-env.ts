/** Terraform environment for tests: a private CLI config (no ~/.terraformrc, no plugin cache in the user's home). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempHome } from '../../helpers/cli.js';

/** A throwaway HOME and CLOUDYA_HOME with an empty Terraform CLI config. */
export function terraformTestEnv(): NodeJS.ProcessEnv & { CLOUDYA_HOME: string } {
  const home = tempHome();
  const cliConfig = path.join(home, 'terraformrc');
  writeFileSync(cliConfig, '# test: no plugin cache, no credentials\n');
  mkdirSync(path.join(home, 'cloudya'), { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'en_US.UTF-8',
    NO_COLOR: '1',
    CLOUDYA_HOME: path.join(home, 'cloudya'),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
  };
}
