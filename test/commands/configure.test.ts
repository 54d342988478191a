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

  it('never shows the password of a URL setting (file or environment), in text or JSON', async () => {
    const home = tempHome();
    const set = await runCli(['configure', '--api-url', 'http://admin:hunter2@localhost:8000'], { CLOUDYA_HOME: home });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('http://admin:****@localhost:8000');
    // The file keeps the real value: the backend needs it.
    expect(JSON.parse(readFileSync(path.join(home, 'config.json'), 'utf8')).api_url).toBe('http://admin:hunter2@localhost:8000');
    const env = { CLOUDYA_HOME: home, CLOUDYA_AI_BASE_URL: 'http://u:topsecret@127.0.0.1:9/v1' };
    for (const argv of [['configure'], ['configure', 'get', 'api_url'], ['configure', '-o', 'json'], ['configure', 'get', 'ai.base_url', '-o', 'json']]) {
      const r = await runCli(argv, env);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout, argv.join(' ')).not.toMatch(/hunter2|topsecret/);
    }
    expect((await runCli(['configure', 'get', 'ai.base_url'], env)).stdout.trim()).toBe('http://u:****@127.0.0.1:9/v1');
  });

  it('ai.api_key_env takes a variable name: a pasted key is refused with exit 2 and never echoed', async () => {
    const home = tempHome();
    const key = 'sk-abcdef1234567890abcdef';
    await runCli(['configure'], { CLOUDYA_HOME: home });
    const r = await runCli(['configure', 'set', 'ai.api_key_env', key], { CLOUDYA_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NAME of an environment variable');
    expect(r.stdout + r.stderr).not.toContain('abcdef1234567890');
    expect(readFileSync(path.join(home, 'config.json'), 'utf8')).not.toContain('abcdef1234567890');
    const ok = await runCli(['configure', 'set', 'ai.api_key_env', 'MY_OPENAI_KEY'], { CLOUDYA_HOME: home });
    expect(ok.code).toBe(0);
    expect((await runCli(['configure', 'get', 'ai.api_key_env'], { CLOUDYA_HOME: home })).stdout.trim()).toBe('MY_OPENAI_KEY');
  });

  it('a negative VALUE reaches validation instead of being read as an option', async () => {
    const home = tempHome();
    for (const argv of [['configure', 'set', 'sandbox.timeout_seconds', '-5'], ['-o', 'json', 'configure', 'set', 'sandbox.timeout_seconds', '-5'], ['configure', 'set', 'sandbox.timeout_seconds', '-5', '--lang', 'en']]) {
      const r = await runCli(argv, { CLOUDYA_HOME: home });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout + r.stderr, argv.join(' ')).toContain('sandbox.timeout_seconds: must be at least 1');
      expect(r.stderr).not.toContain('unknown option');
    }
  });

  it('thresholds must be above zero and keep careful <= warning <= critical, naming the conflicting level', async () => {
    const home = tempHome();
    const env = { CLOUDYA_HOME: home };
    const zero = await runCli(['configure', 'set', 'monitor.thresholds.load.warning', '0'], env);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('must be greater than 0');
    const above = await runCli(['configure', 'set', 'monitor.thresholds.cpu.warning', '95'], env);
    expect(above.code).toBe(2);
    expect(above.stderr).toContain('monitor.thresholds.cpu.warning = 95 must be at most monitor.thresholds.cpu.critical = 90');
    const below = await runCli(['configure', 'set', 'monitor.thresholds.cpu.warning', '40'], env);
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('must be at least monitor.thresholds.cpu.careful = 50');
    expect(readFileSync(path.join(home, 'config.json'), 'utf8')).not.toContain('thresholds');
    // Raising critical first makes room for warning.
    expect((await runCli(['configure', 'set', 'monitor.thresholds.cpu.critical', '98'], env)).code).toBe(0);
    expect((await runCli(['configure', 'set', 'monitor.thresholds.cpu.warning', '95'], env)).code).toBe(0);
    // Levels out of order written by hand are refused at load, with the file and key named.
    const file = path.join(home, 'config.json');
    writeFileSync(file, JSON.stringify({ monitor: { thresholds: { memory: { careful: 80 } } } }));
    const r = await runCli(['configure'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('monitor.thresholds.memory.careful = 80 must be at most monitor.thresholds.memory.warning = 70');
  });

  it('set and unset repair an invalid value in config.json that every other command refuses', async () => {
    const home = tempHome();
    const file = path.join(home, 'config.json');
    const env = { CLOUDYA_HOME: home };
    writeFileSync(file, JSON.stringify({ ai: { engine: 'bogus', model: 'm1' } }));
    const refused = await runCli(['configure'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"ai.engine"');
    expect(refused.stderr).toContain(file);
    const unset = await runCli(['configure', 'unset', 'ai.engine'], env);
    expect(unset.code, unset.stderr).toBe(0);
    expect(unset.stdout).toContain('now: offline, from default');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ai: { model: 'm1' } });
    writeFileSync(file, JSON.stringify({ ai: { engine: 'bogus' } }));
    const set = await runCli(['configure', 'set', 'ai.engine', 'offline', '-o', 'json'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ key: 'ai.engine', value: 'offline', source: 'file' });
    expect((await runCli(['configure'], env)).code).toBe(0);
    // With another key still invalid, the repair of this one is saved and reported all the same.
    writeFileSync(file, JSON.stringify({ ai: { engine: 'bogus' }, log_level: 'LOUD' }));
    const partial = await runCli(['configure', 'set', 'ai.engine', 'openai'], env);
    expect(partial.code, partial.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).ai.engine).toBe('openai');
    expect((await runCli(['configure'], env)).stderr).toContain('"log_level"');
  });
});
