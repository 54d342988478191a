/**
 * Where an app goes, from what the user gave (the command's --target/--inventory/--deployment/
 * --ssh-key/--platform, or the TUI's target step): one Target plus the platform whose defaults apply.
 * Shared by `cloudya app install` and the Deploy screen, so both accept and refuse the same things.
 */
import { existsSync } from 'node:fs';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { userPaths } from '../../core/paths.js';
import { inventoryTarget, parseTarget, type Target } from '../ansible/inventory.js';
import { endpointsOf, isPrivateAddress } from '../deployments/endpoints.js';
import { targetFromOutputs } from '../deployments/connection.js';
import { deploymentFiles, loadDeployment } from '../deployments/store.js';
import { loadTemplate } from '../terraform/catalog.js';
import { PLATFORMS, platformFor } from './platforms.js';
import type { AppInfo } from './types.js';

const m = defineMessages({
  en: {
    needsTarget: 'where to install? Platform {platform} needs a host',
    needsTargetHint: 'give --target user@host[:port] (with --ssh-key FILE), --inventory FILE, or --deployment ID',
    oneTarget: 'give only one of --target, --inventory and --deployment',
    noKey: 'SSH key not found: {file}',
    noKeyHint: 'give the private key file that the target accepts',
    noHost: 'deployment {id} has no host address in its outputs',
    noHostHint: 'apply it first (cloudya deploy apply {id}), or give --target user@host',
  },
  fr: {
    needsTarget: 'où installer ? La plateforme {platform} demande un hôte',
    needsTargetHint: 'donnez --target utilisateur@hôte[:port] (avec --ssh-key FICHIER), --inventory FICHIER ou --deployment ID',
    oneTarget: 'donnez un seul de --target, --inventory et --deployment',
    noKey: 'clé SSH introuvable : {file}',
    noKeyHint: 'donnez le fichier de clé privée que la cible accepte',
    noHost: "le déploiement {id} n'a pas d'adresse d'hôte dans ses sorties",
    noHostHint: "appliquez-le d'abord (cloudya deploy apply {id}), ou donnez --target utilisateur@hôte",
  },
});

/** What the user said about the target; at most one of target, inventory and deployment. */
export interface TargetRequest {
  /** "local", "host", "user@host[:port]". */
  target?: string;
  inventory?: string;
  deployment?: string;
  sshKey?: string;
  platform?: string;
}

/** An applied deployment's host, as the app install can reach it. */
export interface DeploymentHost {
  deployment: string;
  template: string;
  host: string;
  user: string;
  /** SSH port when not 22: an ssh_port output or the -p of its ssh_command output. */
  port?: number;
}

/** The host of a deployment: a public address in its outputs first, the SSH user (and port) from its ssh_command output or the provider's default. */
export function hostOfDeployment(d: { id: string; template: string; outputs: Record<string, unknown> }, platform?: string): DeploymentHost | undefined {
  const provider = d.template.split('/')[0];
  const hosts = endpointsOf(d.outputs).filter((e) => e.kind === 'host');
  const host = (hosts.find((h) => !isPrivateAddress(h.target)) ?? hosts[0])?.target;
  if (!host) return undefined;
  const sshCommand = typeof d.outputs.ssh_command === 'string' ? d.outputs.ssh_command : '';
  const user = /\s([a-z_][a-z0-9_.-]*)@\S+/i.exec(` ${sshCommand}`)?.[1] ?? PLATFORMS[platform ?? provider]?.sshUser ?? 'root';
  const port = Number(d.outputs.ssh_port ?? /\s-p\s*(\d+)\b/.exec(` ${sshCommand}`)?.[1] ?? 22);
  return { deployment: d.id, template: d.template, host, user, ...(Number.isInteger(port) && port > 0 && port < 65536 && port !== 22 ? { port } : {}) };
}

async function deploymentTarget(id: string, env: NodeJS.ProcessEnv, platform: string | undefined, key?: string): Promise<{ target: Target; platform: string }> {
  const root = userPaths(env).deployments;
  const d = await loadDeployment(root, id);
  const provider = d.template.split('/')[0];
  // The template's manifest may say which outputs give the host, user and SSH port (local/host: a non-22 port).
  const declared = (await loadTemplate(d.template, deploymentFiles(root, d.id).workdir, d.template_source).catch(() => undefined))?.connection;
  if (declared) return { target: targetFromOutputs(declared, d.outputs, { deploymentId: d.id, infraParams: d.params, key, env }), platform: PLATFORMS[provider] && provider !== 'local' ? provider : 'ssh' };
  const h = hostOfDeployment(d, platform);
  if (!h) throw new CloudyaError(m('noHost', { id: d.id }), { hint: m('noHostHint', { id: d.id }), code: 'deployment_no_host' });
  const address = `${h.host.includes(':') ? `[${h.host}]` : h.host}${h.port ? `:${h.port}` : ''}`;
  return { target: parseTarget(`${h.user}@${address}`, h.user, key), platform: PLATFORMS[provider] ? provider : 'ssh' };
}

/** The target and platform of an install; usage errors name the flag (the TUI maps it to its field). */
export async function resolveInstallTarget(req: TargetRequest, app: AppInfo, env: NodeJS.ProcessEnv): Promise<{ target: Target; platform: string }> {
  const given = (['target', 'inventory', 'deployment'] as const).filter((k) => req[k] !== undefined);
  if (given.length > 1) throw new UsageError(m('oneTarget'), { flag: given[1], code: 'bad_target' });
  const key = req.sshKey;
  if (key && !existsSync(key)) throw new UsageError(m('noKey', { file: key }), { flag: 'ssh-key', hint: m('noKeyHint'), code: 'bad_ssh_key' });
  let platform = req.platform;
  if (req.inventory !== undefined) {
    const target = inventoryTarget(req.inventory);
    platform ??= 'ssh';
    platformFor(platform, app);
    return { target, platform };
  }
  if (req.deployment !== undefined) {
    const t = await deploymentTarget(req.deployment, env, platform, key);
    platform ??= t.platform;
    platformFor(platform, app);
    return { target: t.target, platform };
  }
  const text = req.target;
  if (text === undefined || text === 'local') {
    platform ??= 'local';
    const defaults = platformFor(platform, app);
    if (text === undefined && !defaults.local) throw new UsageError(m('needsTarget', { platform }), { flag: 'target', hint: m('needsTargetHint'), code: 'target_required' });
    return { target: { kind: 'local' }, platform };
  }
  const defaults = platform ? PLATFORMS[platform] : undefined;
  const target = parseTarget(text, defaults?.sshUser ?? 'root', key);
  platform ??= 'ssh';
  platformFor(platform, app);
  return { target, platform };
}
