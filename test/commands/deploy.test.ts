import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runBin, runCli } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';
import { terraformTestEnv } from '../services/deployments/tf-env.js';

// The tool probe below runs `terraform version` with this process's environment: without this,
// Terraform phones home (checkpoint) and writes ~/.terraform.d/checkpoint_signature in the real HOME.
process.env.CHECKPOINT_DISABLE = '1';

const ndjson = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('deploy: templates', () => {
  it('lists templates as JSON with the documented shape', async () => {
    const env = terraformTestEnv();
    const r = await runCli(['deploy', 'list', '--output', 'json'], env);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(list.map((t) => t.id)).toEqual(['aws/ec2', 'aws/vpc', 'azure/vm', 'gcp/vm', 'local/demo', 'local/host', 'nutanix/vm', 'openstack/vm', 'proxmox/vm', 'vmware/vm']);
    expect(list[1]).toMatchObject({ id: 'aws/vpc', name: 'AWS VPC', provider: 'aws', description: expect.any(String), parameters: expect.arrayContaining([expect.objectContaining({ name: 'vpc_cidr', default: '10.0.0.0/16' })]) });
    const text = await runCli(['deploy', 'list'], env);
    expect(text.stdout).toMatch(/^ID\s+PROVIDER\s+NAME\s+DESCRIPTION/);
    expect(text.stdout).toMatch(/local\/demo\s+local\s+Local demo/);
  });

  it('marks user templates in the list and says what the mark means', async () => {
    const env = terraformTestEnv();
    cpSync(path.join(ROOT, 'templates/terraform/local/demo'), path.join(env.CLOUDYA_HOME, 'templates/terraform/my/app'), { recursive: true });
    const r = await runCli(['deploy', 'list'], env);
    expect(r.stdout).toMatch(/^my\/app\*\s+local/m);
    expect(r.stdout).toContain(`* your template, from ${path.join(env.CLOUDYA_HOME, 'templates/terraform')}`);
    expect((await runCli(['deploy', 'list'], terraformTestEnv())).stdout).not.toContain('your template');
  });

  it('shows a template and reports manifest/variables mismatches of a user template', async () => {
    const env = terraformTestEnv();
    const dir = path.join(env.CLOUDYA_HOME, 'templates/terraform/aws/vpc');
    cpSync(path.join(ROOT, 'templates/terraform/aws/vpc'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'manifest.yaml'), 'name: "My VPC"\nprovider: aws\ndescription: mine\nparameters:\n  - name: region\n    description: AWS region\n    default: "eu-west-3"\nplatforms: [aws]\n');
    const r = await runCli(['deploy', 'show', 'aws/vpc'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('My VPC (aws/vpc)');
    expect(r.stdout).toMatch(/user template, hides the built-in/);
    expect(r.stdout).toMatch(/manifest.yaml and variables.tf disagree/);
    expect(r.stdout).toMatch(/"region": manifest default "eu-west-3" differs from variables.tf default "us-east-1"/);
    expect(r.stdout).toMatch(/variable "vpc_cidr" is declared in variables.tf but not listed in manifest.yaml/);
    const json = JSON.parse((await runCli(['deploy', 'show', 'aws/vpc', '--output', 'json'], env)).stdout) as { mismatches: string[]; source: string };
    expect(json.source).toBe('user');
    expect(json.mismatches.length).toBe(5);
  });

  it('refuses bad parameters before running Terraform (exit 2, one line and a hint)', async () => {
    const env = terraformTestEnv();
    const unknown = await runCli(['deploy', 'template', 'aws/vpc', '--params', 'region=eu-west-3,vpc_cdr=10.0.0.0/16'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown parameter "vpc_cdr" for template aws\/vpc\nhint: did you mean "vpc_cidr"\?/);
    const cidr = await runCli(['deploy', 'template', 'aws/vpc', '--params', 'vpc_cidr=10.0.0.0/40'], env);
    expect(cidr.code).toBe(2);
    expect(cidr.stderr).toMatch(/invalid value for "vpc_cidr"/);
    const missing = await runCli(['deploy', 'template', 'gcp/vm', '--output', 'json'], env);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'missing_param' } });
    const file = path.join(env.CLOUDYA_HOME, 'p.yaml');
    writeFileSync(file, 'region: [unclosed\n');
    const badFile = await runCli(['deploy', 'template', 'aws/vpc', '--params-file', file], env);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain('cannot read --params-file');
  });

  it('a malformed or missing --params-file is reported with its path, line and a hint (exit 2)', async () => {
    const env = terraformTestEnv();
    const file = path.join(env.CLOUDYA_HOME, 'params.yaml');
    writeFileSync(file, 'name: web\nnode_count: 2\nenvironment: [dev\n');
    const bad = await runCli(['deploy', 'template', 'local/demo', '--params-file', file, '--yes', '--output', 'json'], env);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'bad_params_file', where: { file, line: 4 } });
    expect(bad.stderr).toMatch(new RegExp(`^cloudya: error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: cannot read --params-file: .+\nhint: a YAML or JSON mapping`));
    const pair = await runCli(['deploy', 'template', 'local/demo', '--params', 'name', '--yes'], env);
    expect(pair.code).toBe(2);
    expect(pair.stderr).toMatch(/cannot read "name" in --params: expected key=value\nhint: e\.g\. --params name=web/);
    const missing = await runCli(['deploy', 'template', 'local/demo', '--params-file', path.join(env.CLOUDYA_HOME, 'nope.yaml'), '--yes', '--lang', 'fr'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('fichier introuvable');
    expect(missing.stderr).not.toContain('ENOENT');
  });

  it('says how to install or point at Terraform when it is missing', async () => {
    const env = { ...terraformTestEnv(), CLOUDYA_TERRAFORM_PATH: '/nonexistent/terraform' };
    const r = await runCli(['deploy', 'template', 'local/demo', '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Terraform not found \(terraform_path = "\/nonexistent\/terraform"\)/);
    expect(r.stderr).toMatch(/hint: install Terraform >= 1\.4\.0 .* cloudya configure set terraform_path/);
  });
});

describe('deploy: parameters checked before Terraform runs', () => {
  /** A user copy of local/demo whose manifest lists "nodes_count" (variables.tf declares node_count) and whose variables.tf adds an undescribed required "extra". */
  function brokenTemplate(home: string): string {
    const dir = path.join(home, 'templates/terraform/my/dis');
    cpSync(path.join(ROOT, 'templates/terraform/local/demo'), dir, { recursive: true });
    const manifest = path.join(dir, 'manifest.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('name: "node_count"', 'name: "nodes_count"'));
    return dir;
  }

  it('a given parameter that variables.tf does not declare is refused (exit 2), naming it, before any deployment exists', async () => {
    const env = terraformTestEnv();
    brokenTemplate(env.CLOUDYA_HOME);
    for (const action of [['deploy', 'template', 'my/dis', '--params', 'nodes_count=5', '--plan-only'], ['deploy', 'template', 'my/dis', '--params', 'nodes_count=5', '--yes', '--lang', 'fr']]) {
      const r = await runCli(action, env);
      expect(r.code, r.stderr).toBe(2);
      if (action.includes('fr')) expect(r.stderr).toMatch(/« nodes_count » est listé dans manifest.yaml mais pas déclaré dans variables.tf/);
      else expect(r.stderr).toMatch(/error: parameter "nodes_count" is listed in manifest.yaml but not declared in variables.tf: Terraform would ignore its value\nhint: fix the template: .*cloudya deploy show my\/dis/);
    }
    const json = await runCli(['deploy', 'template', 'my/dis', '--params', 'nodes_count=5', '--plan-only', '--output', 'json'], env);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'undeclared_param' } });
    expect(JSON.parse((await runCli(['deploy', 'list-deployments', '--output', 'json'], env)).stdout)).toEqual([]);
  });

  it('null in a --params-file means "not given": a required parameter is then missing, and every bad parameter is reported on its own line', async () => {
    const env = terraformTestEnv();
    const dir = brokenTemplate(env.CLOUDYA_HOME);
    writeFileSync(path.join(dir, 'variables.tf'), `${readFileSync(path.join(dir, 'variables.tf'), 'utf8')}\nvariable "extra" {\n  type = string\n}\n`);
    const file = path.join(env.CLOUDYA_HOME, 'p.yaml');
    writeFileSync(file, 'project: null\n');
    const missing = await runCli(['deploy', 'template', 'gcp/vm', '--params-file', file, '--plan-only'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required parameter "project" \(Google Cloud project ID/);
    const bare = await runCli(['deploy', 'template', 'my/dis', '--plan-only'], env);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/error: missing required parameter "extra"\n/);
    const several = await runCli(['deploy', 'template', 'local/demo', '--params', 'environment=qa,node_count=9,nmae=x', '--plan-only'], env);
    expect(several.code).toBe(2);
    const lines = several.stderr.split('\n');
    expect(lines[0]).toMatch(/error: 3 problems with the parameters of template local\/demo:$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}- unknown parameter "nmae" for template local\/demo \(did you mean "name"\?\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}- invalid value for "environment": The environment must be one of dev, staging or prod\.$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}- invalid value for "node_count": /));
    expect(lines).toContainEqual(expect.stringMatching(/^hint: see "cloudya deploy show local\/demo"/));
  });
});

