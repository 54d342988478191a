/**
 * Nextcloud runs in Docker, and no container engine runs on these machines: the playbooks get a
 * syntax check, a real `--check` run through `cloudya app install --check`, and the compose file
 * is rendered for real (the playbook's `compose` tag, into a temp folder) and validated: services,
 * named volume, admin from the parameters, passwords only as Docker secrets in 0600 files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, expect, it } from 'vitest';
import { findAnsible } from '../../src/services/ansible/binary.js';
import { renderInventory } from '../../src/services/ansible/inventory.js';
import { runPlaybook, type AnsibleSettings } from '../../src/services/ansible/runner.js';
import { privateDir, varsFile } from '../../src/services/ansible/vars.js';
import { ROOT, runBin, tempHome } from '../helpers/cli.js';
import { describeWithTool } from '../helpers/tools.js';

const LONG = 15 * 60_000;
const APP = path.join(ROOT, 'templates/apps/nextcloud');
const scratch = mkdtempSync(path.join(process.env.CLOUDYA_TEST_TMP ?? os.tmpdir(), 'cloudya-nextcloud-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describeWithTool(
  'ansible-playbook',
  'cloudya app: nextcloud (Docker) checked without a container engine',
  () => {
    let settings: AnsibleSettings;
    const inventory = path.join(scratch, 'inventory.json');

    it('both playbooks pass ansible-playbook --syntax-check', async () => {
      const bin = await findAnsible('ansible-playbook', process.env);
      settings = { path: bin.path, version: bin.version, env: { PATH: process.env.PATH, HOME: process.env.HOME } };
      const { writeFileSync } = await import('node:fs');
      writeFileSync(inventory, renderInventory({ kind: 'local' }, path.join(scratch, 'known_hosts')));
      for (const file of ['playbook.yml', 'uninstall.yml']) {
        const r = await runPlaybook(settings, { playbook: path.join(APP, file), inventory, cwd: APP, syntaxCheck: true });
        expect(r.exitCode, `${file}: ${r.tail.join('\n')}`).toBe(0);
      }
    }, LONG);

    it('app install --check runs the playbook in check mode: nothing created, nothing recorded', async () => {
      const home = tempHome();
      const project = path.join(scratch, 'check-project');
      const r = await runBin(['app', 'install', 'nextcloud', '--target', 'local', '--check', '--params', `admin_password=Check-0123456789,install_docker=false,project_dir=${project}`, '--output', 'json'], { CLOUDYA_HOME: home }, undefined, LONG);
      expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
      const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((e) => e.type === 'playbook_start')).toMatchObject({ check: true });
      const result = lines[lines.length - 1] as { type: string; result: string; stats: { failed: number; changed: number }; installation: unknown };
      expect(result).toMatchObject({ type: 'result', result: 'checked', installation: null, stats: { failed: 0 } });
      // Check mode reports what would change (the project folder, secrets, compose file) without doing it.
      expect(result.stats.changed).toBeGreaterThan(0);
      expect(existsSync(project)).toBe(false);
      expect(existsSync(path.join(home, 'apps')) ? readdirSync(path.join(home, 'apps')) : []).toEqual([]);
      expect(r.stdout + r.stderr).not.toContain('Check-0123456789');
    }, LONG);

    it('renders a valid compose file from the parameters: services, named data volume, admin, secrets as files', async () => {
      const project = path.join(scratch, 'project');
      const secret = 'Render-9876543210';
      const vars = await privateDir();
      try {
        const files = [
          await vars.write('vars.json', varsFile({ admin_user: 'cloudadmin', domain: 'cloud.example.test', http_port: 18443, data_volume: 'cy_files', nextcloud_image: 'docker.io/library/nextcloud:29-apache', mariadb_image: 'docker.io/library/mariadb:11.4', project_dir: project, install_docker: false })),
          await vars.write('secrets.json', varsFile({ admin_password: secret })),
        ];
        const r = await runPlaybook(settings, { playbook: path.join(APP, 'playbook.yml'), inventory, cwd: APP, varsFiles: files, tags: ['compose'] });
        expect(r.exitCode, r.tail.join('\n')).toBe(0);
      } finally {
        await vars.remove();
      }
      const text = readFileSync(path.join(project, 'docker-compose.yml'), 'utf8');
      expect(text).not.toContain(secret);
      const doc = yaml.load(text) as {
        services: Record<string, { image: string; ports?: string[]; volumes: string[]; environment: Record<string, string>; secrets: string[]; depends_on?: string[] }>;
        volumes: Record<string, unknown>;
        secrets: Record<string, { file: string }>;
      };
      expect(Object.keys(doc.services).sort()).toEqual(['app', 'db']);
      const app = doc.services.app;
      expect(app.image).toBe('docker.io/library/nextcloud:29-apache');
      expect(app.ports).toEqual(['18443:80']);
      expect(app.volumes).toEqual(['cy_files:/var/www/html']);
      expect(app.depends_on).toEqual(['db']);
      expect(app.environment).toMatchObject({ NEXTCLOUD_ADMIN_USER: 'cloudadmin', NEXTCLOUD_ADMIN_PASSWORD_FILE: '/run/secrets/admin_password', MYSQL_HOST: 'db', MYSQL_PASSWORD_FILE: '/run/secrets/db_password' });
      expect(app.environment.NEXTCLOUD_TRUSTED_DOMAINS).toContain('cloud.example.test');
      expect(doc.services.db.environment).toMatchObject({ MARIADB_DATABASE: 'nextcloud', MARIADB_USER: 'nextcloud', MARIADB_PASSWORD_FILE: '/run/secrets/db_password' });
      // Named volumes are declared at the top level (a bind mount would not be).
      expect(Object.keys(doc.volumes).sort()).toEqual(['cy_files', 'nextcloud_db']);
      for (const s of Object.values(doc.services)) for (const name of s.secrets) expect(doc.secrets[name], name).toBeDefined();
      for (const [name, s] of Object.entries(doc.secrets)) {
        const file = path.join(project, s.file);
        expect(statSync(file).mode & 0o777, name).toBe(0o600);
        expect(readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(10);
      }
      expect(readFileSync(path.join(project, 'secrets/admin_password'), 'utf8')).toBe(secret);
      expect(statSync(path.join(project, 'secrets')).mode & 0o777).toBe(0o700);
      // Docker's own validation, when this machine's docker client has Compose (it needs no engine).
      let compose: string[] | undefined;
      for (const cmd of [['docker', 'compose'], ['docker-compose']]) {
        try {
          execFileSync(cmd[0], [...cmd.slice(1), 'version'], { stdio: 'ignore' });
          compose = cmd;
          break;
        } catch {
          // not this one
        }
      }
      if (compose) execFileSync(compose[0], [...compose.slice(1), '--project-directory', project, '-f', path.join(project, 'docker-compose.yml'), 'config', '--quiet'], { stdio: 'pipe' });
      else console.warn('[app-nextcloud] no Docker Compose client here: the compose file was validated by parsing only');
    }, LONG);
  },
);
