/**
 * docker / podman backend, used only when an engine actually answers (a client without a daemon
 * does not count): network none unless granted, cap_drop ALL, no-new-privileges, read-only root,
 * memory, CPU and PID limits, the work dir mounted at /work.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import { CREDENTIAL_DIRS, sandboxEnv } from './grants.js';
import type { Backend, Launch, RunSpec } from './types.js';

const m = defineMessages({
  en: {
    missing: '{name} is not installed',
    noEngine: '{name} is installed but no engine answers ({detail})',
  },
  fr: {
    missing: "{name} n'est pas installé",
    noEngine: "{name} est installé mais aucun moteur ne répond ({detail})",
  },
});

type Problem = { key: 'missing' | 'noEngine'; detail?: string } | undefined;
const probes = new Map<string, Promise<Problem>>();
const CONTAINER_HOME = '/home/sandbox';

/** The `docker run` arguments for a run (exported for tests). */
export function containerArgs(spec: RunSpec, name: string): string[] {
  const a = ['run', '--rm', '-i', '--name', name, '--network', spec.grants.network ? 'bridge' : 'none', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--read-only', '--tmpfs', '/tmp', '--tmpfs', `${CONTAINER_HOME}:mode=1777`];
  a.push('--memory', `${Math.floor(spec.limits.memoryBytes / 1048576)}m`, '--memory-swap', `${Math.floor(spec.limits.memoryBytes / 1048576)}m`, '--cpus', '0.5', '--pids-limit', String(spec.limits.maxProcesses), '--ulimit', `cpu=${spec.limits.cpuSeconds}:${spec.limits.cpuSeconds + 1}`, '--ulimit', `fsize=${spec.limits.fileSizeBytes}`, '--ulimit', 'core=0');
  if (typeof process.getuid === 'function') a.push('--user', `${process.getuid()}:${process.getgid?.() ?? 0}`);
  const access = spec.workDirAccess ?? 'write';
  if (access === 'hidden') a.push('--tmpfs', '/work');
  else a.push('-v', `${spec.workDir}:/work${access === 'read' ? ':ro' : ''}`);
  a.push('-w', '/work');
  for (const fam of spec.grants.credentials) {
    const dir = path.join(spec.home, CREDENTIAL_DIRS[fam]);
    if (existsSync(dir)) a.push('-v', `${dir}:${path.posix.join(CONTAINER_HOME, CREDENTIAL_DIRS[fam])}:ro`);
  }
  const env = sandboxEnv(spec.env, spec.grants, CONTAINER_HOME);
  delete env.PATH;
  for (const [k, v] of Object.entries(env)) a.push('-e', `${k}=${v}`);
  a.push(spec.image ?? 'docker.io/library/alpine:3.20', '/bin/sh', '-c', spec.command);
  return a;
}

function engine(name: 'docker' | 'podman'): Backend {
  return {
    name,
    async problem() {
      let p = probes.get(name);
      if (!p) {
        p = (async (): Promise<Problem> => {
          const bin = which(name);
          if (!bin) return { key: 'missing' };
          // `version` with a server field needs a reachable engine; a bare client fails here.
          const r = await spawn(bin, ['version', '--format', '{{.Server.Version}}'], { reject: false, timeout: 8000 });
          if (r.exitCode !== 0 || !String(r.stdout).trim()) return { key: 'noEngine', detail: String(r.stderr).split('\n').find(Boolean) ?? `exit ${r.exitCode}` };
          return undefined;
        })();
        probes.set(name, p);
      }
      // Probed once, worded in the language of each call.
      const problem = await p;
      return problem && m(problem.key, { name, detail: problem.detail ?? '' });
    },
    launch(spec: RunSpec): Launch {
      const cname = `cloudya-${randomBytes(4).toString('hex')}`;
      const bin = which(name) ?? name;
      return {
        file: bin,
        args: containerArgs(spec, cname),
        env: { PATH: spec.env.PATH ?? '/usr/bin:/bin', HOME: spec.env.HOME ?? '/', DOCKER_HOST: spec.env.DOCKER_HOST ?? '', CONTAINER_HOST: spec.env.CONTAINER_HOST ?? '' },
        cwd: spec.workDir,
        memoryEnforcedByBackend: true,
        stop: async () => {
          await spawn(bin, ['kill', cname], { reject: false, timeout: 10_000 });
        },
      };
    },
  };
}

export const docker = engine('docker');
export const podman = engine('podman');
