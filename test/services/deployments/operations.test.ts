import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { lockDeployment } from '../../../src/services/deployments/lock.js';
import { runOperation, type DeployEvent } from '../../../src/services/deployments/operations.js';
import { effectiveStatus, nextSteps } from '../../../src/services/deployments/status.js';
import { createDeployment, deploymentFiles, listDeployments, loadDeployment } from '../../../src/services/deployments/store.js';
import type { Deployment } from '../../../src/services/deployments/types.js';
import { defaultRoots, findTemplate } from '../../../src/services/terraform/catalog.js';
import { maskParams, resolveParams, splitSensitive } from '../../../src/services/terraform/params.js';
import { terraformSettings } from '../../../src/services/terraform/settings.js';
import { ROOT } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';
import { terraformTestEnv } from './tf-env.js';

// The tool probe below runs `terraform version` with this process's environment: without this,
// Terraform phones home (checkpoint) and writes ~/.terraform.d/checkpoint_signature in the real HOME.
process.env.CHECKPOINT_DISABLE = '1';

const FIXTURES = path.join(ROOT, 'test/fixtures/terraform-templates');

async function setup(templateId: string, given: Record<string, unknown>, fixtures = false) {
  const env = terraformTestEnv();
  const config = loadConfig({ env });
  const roots = fixtures ? { builtin: FIXTURES } : defaultRoots();
  const t = await findTemplate(roots, templateId);
  const values = resolveParams(t, given);
  const { plain, secret } = splitSensitive(t.parameters, values);
  const root = config.paths.deployments;
  const d = await createDeployment(root, t, plain, maskParams(t.parameters, values), Object.keys(secret));
  const terraform = await terraformSettings(config, env);
  return { env, root, d, secret, terraform };
}

