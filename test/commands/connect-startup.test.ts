import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempHome } from '../helpers/cli.js';

function importsOf(argv: string[]): string[] {
  const trace = path.join(tempHome(), 'trace.txt');
  try {
    execFileSync(process.execPath, ['--import', path.join(ROOT, 'test/helpers/trace-imports.mjs'), BIN, ...argv], {
      env: { ...process.env, CLOUDYA_TRACE_FILE: trace, CLOUDYA_HOME: tempHome() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    // exit codes do not matter here, only what was loaded
  }
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

const SDKS = /node_modules\/(@aws-sdk|@smithy|google-auth-library|gaxios|@azure)\//;

describe('provider SDKs load only when a provider is used', () => {
  it('cloudya --help, connect --help, connect list and validate load no cloud SDK', () => {
    for (const argv of [['--help'], ['connect', '--help'], ['connect', 'list'], ['validate', 'ls']]) {
      expect(importsOf(argv).filter((u) => SDKS.test(u)), argv.join(' ')).toEqual([]);
    }
  });

  it('connect list loads the provider modules but not their SDKs; connect aws loads the AWS SDK only', () => {
    const aws = importsOf(['connect', 'aws', '--profile', 'none', '--timeout', '1']);
    expect(aws.some((u) => /node_modules\/@aws-sdk\/client-sts\//.test(u))).toBe(true);
    expect(aws.filter((u) => /node_modules\/(google-auth-library|@azure)\//.test(u))).toEqual([]);
  });
});
