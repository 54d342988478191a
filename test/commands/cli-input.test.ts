/** What the command line does with hostile or careless input: odd bytes, huge arguments, short flags. */
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('command-line input', () => {
  it('refuses an argument that is not valid UTF-8 instead of acting on the replaced text', async () => {
    // What Node hands over when the terminal sent bytes like 0xff 0xfe: U+FFFD in their place.
    const home = tempHome();
    const r = await runCli(['exec', '--yes', 'touch /tmp/\uFFFD\uFFFD'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/argument 3 holds bytes that are not valid UTF-8/);
    expect(r.stderr).toMatch(/hint:/);
    const fr = await runCli(['validate', 'ls \uFFFD', '--lang', 'fr'], { CLOUDYA_HOME: home });
    expect(fr.stderr).toMatch(/pas de l'UTF-8 valide/);
  });

  it('cuts a huge argument echoed in an error, saying how long it was', async () => {
    const huge = 'x'.repeat(100_000);
    const r = await runCli(['deploy', 'list', huge], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stderr).toContain('… (100000 characters)');
    const cmd = await runCli([huge], { CLOUDYA_HOME: tempHome() });
    expect(cmd.stderr.length).toBeLessThan(1000);
  });

  it('names a short option by its long name when its value is missing (version -o)', async () => {
    const r = await runCli(['version', '-o']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('option --output needs a value');
    expect(r.stderr).not.toContain('--o,');
  });

  it('refuses a monitor interval Node timers cannot hold instead of sampling every millisecond', async () => {
    const r = await runCli(['monitor', '--interval', '2200000', '--count', '1'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interval must be at most 86400, got 2200000');
  });

  it('a parameter of the wrong type gets a hint, like every other error', async () => {
    const r = await runCli(['deploy', 'template', 'local/demo', '--params', 'node_count=abc', '--plan-only'], { CLOUDYA_HOME: tempHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('parameter "node_count" must be a number, got "abc"');
    expect(r.stderr).toContain('hint: see "cloudya deploy show local/demo"');
  });
});
