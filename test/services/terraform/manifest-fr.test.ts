/** The optional French fields of manifest.yaml: checked, used in French, ignored in English, absent is fine. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../src/core/i18n.js';
import { defaultRoots, listTemplates, loadTemplate } from '../../../src/services/terraform/catalog.js';
import { parseManifest, readManifest } from '../../../src/services/terraform/manifest.js';
import { readVariables } from '../../../src/services/terraform/variables.js';
import { checkParam } from '../../../src/services/terraform/params.js';
import { tempHome } from '../../helpers/cli.js';

const VARIABLES = `variable "size" {
  type        = number
  description = "Size in GiB"
  default     = 8
  validation {
    condition     = var.size >= 8
    error_message = "The size must be at least 8 GiB."
  }
  validation {
    condition     = var.size <= 64
    error_message = "The size must be at most 64 GiB."
  }
}
`;

function template(manifest: string): string {
  const dir = path.join(tempHome(), 'local', 'disk');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.yaml'), manifest);
  writeFileSync(path.join(dir, 'variables.tf'), VARIABLES);
  writeFileSync(path.join(dir, 'main.tf'), '');
  return dir;
}

describe('French fields of a manifest', () => {
  afterEach(() => setLang('en'));

  it('uses name_fr, description_fr and error_fr (one per validation block, in order) in French only', async () => {
    const dir = template(`name: "Disk"
name_fr: "Disque"
description: "A disk"
description_fr: "Un disque"
parameters:
  - name: "size"
    description: "Size in GiB"
    description_fr: "Taille en Gio"
    error_fr: ["La taille doit valoir au moins 8 Gio.", "La taille doit valoir au plus 64 Gio."]
`);
    const en = await loadTemplate('local/disk', dir, 'user');
    expect([en.name, en.description, en.parameters[0].description]).toEqual(['Disk', 'A disk', 'Size in GiB']);
    expect(checkParam(en.parameters[0], 100)).toBe('The size must be at most 64 GiB.');
    setLang('fr');
    const fr = await loadTemplate('local/disk', dir, 'user');
    expect([fr.name, fr.description, fr.parameters[0].description]).toEqual(['Disque', 'Un disque', 'Taille en Gio']);
    expect(checkParam(fr.parameters[0], 2)).toBe('La taille doit valoir au moins 8 Gio.');
    expect(checkParam(fr.parameters[0], 100)).toBe('La taille doit valoir au plus 64 Gio.');
  });

  it('falls back to the English texts when a manifest has no French (older manifests keep working)', async () => {
    const dir = template(`name: "Disk"
description: "A disk"
parameters:
  - name: "size"
    description: "Size in GiB"
    error_fr: "La taille doit valoir au moins 8 Gio."
`);
    setLang('fr');
    const t = await loadTemplate('local/disk', dir, 'user');
    expect([t.name, t.description, t.parameters[0].description]).toEqual(['Disk', 'A disk', 'Size in GiB']);
    // One French text for the first block; the second block keeps Terraform's own message.
    expect(checkParam(t.parameters[0], 2)).toBe('La taille doit valoir au moins 8 Gio.');
    expect(checkParam(t.parameters[0], 100)).toBe('The size must be at most 64 GiB.');
  });

  it('reports a French field of the wrong type with the file, instead of ignoring it', () => {
    expect(() => parseManifest('description_fr: [1, 2]\nparameters: []\n', '/x/manifest.yaml')).toThrow(/"description_fr" must be a text/);
    expect(() => parseManifest('parameters:\n  - name: a\n    error_fr: {k: v}\n', '/x/manifest.yaml')).toThrow(/"parameters\[0\]\.error_fr" must be a text or a list of texts/);
    let caught: unknown;
    try {
      parseManifest('name_fr: 3\n', '/x/manifest.yaml');
    } catch (err) {
      caught = err;
    }
    expect((caught as { where?: { file?: string } } | undefined)?.where?.file).toBe('/x/manifest.yaml');
  });
});

describe('built-in templates in both languages', () => {
  it('give a French name or description for the template, every parameter, and every validation block', async () => {
    const templates = await listTemplates(defaultRoots());
    expect(templates.length).toBeGreaterThanOrEqual(5);
    for (const t of templates) {
      const manifest = await readManifest(path.join(t.dir, 'manifest.yaml'));
      const variables = await readVariables(t.dir);
      expect(manifest.description_fr, t.id).toBeTruthy();
      for (const p of manifest.parameters) {
        expect(p.description_fr, `${t.id} ${p.name}`).toBeTruthy();
        const blocks = variables.find((v) => v.name === p.name)?.validations.length ?? 0;
        expect(p.error_fr?.length ?? 0, `${t.id} ${p.name}: error_fr per validation block`).toBe(blocks);
      }
    }
  });
});
