import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('cloudya configure', () => {
  it('creates config.json and a private credentials.yaml with defaults on first use', async () => {
    const home = tempHome();
    const r = await runCli(['configure'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(0);
    const cfg = JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8'));
    expect(cfg.terraform_path).toBe('terraform');
    expect(cfg.ansible_path).toBe('ansible-playbook');
    expect(cfg.log_level).toBe('INFO');
    expect(cfg.ai.engine).toBe('offline');
    expect(statSync(path.join(home, 'credentials.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(home, 'credentials.yaml'), 'utf8')).toContain('default_region');
  });

  it('prints exactly one JSON document with the source of every value', async () => {
    const home = tempHome();
    const r = await runCli(['configure', '--output', 'json'], { CLOUDYA_HOME: home, CLOUDYA_AI_MODEL: 'llama3' });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.config_file).toBe(path.join(home, 'config.json'));
    expect(doc.settings['ai.model']).toEqual({ value: 'llama3', source: 'env' });
    expect(doc.settings.terraform_path).toEqual({ value: 'terraform', source: 'file' });
    expect(doc.settings['sandbox.timeout_seconds']).toEqual({ value: 30, source: 'default' });
  });

  it('applies precedence flag > environment > file > default', async () => {
    const home = tempHome();
    await runCli(['configure', 'set', 'ai.model', 'from-file'], { CLOUDYA_HOME: home });
    const fileOnly = JSON.parse((await runCli(['configure', 'get', 'ai.model', '-o', 'json'], { CLOUDYA_HOME: home })).stdout);
    expect(fileOnly).toEqual({ key: 'ai.model', value: 'from-file', source: 'file' });
    const env = JSON.parse((await runCli(['configure', 'get', 'ai.model', '-o', 'json'], { CLOUDYA_HOME: home, CLOUDYA_AI_MODEL: 'from-env' })).stdout);
    expect(env.source).toBe('env');
    expect(env.value).toBe('from-env');
    const { loadConfig } = await import('../../src/core/config.js');
    const cfg = loadConfig({ env: { CLOUDYA_HOME: home, CLOUDYA_AI_MODEL: 'from-env' }, flags: { 'ai.model': 'from-flag' } });
    expect(cfg.get('ai.model')).toBe('from-flag');
    expect(cfg.entry('ai.model')?.source).toBe('flag');
  });

  it('set validates values and writes them; unset goes back to the default', async () => {
    const home = tempHome();
    const bad = await runCli(['configure', 'set', 'log_level', 'LOUD'], { CLOUDYA_HOME: home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DEBUG|INFO|WARNING|ERROR');
    expect(bad.stderr).toMatch(/\nhint: nothing was saved/);
    const unknown = await runCli(['configure', 'set', 'ai.modle', 'x'], { CLOUDYA_HOME: home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "ai.model"');
    const num = await runCli(['configure', 'set', 'sandbox.timeout_seconds', 'soon'], { CLOUDYA_HOME: home });
    expect(num.code).toBe(2);
    const ok = await runCli(['configure', 'set', 'sandbox.timeout_seconds', '45'], { CLOUDYA_HOME: home });
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')).sandbox.timeout_seconds).toBe(45);
    const un = await runCli(['configure', 'unset', 'sandbox.timeout_seconds'], { CLOUDYA_HOME: home });
    expect(un.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')).sandbox).toBeUndefined();
  });

  it('--api-url stores the backend URL and rejects a non-URL', async () => {
    const home = tempHome();
    expect((await runCli(['configure', '--api-url', 'http://localhost:8000'], { CLOUDYA_HOME: home })).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')).api_url).toBe('http://localhost:8000');
    const bad = await runCli(['configure', '--api-url', 'localhost'], { CLOUDYA_HOME: home });
    expect(bad.code).toBe(2);
  });

  it('reports a malformed config.json with file and line, exit 1, and leaves it byte-for-byte unchanged', async () => {
    const home = tempHome();
    const file = path.join(home, 'config.json');
    const broken = '{\n  "terraform_path": "terraform",\n  "log_level": "INFO",,\n}\n';
    writeFileSync(file, broken);
    for (const argv of [['configure'], ['configure', 'set', 'ai.model', 'x']]) {
      const r = await runCli(argv, { CLOUDYA_HOME: home });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:3:`);
      expect(readFileSync(file, 'utf8')).toBe(broken);
    }
    const json = await runCli(['configure', '-o', 'json'], { CLOUDYA_HOME: home });
    expect(JSON.parse(json.stdout).error.where).toEqual({ file, line: 3 });
  });

  it('reports a malformed credentials.yaml with file and line and leaves it unchanged', async () => {
    const home = tempHome();
    await runCli(['configure'], { CLOUDYA_HOME: home });
    const file = path.join(home, 'credentials.yaml');
    const broken = 'aws:\n  default_profile: "x"\n   bad_indent: [\n';
    writeFileSync(file, broken, { mode: 0o600 });
    const r = await runCli(['configure'], { CLOUDYA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:`));
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('rejects a bad value found in the environment with the variable named', async () => {
    const r = await runCli(['configure'], { CLOUDYA_HOME: tempHome(), CLOUDYA_LOG_LEVEL: 'LOUD' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CLOUDYA_LOG_LEVEL');
    expect(r.stderr).toMatch(/\nhint: fix or unset \$CLOUDYA_LOG_LEVEL/);
    const json = await runCli(['configure', '-o', 'json'], { CLOUDYA_HOME: tempHome(), CLOUDYA_LOG_LEVEL: 'LOUD' });
    expect(JSON.parse(json.stdout).error.code).toBe('bad_value');
  });
});
