/** Backend choice: never the host by itself, a docker client without an engine does not count, and the error says how to fix it. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudyaError } from '../../../src/core/errors.js';
import { setLang } from '../../../src/core/i18n.js';
import { containerArgs, docker, podman } from '../../../src/services/sandbox/container.js';
import { grantsFor } from '../../../src/services/sandbox/grants.js';
import { selectBackend } from '../../../src/services/sandbox/select.js';
import type { Backend } from '../../../src/services/sandbox/types.js';
import { toolPath } from '../../helpers/tools.js';

const broken = (name: Backend['name'], problem: string): Backend => ({ name, problem: async () => problem, launch: () => ({ file: 'false', args: [], env: {}, cwd: '/' }) });

describe('selectBackend', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('fails with what is missing and how to install bubblewrap when nothing works - never the host', async () => {
    const err = await selectBackend('auto', [broken('bubblewrap', 'bubblewrap (bwrap) is not installed'), broken('docker', 'docker is installed but no engine answers')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudyaError);
    expect((err as CloudyaError).message).toContain('bubblewrap: bubblewrap (bwrap) is not installed');
    expect((err as CloudyaError).message).toContain('docker: docker is installed but no engine answers');
    expect((err as CloudyaError).hint).toContain('apt-get install bubblewrap');
    expect((err as CloudyaError).code).toBe('no_sandbox');
  });

  it('takes the first backend that works', async () => {
    const ok: Backend = { ...broken('podman', ''), problem: async () => undefined };
    expect((await selectBackend('auto', [broken('bubblewrap', 'no'), ok])).name).toBe('podman');
  });

  it('does not count a docker client whose engine does not answer', async () => {
    const bin = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'fake-docker-'));
    // A client with no daemon behind it: what `docker version` prints when the socket is absent.
    writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\necho "Client: Docker Engine"\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n');
    chmodSync(path.join(bin, 'docker'), 0o755);
    process.env.PATH = `${bin}:${savedPath}`;
    const problem = await docker.problem();
    expect(problem).toContain('no engine answers');
    expect(problem).toContain('Cannot connect to the Docker daemon');
  });
});

describe('least privilege', () => {
  it('gives network and their own credentials to cloud CLIs only', () => {
    expect(grantsFor([['aws', 's3', 'ls']])).toEqual({ network: true, credentials: ['aws'] });
    expect(grantsFor([['kubectl', 'get', 'pods'], ['helm', 'list']])).toEqual({ network: true, credentials: ['kube'] });
    expect(grantsFor([['gcloud', 'compute', 'instances', 'list']])).toEqual({ network: true, credentials: ['gcloud'] });
    expect(grantsFor([['az', 'vm', 'list']])).toEqual({ network: true, credentials: ['azure'] });
    expect(grantsFor([['terraform', 'plan'], ['curl', 'http://x']])).toEqual({ network: false, credentials: [] });
    expect(grantsFor([['terraform', 'plan']], { network: true, credentials: ['aws'] })).toEqual({ network: true, credentials: ['aws'] });
  });

  it('builds docker runs with the product settings: no network, no capabilities, read-only root, limits', () => {
    const args = containerArgs({ command: 'ls', workDir: '/w', home: '/h', grants: { network: false, credentials: [] }, limits: { timeoutMs: 30_000, memoryBytes: 256 * 1048576, cpuSeconds: 30, outputBytes: 1024, maxProcesses: 256, fileSizeBytes: 1 << 30 }, env: { PATH: '/bin', OPENAI_API_KEY: 'sk-x' }, hide: [], image: 'alpine:3.20' }, 'c1');
    const joined = args.join(' ');
    for (const part of ['--network none', '--cap-drop ALL', '--security-opt no-new-privileges', '--read-only', '--memory 256m', '--cpus 0.5', '--pids-limit 256', '-v /w:/work']) expect(joined).toContain(part);
    expect(joined).not.toContain('sk-x');
    expect(args.slice(-4)).toEqual(['alpine:3.20', '/bin/sh', '-c', 'ls']);
  });

  it('mounts a read-only work dir read-only in docker, and a secret one not at all', () => {
    const spec = (workDirAccess: 'read' | 'hidden') => containerArgs({ command: 'ls', workDir: '/h/.aws', workDirAccess, home: '/h', grants: { network: false, credentials: [] }, limits: { timeoutMs: 30_000, memoryBytes: 256 * 1048576, cpuSeconds: 30, outputBytes: 1024, maxProcesses: 256, fileSizeBytes: 1 << 30 }, env: { PATH: '/bin' }, hide: [] }, 'c1').join(' ');
    expect(spec('read')).toContain('-v /h/.aws:/work:ro -w /work');
    expect(spec('hidden')).toContain('--tmpfs /work -w /work');
    expect(spec('hidden')).not.toContain('/h/.aws');
  });

  it('says in French when podman is not installed', async (t) => {
    if (toolPath('podman')) t.skip('podman is installed here');
    setLang('fr');
    try {
      expect(await podman.problem()).toBe("podman n'est pas installé");
    } finally {
      setLang('en');
    }
    expect(await podman.problem()).toBe('podman is not installed');
  });
});
