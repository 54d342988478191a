/**
 * The built-in templates against real Terraform: fmt for all, validate for local/demo and
 * the AWS ones, and an offline plan for AWS through the provider mirror with fake credentials
 * (the skip flags live in a test-only override file, never in the template).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../src/services/deployments/operations.js';
import { initArgs, runTerraform, type TerraformSettings } from '../../../src/services/terraform/runner.js';
import { ROOT } from '../../helpers/cli.js';
import { describeWithTool, toolPath } from '../../helpers/tools.js';
import { terraformTestEnv } from '../deployments/tf-env.js';

// The tool probe below runs `terraform version` with this process's environment: without this,
// Terraform phones home (checkpoint) and writes ~/.terraform.d/checkpoint_signature in the real HOME.
process.env.CHECKPOINT_DISABLE = '1';

const TEMPLATES = path.join(ROOT, 'templates/terraform');
const MIRROR = process.env.CLOUDYA_TF_PLUGIN_DIR ?? '/opt/tf-plugins';

const AWS_TEST_OVERRIDE = `# test only: fake credentials, no calls to AWS while planning
provider "aws" {
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;

function copy(id: string): string {
  const dir = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-tpl-'));
  cpSync(path.join(TEMPLATES, id), dir, { recursive: true });
  return dir;
}

function settings(pluginDir?: string): TerraformSettings {
  return { path: toolPath('terraform')!, pluginDir, env: terraformTestEnv() };
}

describe('built-in templates, statically (all providers, including gcp/azure whose providers are not available offline)', () => {
  for (const id of ['aws/vpc', 'aws/ec2', 'gcp/vm', 'azure/vm', 'local/demo']) {
    it(`${id}: every .tf file parses, variables are typed, described, declared and used, outputs described`, async () => {
      const { parse } = await import('@cdktf/hcl2json');
      const dir = path.join(TEMPLATES, id);
      const files = readdirSync(dir).filter((f) => f.endsWith('.tf'));
      expect(files.sort()).toEqual(['main.tf', 'outputs.tf', 'variables.tf']);
      let all = '';
      const declared = new Set<string>();
      for (const f of files) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        all += `${text}\n`;
        const json = (await parse(f, text)) as { variable?: Record<string, Array<Record<string, unknown>>>; output?: Record<string, Array<Record<string, unknown>>> };
        for (const [name, [v]] of Object.entries(json.variable ?? {})) {
          declared.add(name);
          expect(v.type, `${id} variable ${name} has a type`).toBeDefined();
          expect(v.description, `${id} variable ${name} has a description`).toEqual(expect.any(String));
        }
        for (const [name, [o]] of Object.entries(json.output ?? {})) expect(o.description, `${id} output ${name} has a description`).toEqual(expect.any(String));
      }
      const referenced = new Set([...all.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((x) => x[1]));
      expect([...referenced].filter((r) => !declared.has(r)), `${id}: var.X without a variable block`).toEqual([]);
      const usedOutsideValidation = new Set([...readFileSync(path.join(dir, 'main.tf'), 'utf8').concat(readFileSync(path.join(dir, 'outputs.tf'), 'utf8')).matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((x) => x[1]));
      expect([...declared].filter((d) => !usedOutsideValidation.has(d)), `${id}: variables nothing uses`).toEqual([]);
      expect(existsSync(path.join(dir, 'README.md'))).toBe(true);
      expect(existsSync(path.join(dir, 'manifest.yaml'))).toBe(true);
    });
  }
});

describeWithTool('terraform', 'built-in templates with real Terraform', () => {
  it('are all formatted the way terraform fmt wants (gcp/azure included: no provider needed)', async () => {
    const r = await runTerraform(settings(), ['fmt', '-check', '-recursive', '-list=true', '-no-color'], { cwd: TEMPLATES });
    expect(r.stdout, 'files terraform fmt would change').toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('local/demo validates offline', async () => {
    const dir = copy('local/demo');
    const s = settings();
    expect((await runTerraform(s, initArgs(s), { cwd: dir })).exitCode).toBe(0);
    const v = await runTerraform(s, ['validate', '-json', '-no-color'], { cwd: dir });
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });

  for (const [id, vars, expected] of [
    ['aws/vpc', ['-var', 'region=eu-west-3', '-var', 'az_count=3', '-var', 'enable_nat_gateway=true'], { add: 18, types: ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_route_table_association'] }],
    ['aws/ec2', ['-var', 'region=eu-west-3', '-var', 'ami_id=ami-0123456789abcdef0', '-var', 'allowed_ssh_cidr=203.0.113.4/32'], { add: 11, types: ['aws_instance', 'aws_security_group', 'aws_vpc_security_group_ingress_rule'] }],
  ] as const) {
    it(`${id} validates and plans offline with the provider mirror`, async () => {
      if (!existsSync(MIRROR)) throw new Error(`AWS provider mirror missing at ${MIRROR} (set CLOUDYA_TF_PLUGIN_DIR)`);
      const dir = copy(id);
      writeFileSync(path.join(dir, 'cloudya_test_override.tf'), AWS_TEST_OVERRIDE);
      const s = settings(MIRROR);
      const init = await runTerraform(s, initArgs(s), { cwd: dir });
      expect(init.exitCode, init.stderr).toBe(0);
      const v = await runTerraform(s, ['validate', '-json', '-no-color'], { cwd: dir });
      expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, error_count: 0 });
      const plan = await runTerraform(s, ['plan', '-json', '-input=false', ...vars], { cwd: dir });
      expect(plan.exitCode, plan.stderr + plan.stdout.slice(-2000)).toBe(0);
      const summary = summarizePlan(plan.events);
      expect(summary.add).toBe(expected.add);
      for (const type of expected.types) expect(summary.resources.some((r) => r.address.startsWith(`${type}.`)), type).toBe(true);
      // The template's own validation runs inside Terraform too.
      const bad = await runTerraform(s, ['plan', '-json', '-input=false', '-var', 'region=mars-1'], { cwd: dir });
      expect(bad.exitCode).toBe(1);
      expect(bad.events.some((e) => e.type === 'diagnostic' && /region must be an AWS region/.test(e.diagnostic.detail))).toBe(true);
    }, 180_000);
  }
}, ['version']);
