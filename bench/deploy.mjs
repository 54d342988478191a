#!/usr/bin/env node
// Deployment overhead: how long Cloudya's own work takes around Terraform.
// Prints: template catalog listing (5 built-ins), parameter checks, and a full local/demo
// deploy + destroy through `cloudya deploy` versus the same terraform commands run bare.
// Needs a build (npm run build) and terraform on PATH. Usage: node bench/deploy.mjs [runs]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.CLOUDYA_DIST ?? path.join(root, 'dist');
const runs = Number(process.argv[2] ?? 3);
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { listTemplates, defaultRoots, findTemplate } = await load('src/services/terraform/catalog.js');
const { resolveParams } = await load('src/services/terraform/params.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

const list = [];
for (let i = 0; i < runs; i++) list.push(await time(() => listTemplates(defaultRoots())));
const vpc = await findTemplate(defaultRoots(), 'aws/vpc');
const check = await time(async () => {
  for (let i = 0; i < 1000; i++) resolveParams(vpc, { region: 'eu-west-3', vpc_cidr: '10.0.0.0/16', az_count: '3' });
});

const home = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-'));
const cliConfig = path.join(home, 'terraformrc');
writeFileSync(cliConfig, '');
const env = { PATH: process.env.PATH, HOME: home, CLOUDYA_HOME: path.join(home, 'cloudya'), TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', NO_COLOR: '1' };
const cli = path.join(root, 'bin/cloudya.js');
const viaCloudya = [];
const bare = [];
for (let i = 0; i < runs; i++) {
  viaCloudya.push(
    await time(async () => {
      const out = execFileSync(process.execPath, [cli, 'deploy', 'template', 'local/demo', '--yes', '--output', 'json'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const id = JSON.parse(out.trim().split('\n').at(-1)).deployment.id;
      execFileSync(process.execPath, [cli, 'deploy', 'destroy', id, '--yes'], { env, stdio: 'ignore' });
    }),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cloudya-bench-tf-'));
  cpSync(path.join(root, 'templates/terraform/local/demo'), dir, { recursive: true });
  bare.push(
    await time(async () => {
      const tf = (...args) => execFileSync('terraform', args, { cwd: dir, env, stdio: 'ignore' });
      tf('init', '-input=false', '-no-color');
      tf('plan', '-input=false', '-json', '-out=p.tfplan');
      tf('apply', '-input=false', '-json', 'p.tfplan');
      tf('plan', '-input=false', '-json', '-destroy', '-out=d.tfplan');
      tf('apply', '-input=false', '-json', 'd.tfplan');
    }),
  );
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`runs: ${runs} (medians)`);
console.log(`catalog: list 5 built-in templates (manifest + HCL parse): ${fmt(median(list))}`);
console.log(`parameter checks: aws/vpc, 3 values: ${fmt(check / 1000)} per call`);
console.log(`local/demo deploy+destroy via cloudya (2 processes): ${fmt(median(viaCloudya))}`);
console.log(`local/demo same terraform commands bare (init, plan, apply, plan -destroy, apply): ${fmt(median(bare))}`);
console.log(`cloudya overhead: ${fmt(median(viaCloudya) - median(bare))}`);
