import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, findTerraform } from '../../../src/services/terraform/binary.js';
import { tempHome } from '../../helpers/cli.js';
import { describeWithTool } from '../../helpers/tools.js';

/** A stand-in executable answering `version -json` like an old Terraform would. */
function fakeTerraform(version: string): string {
  const file = path.join(tempHome(), 'terraform');
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

  it('refuses a missing or too old terraform with the install hint and the terraform_path setting', async () => {
    await expect(findTerraform('/nowhere/terraform', { PATH: '/nowhere' })).rejects.toMatchObject({
      code: 'terraform_missing',
      hint: expect.stringContaining('cloudya configure set terraform_path'),
    });
    const old = fakeTerraform('1.2.9');
    await expect(findTerraform(old, { PATH: process.env.PATH })).rejects.toMatchObject({
      code: 'terraform_too_old',
      message: expect.stringContaining('Terraform 1.2.9'),
      hint: expect.stringContaining('terraform_path'),
    });
    expect(await findTerraform(fakeTerraform('1.9.0'), { PATH: process.env.PATH })).toMatchObject({ version: '1.9.0' });
  });
});

describeWithTool('terraform', 'the installed terraform', () => {
  it('is found on PATH and recent enough', async () => {
    const bin = await findTerraform('terraform', { PATH: process.env.PATH });
    expect(compareVersions(bin.version, '1.4.0')).toBeGreaterThanOrEqual(0);
  });
}, ['version']);