async function drain(stream: AsyncGenerator<DeployEvent, Deployment>) {
  const events: DeployEvent[] = [];
  for await (const e of stream) events.push(e);
  return { events, done: events.find((e) => e.type === 'done') as Extract<DeployEvent, { type: 'done' }> };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describeWithTool('terraform', 'deployment operations with real Terraform', () => {
  it('plans, confirms with the summary, applies local/demo, then destroys it; secrets never reach the disk', async () => {
    const { root, d, secret, terraform } = await setup('local/demo', { name: 'ops', node_count: 2, admin_password: 'Sup3rSecretValue!' });
    let asked: { add: number; resources: string[] } | undefined;
    let planDirs: string[] = [];
    const { events, done } = await drain(
      runOperation(d, 'apply', {
        root,
        terraform,
        secrets: secret,
        confirm: async (plan) => {
          asked = { add: plan.add, resources: plan.resources.map((r) => r.address) };
          // With a secret, the saved plan (which holds it) is kept off persistent disk.
          expect(existsSync(deploymentFiles(root, d.id).plan)).toBe(false);
          planDirs = readdirSync('/dev/shm').filter((f) => f.startsWith(`cloudya-plan-${d.id}-`));
          expect(planDirs.length).toBeGreaterThan(0);
          return true;
        },
      }),
    );
    expect(asked).toEqual({ add: 4, resources: expect.arrayContaining(['terraform_data.node[0]', 'terraform_data.node[1]', 'terraform_data.network']) });
    expect(done.result).toBe('applied');
    const completes = events.filter((e) => e.type === 'terraform' && e.event.type === 'apply_complete');
    expect(completes).toHaveLength(4);
    const saved = await loadDeployment(root, d.id);
    expect(saved.status).toBe('applied');
    expect(saved.outputs).toMatchObject({ node_addresses: ['10.42.0.10', '10.42.0.11'], password_set: true });
    expect(saved.resources).toHaveLength(4);
    expect(saved.params).toMatchObject({ admin_password: '****', name: 'ops' });
    expect(saved.operations.map((o) => `${o.op}:${o.result}`)).toEqual(['plan:planned', 'apply:succeeded']);
    const files = deploymentFiles(root, d.id);
    expect(existsSync(files.plan)).toBe(false);
    for (const dir of planDirs) expect(existsSync(path.join('/dev/shm', dir)), `${dir} removed`).toBe(false);
    expect(statSync(files.dir).mode & 0o077).toBe(0);
    for (const f of filesUnder(files.dir)) expect(readFileSync(f, 'utf8'), f).not.toContain('Sup3rSecretValue!');
    expect(readFileSync(files.log, 'utf8')).toMatch(/\[apply\] terraform_data.node\[0\]: Creation complete/);

    const destroyed = await drain(runOperation(saved, 'destroy', { root, terraform, secrets: secret, confirm: async (plan) => plan.destroy === 4 }));
    expect(destroyed.done.result).toBe('destroyed');
    const after = await loadDeployment(root, d.id);
    expect(after).toMatchObject({ status: 'destroyed', resources: [], outputs: {} });
    expect((await listDeployments(root)).deployments.map((x) => x.id)).toEqual([d.id]);
  }, 120_000);

  it('keeps the deployment planned when the plan is declined, and stops after the plan with planOnly', async () => {
    const { root, d, secret, terraform } = await setup('local/demo', {});
    const declined = await drain(runOperation(d, 'apply', { root, terraform, secrets: secret, confirm: async () => false }));
    expect(declined.done.result).toBe('declined');
    const saved = await loadDeployment(root, d.id);
    expect(saved).toMatchObject({ status: 'planned', resources: [] });
    expect(nextSteps(saved)).toContain(`cloudya deploy apply ${d.id}`);
    const planOnly = await drain(runOperation(saved, 'apply', { root, terraform, secrets: {}, planOnly: true, confirm: async () => true }));
    expect(planOnly.done.result).toBe('planned');
    expect(planOnly.events.some((e) => e.type === 'plan' && e.plan.add === 4)).toBe(true);
  }, 120_000);

  it('refuses a second operation while one holds the lock, naming the holder', async () => {
    const { root, d, terraform } = await setup('local/demo', {});
    const release = await lockDeployment(d.id, d.dir, 'apply');
    try {
      await expect(drain(runOperation(d, 'destroy', { root, terraform, secrets: {}, confirm: async () => true }))).rejects.toMatchObject({
        code: 'deployment_locked',
        message: expect.stringMatching(new RegExp(`busy: apply running since .* \\(pid ${process.pid}`)),
      });
      d.status = 'applying';
      expect(await effectiveStatus(d)).toBe('applying');
    } finally {
      await release();
    }
    // Nobody holds the lock any more: a leftover "applying" means its process died.
    expect(await effectiveStatus(d)).toBe('interrupted');
  }, 60_000);

  it('records a failed apply with Terraform\'s error', async () => {
    const { root, d, terraform } = await setup('local/slow', { fail: true }, true);
    const { done } = await drain(runOperation(d, 'apply', { root, terraform, secrets: {}, confirm: async () => true }));
    expect(done.result).toBe('failed');
    expect(done.errors.join('\n')).toMatch(/local-exec provisioner error/);
    const saved = await loadDeployment(root, d.id);
    expect(saved.status).toBe('failed');
    expect(saved.operations.at(-1)).toMatchObject({ op: 'apply', result: 'failed', exit_code: 1 });
    expect(saved.resources).toContain('terraform_data.fast');
    expect(nextSteps(saved)).toMatch(/resume with: cloudya deploy apply/);
  }, 120_000);

  it('forwards an abort to Terraform mid-apply: interrupted, state kept', async () => {
    const { root, d, terraform } = await setup('local/slow', { sleep_seconds: 60 }, true);
    const controller = new AbortController();
    const events: DeployEvent[] = [];
    for await (const e of runOperation(d, 'apply', { root, terraform, secrets: {}, signal: controller.signal, confirm: async () => true })) {
      events.push(e);
      if (e.type === 'terraform' && e.event.type === 'apply_start' && e.event.address === 'terraform_data.slow') controller.abort();
    }
    // The 60 s provisioner was stopped, not waited for: Terraform never reports the slow resource created.
    const slowCompleted = events.some((e) => e.type === 'terraform' && e.event.type === 'apply_complete' && e.event.address === 'terraform_data.slow');
    expect(slowCompleted).toBe(false);
    const done = events.find((e) => e.type === 'done') as Extract<DeployEvent, { type: 'done' }>;
    expect(done.result).toBe('interrupted');
    const saved = await loadDeployment(root, d.id);
    expect(saved.status).toBe('interrupted');
    expect(saved.resources).toContain('terraform_data.fast');
    expect(existsSync(deploymentFiles(root, d.id).state)).toBe(true);
    expect(nextSteps(saved)).toMatch(/Resume with: cloudya deploy apply .* remove it: cloudya deploy destroy/);
  }, 120_000);
}, ['version']);
