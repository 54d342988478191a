/** The log_level setting governs the debug output of the built CLI; CLOUDYA_DEBUG, when set, wins. */
import { describe, expect, it } from 'vitest';
import { runBin, tempHome } from '../helpers/cli.js';

const DEBUG_LINE = /^\[cloudya \+ *[\d.]+ms\] /m;

describe('log_level', () => {
  it('DEBUG prints the debug lines on stderr (stdout stays one JSON document); INFO and CLOUDYA_DEBUG=0 print none', async () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home };
    const plain = await runBin(['diagnose', 'system', '--only', 'clock-sync', '--output', 'json'], env);
    expect(plain.stderr).not.toMatch(DEBUG_LINE);

    expect((await runBin(['configure', 'set', 'log_level', 'DEBUG'], env)).code).toBe(0);
    const verbose = await runBin(['diagnose', 'system', '--only', 'clock-sync', '--output', 'json'], env);
    expect(verbose.stderr).toMatch(DEBUG_LINE);
    expect(verbose.stderr).toMatch(/\] command diagnose system took [\d.]+ms$/m);
    expect(() => JSON.parse(verbose.stdout)).not.toThrow();

    const silenced = await runBin(['diagnose', 'system', '--only', 'clock-sync', '--output', 'json'], { ...env, CLOUDYA_DEBUG: '0' });
    expect(silenced.stderr).not.toMatch(DEBUG_LINE);

    expect((await runBin(['configure', 'set', 'log_level', 'WARNING'], env)).code).toBe(0);
    expect((await runBin(['diagnose', 'system', '--only', 'clock-sync', '--output', 'json'], env)).stderr).not.toMatch(DEBUG_LINE);
    expect((await runBin(['diagnose', 'system', '--only', 'clock-sync', '--output', 'json'], { ...env, CLOUDYA_DEBUG: '1' })).stderr).toMatch(DEBUG_LINE);
  });

  it('DEBUG shows the stack of an unexpected error; INFO only its one line and hint', async () => {
    const home = tempHome();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    // A deployment record that is a directory where a file should be: an unexpected read error.
    mkdirSync(`${home}/deployments/local-demo-abc123/deployment.json`, { recursive: true });
    writeFileSync(`${home}/config.json`, JSON.stringify({ log_level: 'INFO' }));
    const quiet = await runBin(['deploy', 'status', 'local-demo-abc123'], { CLOUDYA_HOME: home });
    expect(quiet.code).not.toBe(0);
    expect(quiet.stderr).not.toMatch(/^\s+at /m);
    writeFileSync(`${home}/config.json`, JSON.stringify({ log_level: 'DEBUG' }));
    const loud = await runBin(['deploy', 'status', 'local-demo-abc123'], { CLOUDYA_HOME: home });
    expect(loud.stderr).toMatch(/^cloudya: error: .*deployment\.json: cannot read this deployment record/m);
    expect(loud.stderr).toMatch(/^\s+at .*loadDeployment/m);
  });
});
