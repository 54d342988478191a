/** Host backend: no isolation at all; only reachable with --no-sandbox and a confirmation. Limits still apply. */
import { commandShell } from './bubblewrap.js';
import type { Backend, Launch, RunSpec } from './types.js';

export const host: Backend = {
  name: 'host',
  problem: async () => undefined,
  launch(spec: RunSpec, prefix: string[]): Launch {
    const [file, ...rest] = [...prefix, commandShell(), '-c', spec.command];
    return { file, args: rest, env: spec.env, cwd: spec.workDir };
  },
};
