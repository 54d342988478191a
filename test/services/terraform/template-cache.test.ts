import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRoots, listTemplates } from '../../../src/services/terraform/catalog.js';
import { tempHome } from '../../helpers/cli.js';

function userTemplate(templatesDir: string, variables: string): string {
  const dir = path.join(templatesDir, 'terraform', 'local', 'mine');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.yaml'), 'name: Mine\nprovider: local\ndescription: my own template\nparameters: []\nplatforms: [local]\n');
  writeFileSync(path.join(dir, 'variables.tf'), variables);
  writeFileSync(path.join(dir, 'main.tf'), 'resource "terraform_data" "x" {}\n');
  return dir;
}

const params = async (home: string, templatesDir: string) =>
  (await listTemplates(defaultRoots(templatesDir, { CLOUDYA_HOME: home }))).find((t) => t.id === 'local/mine')!.parameters.map((p) => p.name);

describe('parsed template cache (~/.cloudya/cache/templates.json)', () => {
  it('gives the same catalog as parsing, and follows edits to a template', async () => {
    const home = tempHome();
    const templatesDir = path.join(home, 'templates');
    const dir = userTemplate(templatesDir, 'variable "size" {\n  type = number\n  default = 1\n}\n');
    const uncached = await listTemplates({ ...defaultRoots(templatesDir, { CLOUDYA_HOME: home }), cache: undefined });
    const first = await listTemplates(defaultRoots(templatesDir, { CLOUDYA_HOME: home }));
    const cacheFile = path.join(home, 'cache', 'templates.json');
    expect(existsSync(cacheFile)).toBe(true);
    const second = await listTemplates(defaultRoots(templatesDir, { CLOUDYA_HOME: home }));
    expect(first).toEqual(uncached);
    expect(second).toEqual(uncached);

    // Same size, a new mtime: the edit must show, not the cached variables.
    writeFileSync(path.join(dir, 'variables.tf'), 'variable "name" {\n  type = string\n  default = "a"\n}\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'variables.tf'), later, later);
    expect(await params(home, templatesDir)).toEqual(['name']);
    // A new .tf file declaring a variable shows too.
    writeFileSync(path.join(dir, 'extra.tf'), 'variable "zone" {\n  type = string\n  default = "z"\n}\n');
    expect((await params(home, templatesDir)).sort()).toEqual(['name', 'zone']);
  });

  it('a damaged cache file is ignored and replaced, never an error', async () => {
    const home = tempHome();
    const templatesDir = path.join(home, 'templates');
    userTemplate(templatesDir, 'variable "size" {\n  type = number\n  default = 1\n}\n');
    mkdirSync(path.join(home, 'cache'), { recursive: true });
    writeFileSync(path.join(home, 'cache', 'templates.json'), '{"version": 1, "entries": {"x": ');
    expect(await params(home, templatesDir)).toEqual(['size']);
    expect(() => JSON.parse(readFileSync(path.join(home, 'cache', 'templates.json'), 'utf8'))).not.toThrow();
    expect(readdirSync(path.join(home, 'cache')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
