import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import drift from '../../../src/services/diagnose/checks/deployment/drift.js';
import lastErrors from '../../../src/services/diagnose/checks/deployment/last-run-errors.js';
import reachability from '../../../src/services/diagnose/checks/deployment/reachability.js';
import state from '../../../src/services/diagnose/checks/deployment/state.js';
import type { CheckContext } from '../../../src/services/diagnose/types.js';
import { endpointsOf, isPrivateAddress } from '../../../src/services/deployments/endpoints.js';
import { runOperation } from '../../../src/services/deployments/operations.js';
import { createDeployment, deploymentFiles, loadDeployment } from '../../../src/services/deployments/store.js';
import { defaultRoots, findTemplate } from '../../../src/services/terraform/catalog.js';
import { maskParams, resolveParams, splitSensitive } from '../../../src/services/terraform/params.js';
import { runTerraform } from '../../../src/services/terraform/runner.js';
import { terraformSettings } from '../../../src/services/terraform/settings.js';
import { ROOT, runCli } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';
import { terraformTestEnv } from './tf-env.js';

// The tool probe below runs `terraform version` with this process's environment: without this,
// Terraform phones home (checkpoint) and writes ~/.terraform.d/checkpoint_signature in the real HOME.
process.env.CHECKPOINT_DISABLE = '1';

async function deploy(env: NodeJS.ProcessEnv, templateId: string, given: Record<string, unknown>, fixtures = false) {
  const config = loadConfig({ env });
  const t = await findTemplate(fixtures ? { builtin: `${ROOT}/test/fixtures/terraform-templates` } : defaultRoots(), templateId);
  const values = resolveParams(t, given);
  const { plain, secret } = splitSensitive(t.parameters, values);
  const root = config.paths.deployments;
  const d = await createDeployment(root, t, plain, maskParams(t.parameters, values), Object.keys(secret));
  const terraform = await terraformSettings(config, env);
  for await (const _ of runOperation(d, 'apply', { root, terraform, secrets: secret, confirm: async () => true })) void _;
  const ctx: CheckContext = { kind: 'deployment', target: d.id, config, env, signal: new AbortController().signal };
  return { root, id: d.id, ctx, terraform };
}

function listen(status: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.statusCode = status;
      res.end('ok');
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

it('finds URLs and addresses in outputs and tells private ones apart', () => {
  const found = endpointsOf({ url: 'http://127.0.0.1:8080/', node_addresses: ['10.42.0.10'], public_dns: 'ec2-1-2-3-4.compute.amazonaws.com', network: { cidr: '10.0.0.0/16', name: 'x' }, secret: '****' });
  expect(found).toEqual([
    { output: 'url', kind: 'url', target: 'http://127.0.0.1:8080/' },
    { output: 'node_addresses[0]', kind: 'host', target: '10.42.0.10' },
    { output: 'public_dns', kind: 'host', target: 'ec2-1-2-3-4.compute.amazonaws.com' },
  ]);
  expect(isPrivateAddress('10.42.0.10')).toBe(true);
  expect(isPrivateAddress('172.20.1.1')).toBe(true);
  expect(isPrivateAddress('127.0.0.1')).toBe(false);
  expect(isPrivateAddress('203.0.113.9')).toBe(false);
});

describeWithTool('terraform', 'deployment checks on real deployments', () => {
  it('state, errors, drift and reachability of an applied local/demo (loopback only)', async () => {
    const server = await listen(200);
    const port = (server.address() as AddressInfo).port;
    const env = terraformTestEnv();
    const { root, id, ctx, terraform } = await deploy(env, 'local/demo', { name: 'diag', health_url: `http://127.0.0.1:${port}/health` });

    expect(await state.applies(ctx)).toBe(true);
    expect(await state.run(ctx)).toEqual([expect.objectContaining({ check: 'deployment-state', severity: 'ok', evidence: expect.stringContaining('4 resource(s) in the state') })]);
    expect(await lastErrors.run(ctx)).toEqual([expect.objectContaining({ severity: 'ok' })]);
    expect(await drift.run(ctx)).toEqual([expect.objectContaining({ severity: 'ok', evidence: expect.stringContaining('exit 0') })]);
    const reach = await reachability.run(ctx);
    expect(reach).toContainEqual(expect.objectContaining({ severity: 'ok', evidence: expect.stringMatching(new RegExp(`GET http://127.0.0.1:${port}/health \\(url\\): HTTP 200`)) }));
    expect(reach).toContainEqual(expect.objectContaining({ severity: 'info', evidence: '10.42.0.10 (node_addresses[0]), 10.42.0.11 (node_addresses[1])' }));

    // Someone removes a node behind Terraform's back: drift.
    const rm = await runTerraform(terraform, ['state', 'rm', 'terraform_data.node[1]'], { cwd: deploymentFiles(root, id).workdir });
    expect(rm.exitCode).toBe(0);
    const drifted = await drift.run(ctx);
    expect(drifted).toEqual([expect.objectContaining({ severity: 'warning', evidence: expect.stringContaining('terraform_data.node[1] (create)'), fix: expect.stringContaining(`cloudya deploy apply ${id}`) })]);

    // The endpoint goes down.
    await new Promise((r) => server.close(r));
    const down = await reachability.run(ctx);
    expect(down).toContainEqual(expect.objectContaining({ severity: 'critical', evidence: expect.stringContaining('ECONNREFUSED') }));

    // The engine discovers these checks: cloudya diagnose deployment ID.
    const cli = await runCli(['diagnose', 'deployment', id, '--output', 'json'], env);
    for (const check of ['deployment-state', 'deployment-last-errors', 'deployment-drift', 'deployment-reachability']) expect(cli.stdout).toContain(check);
  }, 120_000);

  it('reports the errors of a failed run with advice, and skips drift when secrets are not given', async () => {
    const env = terraformTestEnv();
    const { ctx } = await deploy(env, 'local/slow', { fail: true }, true);
    const [st] = await state.run(ctx);
    expect(st).toMatchObject({ severity: 'critical', fix: expect.stringContaining('cloudya deploy apply') });
    const [err] = await lastErrors.run(ctx);
    expect(err).toMatchObject({ severity: 'critical', title: expect.stringContaining('local-exec provisioner error') });
    expect(err.evidence).toContain('provisioning failed on purpose');

    const env2 = terraformTestEnv();
    const { ctx: ctx2, root, id } = await deploy(env2, 'local/demo', { admin_password: 'NotOnDisk-99' });
    const [skip] = await drift.run(ctx2);
    expect(skip).toMatchObject({ severity: 'skipped', evidence: expect.stringContaining('TF_VAR_admin_password') });
    const [ok] = await drift.run({ ...ctx2, env: { ...env2, TF_VAR_admin_password: 'NotOnDisk-99' } });
    expect(ok.severity).toBe('ok');
    expect((await loadDeployment(root, id)).status).toBe('applied');
  }, 120_000);
}, ['version']);