describe('deploy: deployment records that cannot be read', () => {
  /** Writes a deployment folder holding only deployment.json (listing and loading never run Terraform). */
  function record(home: string, id: string, content: string): string {
    const dir = path.join(home, 'deployments', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'deployment.json'), content);
    return path.join(dir, 'deployment.json');
  }
  const valid = (id: string) =>
    JSON.stringify({ id, template: 'local/demo', template_source: 'builtin', status: 'applied', params: {}, sensitive: [], created: '2026-11-25T12:00:00.000Z', updated: '2026-11-25T12:00:00.000Z', outputs: {}, resources: [], operations: [] }, null, 2);

  it.each([
    ['{}', 1, /"id" is missing/],
    ['[]', 1, /expected a JSON object describing a deployment, got a list/],
    ['null', 1, /expected a JSON object describing a deployment, got null/],
    ['{\n  "id": "ID",\n  "status": 42\n}\n', 1, /"template" is missing/],
  ])('a record holding %j is named with why, the other deployments are still listed, and every command says so', async (content, line, reason) => {
    const env = terraformTestEnv();
    record(env.CLOUDYA_HOME, 'local-demo-aaaaaa', valid('local-demo-aaaaaa'));
    const bad = record(env.CLOUDYA_HOME, 'ID', content);
    const list = await runCli(['deploy', 'list-deployments'], env);
    expect(list.code).toBe(1);
    expect(list.stdout).toMatch(/^ID\s+TEMPLATE\s+STATUS/);
    expect(list.stdout).toMatch(/local-demo-aaaaaa\s+local\/demo\s+applied/);
    expect(list.stdout).toContain(`1 deployment record could not be read: ${bad}:${line} (`);
    expect(list.stdout).toMatch(reason);
    expect(list.stderr).not.toMatch(/unexpected error/);
    const json = await runCli(['deploy', 'list-deployments', '--output', 'json'], env);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as Array<{ id: string }>).map((d) => d.id)).toEqual(['local-demo-aaaaaa']);
    expect(json.stderr).toContain(bad);
    for (const argv of [['deploy', 'destroy', 'ID', '--yes'], ['deploy', 'status', 'ID'], ['deploy', 'apply', 'ID', '--yes']]) {
      const r = await runCli(argv, env);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^cloudya: error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: cannot read this deployment record: `));
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).toMatch(/hint: the file was left untouched/);
    }
    expect(readFileSync(bad, 'utf8')).toBe(content);
  });

  it('points at the line of a field of the wrong type', async () => {
    const env = terraformTestEnv();
    const text = valid('local-demo-bbbbbb').replace('"resources": []', '"resources": 3');
    const bad = record(env.CLOUDYA_HOME, 'local-demo-bbbbbb', text);
    const line = text.split('\n').findIndex((l) => l.includes('"resources"')) + 1;
    const r = await runCli(['deploy', 'status', 'local-demo-bbbbbb'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:${line}: cannot read this deployment record: "resources" must be a list`);
  });

  it('says which records cannot be read instead of "No deployments yet" (text), and keeps stdout one JSON document', async () => {
    const env = terraformTestEnv();
    const bad = record(env.CLOUDYA_HOME, 'local-demo-cccccc', '{"id": ');
    const text = await runCli(['deploy', 'list-deployments'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain('No deployments yet');
    expect(text.stdout).toMatch(new RegExp(`^1 deployment record could not be read: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1 \\(.+\\)$`, 'm'));
    const json = await runCli(['deploy', 'list-deployments', '--output', 'json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain(bad);
    const empty = await runCli(['deploy', 'list-deployments'], terraformTestEnv());
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No deployments yet');
  });
});

describeWithTool('terraform', 'deploy: with real Terraform', () => {
  it('deploys local/demo (NDJSON events), lists, shows status/outputs/logs, then destroys it', async () => {
    const env = terraformTestEnv();
    const r = await runCli(['deploy', 'template', 'local/demo', '--params', 'name=cli,node_count=3,admin_password=TopSecret-42', '--yes', '--output', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const events = ndjson(r.stdout);
    expect(events[0]).toMatchObject({ type: 'created', template: 'local/demo' });
    expect(events.filter((e) => e.type === 'apply_complete')).toHaveLength(5);
    expect(events.find((e) => e.type === 'plan')).toMatchObject({ plan: { add: 5 } });
    const result = events.at(-1)!;
    expect(result).toMatchObject({ type: 'result', result: 'applied', deployment: { template: 'local/demo', status: 'applied', params: { name: 'cli', admin_password: '****' } } });
    expect(r.stdout + r.stderr).not.toContain('TopSecret-42');
    const id = (result.deployment as { id: string }).id;

    const list = JSON.parse((await runCli(['deploy', 'list-deployments', '--output', 'json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(list).toEqual([expect.objectContaining({ id, template: 'local/demo', status: 'applied', created: expect.any(String), updated: expect.any(String), outputs: expect.objectContaining({ password_set: true }) })]);
    const status = await runCli(['deploy', 'status', id], env);
    expect(status.stdout).toMatch(/Status: applied/);
    expect(status.stdout).toMatch(/admin_password=\*\*\*\*/);
    const outputs = await runCli(['deploy', 'outputs', id], env);
    expect(outputs.stdout).toContain('node_addresses = ["10.42.0.10","10.42.0.11","10.42.0.12"]');
    const logs = await runCli(['deploy', 'logs', id], env);
    expect(logs.stdout).toMatch(/\[plan\] Plan: 5 to add, 0 to change, 0 to destroy\./);
    expect(logs.stdout).not.toContain('TopSecret-42');
    const tail = await runCli(['deploy', 'logs', id, '--tail', '2'], env);
    expect(tail.stdout.trim().split('\n')).toHaveLength(2);
    expect(tail.stdout).toMatch(/result: applied/);

    const noSecret = await runCli(['deploy', 'destroy', id, '--yes'], env);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/sensitive parameter "admin_password" is needed again.*\nhint: give its value again with --params \(key admin_password\) or in the environment as TF_VAR_admin_password/);
    const withSecret = { ...env, TF_VAR_admin_password: 'TopSecret-42' };
    const noTty = await runCli(['deploy', 'destroy', id], withSecret);
    expect(noTty.code).toBe(1);
    // The hint names only what destroy accepts (--plan-only is for template/apply).
    expect(noTty.stderr).toMatch(/confirmation needed before changing infrastructure.*\nhint: add --yes to destroy without asking/);
    expect(noTty.stderr).not.toContain('--plan-only');
    expect((await runCli(['deploy', 'status', id], env)).stdout).toMatch(/Status: applied/);

    const destroy = await runCli(['deploy', 'destroy', id, '--yes'], withSecret);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout + destroy.stderr).not.toContain('TopSecret-42');
    expect(destroy.stdout).toMatch(new RegExp(`Deployment ${id} destroyed`));
    expect(destroy.stderr).toMatch(/✓ terraform_data.node\[0\] destroyed/);
    expect((await runCli(['deploy', 'status', id, '--output', 'json'], env)).stdout).toMatch(/"status": "destroyed"/);
  }, 120_000);

  it('plans aws/vpc offline through the terraform.plugin_dir mirror (user copy with a test-only provider override)', async () => {
    const env = { ...terraformTestEnv(), CLOUDYA_TERRAFORM_PLUGIN_DIR: process.env.CLOUDYA_TF_PLUGIN_DIR ?? '/opt/tf-plugins' };
    const dir = path.join(env.CLOUDYA_HOME, 'templates/terraform/aws/vpc');
    cpSync(path.join(ROOT, 'templates/terraform/aws/vpc'), dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'cloudya_test_override.tf'),
      'provider "aws" {\n  access_key                  = "AKIAIOSFODNN7EXAMPLE"\n  secret_key                  = "test"\n  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n}\n',
    );
    const r = await runCli(['deploy', 'template', 'aws/vpc', '--params', 'region=eu-west-3,vpc_cidr=10.20.0.0/16', '--plan-only', '--output', 'json'], env);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    const events = ndjson(r.stdout);
    expect(events.find((e) => e.type === 'plan')).toMatchObject({ plan: { add: 12, change: 0, destroy: 0 } });
    expect(events.filter((e) => e.type === 'planned_change').map((e) => e.address)).toContain('aws_subnet.private[1]');
    expect(events.at(-1)).toMatchObject({ type: 'result', result: 'planned', deployment: { status: 'planned', params: { region: 'eu-west-3' } } });
  }, 180_000);

  it('a failed terraform init says why, not only its summary line (gcp/vm: no google provider in the offline mirror)', async () => {
    const env = { ...terraformTestEnv(), CLOUDYA_TERRAFORM_PLUGIN_DIR: process.env.CLOUDYA_TF_PLUGIN_DIR ?? '/opt/tf-plugins' };
    const r = await runCli(['deploy', 'template', 'gcp/vm', '--params', 'project=demo-project', '--plan-only', '--output', 'json'], env);
    expect(r.code).toBe(1);
    const result = ndjson(r.stdout).at(-1) as { result: string; errors: string[] };
    expect(result.result).toBe('failed');
    expect(result.errors.join(' ')).toMatch(/Error: Failed to query available provider packages .*hashicorp\/google/);
  }, 120_000);

  it('offline without a provider mirror: text mode names init (not apply), gives the whole cause, the plugin_dir way out, and no destroy for nothing', async () => {
    const env = terraformTestEnv();
    const r = await runCli(['deploy', 'template', 'aws/vpc', '--params', 'region=eu-west-3', '--plan-only'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: terraform init of deployment aws-vpc-\w+ failed: Error: Failed to query available provider packages/);
    expect(r.stderr).not.toMatch(/error: apply of deployment/);
    // The cause is whole: Terraform's wrapped paragraph is joined, not cut after its first line.
    expect(r.stderr).toMatch(/registry\.terraform\.io.*(no such host|refused|timeout|unreachable|i\/o)/);
    expect(r.stderr).toContain('cloudya configure set terraform.plugin_dir');
    expect(r.stderr).toMatch(/failed before anything was created[\s\S]*cloudya deploy forget/);
    expect(r.stderr).not.toMatch(/cloudya deploy destroy/);
  }, 120_000);

  it('name: null in a --params-file leaves the default to Terraform instead of the string "null"', async () => {
    const env = terraformTestEnv();
    const file = path.join(env.CLOUDYA_HOME, 'p.yaml');
    writeFileSync(file, 'name: null\nnode_count: 1\n');
    const r = await runCli(['deploy', 'template', 'local/demo', '--params-file', file, '--plan-only', '--output', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const result = ndjson(r.stdout).at(-1) as { deployment: { id: string; params: Record<string, unknown> } };
    expect(result.deployment.params).toEqual({ node_count: 1 });
    const tfvars = JSON.parse(readFileSync(path.join(env.CLOUDYA_HOME, 'deployments', result.deployment.id, 'terraform.tfvars.json'), 'utf8')) as Record<string, unknown>;
    expect(tfvars).toEqual({ node_count: 1 });
    const apply = await runCli(['deploy', 'apply', result.deployment.id, '--params-file', file, '--yes'], env);
    expect(apply.code, apply.stderr).toBe(0);
    const outputs = await runCli(['deploy', 'outputs', result.deployment.id, '--output', 'json'], env);
    expect(outputs.stdout).not.toContain('null-');
    expect(outputs.stdout).toContain('demo-');
  }, 120_000);

  it('--plan-only shows the plan and changes nothing; "deploy apply" then applies it, with a changed parameter', async () => {
    const env = terraformTestEnv();
    const r = await runCli(['deploy', 'template', 'local/demo', '--plan-only'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\+\s+terraform_data.node\[1\]\s+\(create\)/);
    expect(r.stderr).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    const id = /Deployment (\S+) planned; nothing was changed\.\nApply it with: cloudya deploy apply \1/.exec(r.stdout)?.[1];
    expect(id, r.stdout).toBeDefined();
    expect((await runCli(['deploy', 'status', id!], env)).stdout).toMatch(/Status: planned[\s\S]*Resources: 0/);
    const applied = await runCli(['deploy', 'apply', id!, '--params', 'node_count=1', '--yes'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('Plan: 3 to add');
    expect(applied.stdout).toContain('node_addresses = ["10.42.0.10"]');
    const bad = await runCli(['deploy', 'apply', id!, '--params', 'node_count=0', '--yes'], env);
    expect(bad.code).toBe(2);
    // A plan of what already exists never downgrades it to "planned, nothing created yet".
    const replan = await runCli(['deploy', 'apply', id!, '--params', 'node_count=2', '--plan-only'], env);
    expect(replan.code, replan.stderr).toBe(0);
    expect(replan.stderr).toContain('Plan: 1 to add');
    const after = await runCli(['deploy', 'status', id!], env);
    expect(after.stdout).toMatch(/Status: applied[\s\S]*Resources: 3/);
    expect(after.stdout).not.toMatch(/nothing created yet/);
  }, 120_000);

  it('forget removes a destroyed or only-planned deployment from the history, never one that still manages resources', async () => {
    const env = terraformTestEnv();
    const applied = await runCli(['deploy', 'template', 'local/demo', '--params', 'name=gone', '--yes', '--output', 'json'], env);
    expect(applied.code, applied.stderr).toBe(0);
    const id = String(ndjson(applied.stdout).find((e) => e.type === 'created')!.deployment);
    const refused = await runCli(['deploy', 'forget', id, '--yes'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still manages 4 resource\(s\).*\nhint: destroy it first \(cloudya deploy destroy /);
    expect((await runCli(['deploy', 'destroy', id, '--yes'], env)).code).toBe(0);
    const noTty = await runCli(['deploy', 'forget', id], env);
    expect(noTty.code).toBe(1);
    expect((await runCli(['deploy', 'status', id], env)).code).toBe(0);
    const forgotten = await runCli(['deploy', 'forget', id, '--yes'], env);
    expect(forgotten.code, forgotten.stderr).toBe(0);
    expect(forgotten.stdout).toContain(`Deployment ${id} removed from the history.`);
    expect((await runCli(['deploy', 'list-deployments'], env)).stdout).not.toContain(id);
    expect((await runCli(['deploy', 'status', id], env)).code).toBe(2);
    const planned = await runCli(['deploy', 'template', 'local/demo', '--plan-only', '--output', 'json'], env);
    const plannedId = String(ndjson(planned.stdout).find((e) => e.type === 'created')!.deployment);
    const json = await runCli(['deploy', 'forget', plannedId, '--yes', '--output', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ id: plannedId, forgotten: true });
  }, 120_000);

  it('the applied-in duration counts Terraform, not the time the user took to answer the confirmation', async () => {
    const { PassThrough } = await import('node:stream');
    const { main } = await import('../../src/cli.js');
    const env = terraformTestEnv();
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    let out = '';
    let err = '';
    let asked = false;
    let askedAt = 0;
    let answeredAt = 0;
    const thinkMs = 4000;
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/\[y\/N\]/.test(err) && !asked) {
        asked = true;
        askedAt = Date.now();
        setTimeout(() => {
          answeredAt = Date.now();
          stdin.write('y\r');
        }, thinkMs);
      }
    });
    const t0 = Date.now();
    const code = await main(['deploy', 'template', 'local/demo', '--params', 'name=slowreader'], { io: { stdout, stderr, stdin }, env: { ...env, NO_COLOR: '1', LANG: 'en_US.UTF-8' } });
    const wall = (Date.now() - t0) / 1000;
    const pause = (answeredAt - askedAt) / 1000;
    expect(code, err).toBe(0);
    const reported = Number(/applied \((\d+)s\)/.exec(out)?.[1]);
    expect(reported, out).toBeGreaterThanOrEqual(0);
    // The count leaves out the time at the question. The prompt is written before this test reads it,
    // so the pause it leaves out is at least the one measured here: however slow the machine, the
    // report fits in the wall time minus that pause (it would not if it counted the 4 s).
    expect(reported).toBeLessThanOrEqual(Math.ceil(wall - pause));
  }, 120_000);

  it('after kill -9 of cloudya mid-apply, status counts the resources from the Terraform state, not the stale record', async () => {
    // The dead process's lock is abandoned after 3 s instead of 15 (every process here shares the setting).
    const env = { ...terraformTestEnv(), CLOUDYA_LOCK_STALE_MS: '3000' };
    const userTemplates = path.join(env.CLOUDYA_HOME, 'templates/terraform/local');
    mkdirSync(userTemplates, { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/terraform-templates/local/slow'), path.join(userTemplates, 'slow'), { recursive: true });
    // Its own process group, so whatever Terraform it leaves behind can be waited for (and cleaned up) by id.
    const child = spawn(process.execPath, [BIN, 'deploy', 'template', 'local/slow', '--params', 'sleep_seconds=2', '--yes', '--output', 'json'], { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const group = child.pid!;
    let id = '';
    for await (const line of createInterface({ input: child.stdout })) {
      const ev = JSON.parse(line) as Record<string, unknown>;
      if (ev.type === 'created') id = String(ev.deployment);
      if (ev.type === 'apply_start' && ev.address === 'terraform_data.slow') child.kill('SIGKILL');
    }
    const groupAlive = () => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      for (let i = 0; i < 150 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 200));
    } finally {
      if (groupAlive()) process.kill(-group, 'SIGKILL');
    }
    const dir = path.join(env.CLOUDYA_HOME, 'deployments', id);
    const record = JSON.parse(readFileSync(path.join(dir, 'deployment.json'), 'utf8')) as { status: string; resources: string[] };
    expect(record).toMatchObject({ status: 'applying', resources: [] });
    const state = JSON.parse(readFileSync(path.join(dir, 'template/terraform.tfstate'), 'utf8')) as { resources: Array<{ mode: string; instances: unknown[] }> };
    const inState = state.resources.filter((r) => r.mode === 'managed').reduce((n, r) => n + r.instances.length, 0);
    expect(inState).toBeGreaterThan(0);
    // Once the dead process's lock is abandoned, the deployment reads as interrupted (the built CLI
    // reads CLOUDYA_LOCK_STALE_MS from its own environment, hence runBin).
    let status = await runBin(['deploy', 'status', id], env);
    for (let i = 0; i < 60 && !/Status: interrupted/.test(status.stdout); i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = await runBin(['deploy', 'status', id], env);
    }
    expect(status.stdout).toMatch(/Status: interrupted/);
    expect(status.stdout).toMatch(new RegExp(`Resources: ${inState}\n`));
    expect(status.stdout).toContain(`kept the state of what it had created (${inState} resource(s))`);
    const json = JSON.parse((await runBin(['deploy', 'status', id, '--output', 'json'], env)).stdout) as { resource_count: number };
    expect(json.resource_count).toBe(inState);
  }, 120_000);

  it('text mode: a failed apply says what failed and where, then how to resume or clean up (exit 1)', async () => {
    const env = terraformTestEnv();
    const userTemplates = path.join(env.CLOUDYA_HOME, 'templates/terraform/local');
    mkdirSync(userTemplates, { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/terraform-templates/local/slow'), path.join(userTemplates, 'slow'), { recursive: true });
    const r = await runCli(['deploy', 'template', 'local/slow', '--params', 'fail=true', '--yes'], env);
    expect(r.code, r.stderr).toBe(1);
    const id = /^Deployment (local-slow-\w+) \(local\/slow\)/m.exec(r.stderr)?.[1];
    expect(id, r.stderr).toBeDefined();
    expect(r.stderr).toMatch(/✗ terraform_data\.slow failed/);
    // One error line saying what and where (the template's file and line, Terraform's reason), then the hint.
    expect(r.stderr).toMatch(new RegExp(`^cloudya: error: apply of deployment ${id} failed: main\\.tf:8: local-exec provisioner error .*exit status 3.*provisioning failed on purpose$`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^hint: .*cloudya deploy logs ${id}.*resume with: cloudya deploy apply ${id} · or remove what was created: cloudya deploy destroy ${id}$`, 'm'));
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(r.stdout).toBe('');
  }, 120_000);

  it('text mode: Ctrl+C (SIGINT) mid-apply says the deployment is interrupted and how to resume (exit 130)', async () => {
    const env = terraformTestEnv();
    const userTemplates = path.join(env.CLOUDYA_HOME, 'templates/terraform/local');
    mkdirSync(userTemplates, { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/terraform-templates/local/slow'), path.join(userTemplates, 'slow'), { recursive: true });
    const child = spawn(process.execPath, [BIN, 'deploy', 'template', 'local/slow', '--params', 'sleep_seconds=120', '--yes'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('creating terraform_data.slow...') && !child.killed) child.kill('SIGINT');
    });
    expect(await exited, stderr).toBe(130);
    const id = /^Deployment (local-slow-\w+) \(local\/slow\)/m.exec(stderr)?.[1];
    expect(stderr).toMatch(new RegExp(`^Deployment ${id} interrupted\\.$`, 'm'));
    expect(stderr).toMatch(new RegExp(`kept the state of what it had created \\(\\d+ resource\\(s\\)\\)\\. Resume with: cloudya deploy apply ${id} · or remove it: cloudya deploy destroy ${id}$`, 'm'));
    expect(stderr).not.toMatch(/cloudya: error|^\s+at /m);
    expect(stdout).toBe('');
  }, 120_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-apply: Terraform stops cleanly, the deployment is interrupted, status says how to resume', async (signal) => {
    const env = terraformTestEnv();
    const userTemplates = path.join(env.CLOUDYA_HOME, 'templates/terraform/local');
    mkdirSync(userTemplates, { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/terraform-templates/local/slow'), path.join(userTemplates, 'slow'), { recursive: true });
    const child = spawn(process.execPath, [BIN, 'deploy', 'template', 'local/slow', '--params', 'sleep_seconds=120', '--yes', '--output', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    let following: ReturnType<typeof runCli> | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      const ev = JSON.parse(line) as Record<string, unknown>;
      lines.push(ev);
      // Someone follows the log from another terminal while the apply runs.
      if (ev.type === 'created') following = runCli(['deploy', 'logs', String(ev.deployment), '--follow'], env);
      if (ev.type === 'apply_start' && ev.address === 'terraform_data.slow') child.kill(signal);
    }
    const code = await exited;
    // 128 + the signal's number, as a shell reports it (ARCHITECTURE: 130/143).
    expect(code, stderr).toBe(signal === 'SIGTERM' ? 143 : 130);
    // The 120 s provisioner was stopped, not waited for: the slow resource never completed.
    expect(lines.some((e) => e.type === 'apply_complete' && e.address === 'terraform_data.slow')).toBe(false);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', result: 'interrupted', deployment: { status: 'interrupted' } });
    const id = (result.deployment as { id: string }).id;
    const followed = await following!;
    expect(followed.code).toBe(0);
    expect(followed.stdout).toMatch(/\[apply\] terraform_data.slow: Creating\.\.\./);
    expect(followed.stdout).toMatch(/result: interrupted/);
    // Nothing runs any more: --follow prints the log and returns.
    const follow = await runCli(['deploy', 'logs', id, '--follow', '--tail', '3'], env);
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/result: interrupted/);
    const status = await runCli(['deploy', 'status', id], env);
    expect(status.stdout).toMatch(/Status: interrupted/);
    expect(status.stdout).toMatch(/Resume with: cloudya deploy apply .* remove it: cloudya deploy destroy/);
    const json = JSON.parse((await runCli(['deploy', 'status', id, '--output', 'json'], env)).stdout) as { resources: string[] };
    expect(json.resources).toContain('terraform_data.fast');
    // The kept state lets destroy clean up what was created.
    const destroy = await runCli(['deploy', 'destroy', id, '--yes'], env);
    expect(destroy.code, destroy.stderr).toBe(0);
  }, 120_000);
}, ['version']);
