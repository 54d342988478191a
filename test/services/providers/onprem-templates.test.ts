/**
 * The on-premise templates (openstack, proxmox, vmware, nutanix), statically: their Terraform
 * providers are not in the offline mirror (/opt/tf-plugins holds only hashicorp/aws), so they
 * cannot be validated or planned here. Checked instead: HCL parses, variables typed/described/
 * validated and declared in the manifest, outputs host and ssh_user for stack, no credentials in
 * the provider block, terraform fmt clean, and the catalog reads them without mismatches.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/services/terraform/manifest.js';
import { runTerraform } from '../../../src/services/terraform/runner.js';
import { ROOT, runCli, tempHome } from '../../helpers/cli.js';
import { describeWithTool, toolPath } from '../../helpers/tools.js';
import { terraformTestEnv } from '../deployments/tf-env.js';

const TEMPLATES = path.join(ROOT, 'templates/terraform');
const CASES = [
  { id: 'openstack/vm', provider: 'openstack', source: 'terraform-provider-openstack/openstack' },
  { id: 'proxmox/vm', provider: 'proxmox', source: 'bpg/proxmox' },
  { id: 'vmware/vm', provider: 'vsphere', source: 'hashicorp/vsphere' },
  { id: 'nutanix/vm', provider: 'nutanix', source: 'nutanix/nutanix' },
];

type Blocks = Record<string, Array<Record<string, unknown>>>;

describe('on-premise VM templates (static: providers not in the offline mirror)', () => {
  for (const c of CASES) {
    it(`${c.id}: parses, variables typed/described/in the manifest, outputs host and ssh_user, credentials only from the connection`, async () => {
      const { parse } = await import('@cdktf/hcl2json');
      const dir = path.join(TEMPLATES, c.id);
      const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
      const main = (await parse('main.tf', read('main.tf'))) as { terraform: Array<{ required_providers: Array<Record<string, { source: string }>> }>; provider: Blocks };
      const vars = ((await parse('variables.tf', read('variables.tf'))) as { variable: Blocks }).variable;
      const outs = ((await parse('outputs.tf', read('outputs.tf'))) as { output: Blocks }).output;
      expect(main.terraform[0].required_providers[0][c.provider].source).toBe(c.source);
      // The provider block is empty: endpoint and secrets come from Terraform's environment (cloudya connect).
      expect(Object.keys(main.provider[c.provider][0])).toEqual([]);
      for (const [name, [v]] of Object.entries(vars)) {
        expect(v.type, `${c.id} ${name} type`).toBeDefined();
        expect(v.description, `${c.id} ${name} description`).toEqual(expect.any(String));
      }
      expect(Object.values(vars).filter(([v]) => v.validation).length, 'variables with validation').toBeGreaterThanOrEqual(3);
      expect(Object.keys(outs)).toEqual(expect.arrayContaining(['host', 'ssh_user', 'ssh_command']));
      for (const [name, [o]] of Object.entries(outs)) expect(o.description, `${c.id} output ${name}`).toEqual(expect.any(String));
      const manifest = parseManifest(read('manifest.yaml'), path.join(dir, 'manifest.yaml'));
      expect(manifest.provider).toBe(c.id.split('/')[0]);
      expect(manifest.parameters.map((p) => p.name).sort()).toEqual(Object.keys(vars).sort());
      expect(read('README.md')).toContain(`cloudya connect ${c.id.split('/')[0]}`);
      const all = read('main.tf') + read('variables.tf') + read('outputs.tf');
      expect(all).not.toMatch(/password\s*=|api_token\s*=|client_secret\s*=/);
    });
  }

  it('the catalog lists them and finds no manifest/variables mismatch (deploy show --output json)', async () => {
    const home = tempHome();
    for (const c of CASES) {
      const r = await runCli(['deploy', 'show', c.id, '--output', 'json'], { CLOUDYA_HOME: home });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: c.id, provider: c.id.split('/')[0], mismatches: [] });
    }
  });
});

describeWithTool('terraform', 'on-premise templates with real Terraform', () => {
  it('are formatted as terraform fmt wants', async () => {
    for (const c of CASES) {
      const r = await runTerraform({ path: toolPath('terraform')!, env: terraformTestEnv() }, ['fmt', '-check', '-recursive', '-list=true', '-no-color'], { cwd: path.join(TEMPLATES, c.id) });
      expect(r.stdout, `${c.id}: files terraform fmt would change`).toBe('');
      expect(r.exitCode).toBe(0);
    }
  });
});
