import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, findTerraform } from '../../../src/services/terraform/binary.js';
import { tempHome } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';

// The tool probe below runs `terraform version` with this process's environment: without this,
// Terraform phones home (checkpoint) and writes ~/.terraform.d/checkpoint_signature in the real HOME.
process.env.CHECKPOINT_DISABLE = '1';

/** A stand-in executable answering `version -json` like an old Terraform would. */
function fakeTerraform(version: string, file = path.join(tempHome(), 'terraform')): string {
  writeFileSync(file, `#!/bin/sh\necho '{"terraform_version":"${version}","platform":"linux_amd64"}'\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('terraform binary', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('1.11.4', '1.4.0')).toBe(1);
    expect(compareVersions('1.3.9', '1.4.0')).toBe(-1);
    expect(compareVersions('1.4.0', '1.4.0')).toBe(0);
  });

  const env = () => ({ PATH: process.env.PATH, CLOUDYA_HOME: tempHome() });

  it('refuses a missing or too old terraform with the install hint and the terraform_path setting', async () => {
    await expect(findTerraform('/nowhere/terraform', { PATH: '/nowhere' })).rejects.toMatchObject({
      code: 'terraform_missing',
      hint: expect.stringContaining('cloudya configure set terraform_path'),
    });
    const old = fakeTerraform('1.2.9');
    await expect(findTerraform(old, env())).rejects.toMatchObject({
      code: 'terraform_too_old',
      message: expect.stringContaining('Terraform 1.2.9'),
      hint: expect.stringContaining('terraform_path'),
    });
    expect(await findTerraform(fakeTerraform('1.9.0'), env())).toMatchObject({ version: '1.9.0' });
  });

  it('remembers the version per binary, and asks again when the binary changes', async () => {
    const e = env();
    const bin = fakeTerraform('1.9.0');
    expect((await findTerraform(bin, e)).version).toBe('1.9.0');
    expect(readFileSync(path.join(e.CLOUDYA_HOME, 'cache/terraform-version.json'), 'utf8')).toContain('1.9.0');
    fakeTerraform('1.3.10', bin); // upgraded... downwards: a new size, a new answer
    await expect(findTerraform(bin, e)).rejects.toMatchObject({ code: 'terraform_too_old' });
  });
});

describeWithTool('terraform', 'the installed terraform', () => {
  it('is found on PATH and recent enough', async () => {
    const bin = await findTerraform('terraform', { PATH: process.env.PATH, CLOUDYA_HOME: tempHome() });
    expect(compareVersions(bin.version, '1.4.0')).toBeGreaterThanOrEqual(0);
  });
}, ['version']);
