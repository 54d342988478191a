import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRoots, findTemplate, listTemplates } from '../../../src/services/terraform/catalog.js';
import { tempHome } from '../../helpers/cli.js';

function userTemplate(home: string, id: string, manifest: string, variables: string) {
  const dir = path.join(home, 'templates', 'terraform', id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.yaml'), manifest);
  writeFileSync(path.join(dir, 'variables.tf'), variables);
  writeFileSync(path.join(dir, 'main.tf'), 'resource "terraform_data" "x" {}\n');
  return dir;
}

describe('template catalog', () => {
  it('lists the ten built-in templates with parameters read from manifest and variables.tf', async () => {
    const templates = await listTemplates(defaultRoots());
    expect(templates.map((t) => t.id)).toEqual(['aws/ec2', 'aws/vpc', 'azure/vm', 'gcp/vm', 'local/demo', 'local/host', 'nutanix/vm', 'openstack/vm', 'proxmox/vm', 'vmware/vm']);
    for (const t of templates) {
      expect(t.mismatches, `${t.id} manifest and variables.tf agree`).toEqual([]);
      expect(t.description.length).toBeGreaterThan(10);
    }
    const vpc = templates.find((t) => t.id === 'aws/vpc')!;
    const cidr = vpc.parameters.find((p) => p.name === 'vpc_cidr')!;
    expect(cidr).toMatchObject({ type: 'string', default: '10.0.0.0/16', required: false, format: 'cidr' });
    const demo = templates.find((t) => t.id === 'local/demo')!;
    expect(demo.parameters.find((p) => p.name === 'environment')!.choices).toEqual(['dev', 'staging', 'prod']);
    expect(demo.parameters.find((p) => p.name === 'admin_password')!.sensitive).toBe(true);
    expect(demo.parameters.find((p) => p.name === 'node_count')!.type).toBe('number');
    const gcp = templates.find((t) => t.id === 'gcp/vm')!;
    expect(gcp.parameters.find((p) => p.name === 'project')!.required).toBe(true);
  });

  it('finds user templates, lets them hide a built-in, and reports manifest/variables mismatches', async () => {
    const home = tempHome();
    userTemplate(
      home,
      'local/demo',
      'name: Mine\nprovider: local\ndescription: my own demo\nparameters:\n  - name: size\n    description: how big\n    default: 3\n  - name: ghost\n    description: not declared\nplatforms: [local]\n',
      'variable "size" {\n  type    = number\n  default = 2\n}\n\nvariable "extra" {\n  type = string\n}\n',
    );
    const roots = defaultRoots(path.join(home, 'templates'));
    const t = await findTemplate(roots, 'local/demo');
    expect(t.source).toBe('user');
    expect(t.overrides).toContain(path.join('templates', 'terraform', 'local', 'demo'));
    expect(t.description).toBe('my own demo');
    expect(t.mismatches.join('\n')).toMatch(/"ghost" is in manifest.yaml but not declared in variables.tf/);
    expect(t.mismatches.join('\n')).toMatch(/"extra" is declared in variables.tf but not listed/);
    expect(t.mismatches.join('\n')).toMatch(/"size".*3.*2/);
    const all = await listTemplates(roots);
    expect(all.filter((x) => x.id === 'local/demo')).toHaveLength(1);
    expect(all.find((x) => x.id === 'local/demo')!.source).toBe('user');
  });

  it('refuses an unknown template with a suggestion', async () => {
    await expect(findTemplate(defaultRoots(), 'aws/vpcc')).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('aws/vpc') });
    await expect(findTemplate(defaultRoots(), '../../etc')).rejects.toMatchObject({ code: 'unknown_template' });
  });

  it('lists the other templates when one user template is broken, and says which', async () => {
    const home = tempHome();
    const dir = userTemplate(home, 'local/broken', 'name: [oops\n', 'variable "x" {}\n');
    const problems: string[] = [];
    const all = await listTemplates(defaultRoots(path.join(home, 'templates')), (p) => problems.push(p));
    expect(all.map((t) => t.id)).toContain('local/demo');
    expect(all.map((t) => t.id)).not.toContain('local/broken');
    expect(problems).toEqual([expect.stringContaining(`${path.join(dir, 'manifest.yaml')}:`)]);
    expect(problems[0]).toMatch(/template local\/broken skipped/);
  });

  it('reports a broken variables.tf with its file', async () => {
    const home = tempHome();
    const dir = userTemplate(home, 'local/broken', 'name: b\nparameters: []\n', 'variable "x" {\n  type = string\n');
    await expect(findTemplate(defaultRoots(path.join(home, 'templates')), 'local/broken')).rejects.toMatchObject({
      code: 'hcl_parse',
      where: { file: path.join(dir, 'variables.tf') },
    });
  });
});
