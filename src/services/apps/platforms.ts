/**
 * `--platform` is the product's word: it picks the defaults for where the app goes (the SSH user
 * cloud images create, whether to connect locally) and is checked against the app's platforms.
 */
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { closest } from '../../core/suggest.js';

export interface PlatformDefaults {
  /** The SSH user of the platform's usual images (Ubuntu on AWS, azureuser on Azure...). */
  sshUser: string;
  /** Without --target, install on this machine. */
  local: boolean;
}

export const PLATFORMS: Record<string, PlatformDefaults> = {
  local: { sshUser: 'root', local: true },
  aws: { sshUser: 'ubuntu', local: false },
  gcp: { sshUser: process.env.USER || 'root', local: false },
  azure: { sshUser: 'azureuser', local: false },
  openstack: { sshUser: 'ubuntu', local: false },
  proxmox: { sshUser: 'root', local: false },
  vmware: { sshUser: 'root', local: false },
  nutanix: { sshUser: 'root', local: false },
  ssh: { sshUser: 'root', local: false },
};

const m = defineMessages({
  en: {
    unknown: 'unknown platform "{platform}"',
    unknownHint: 'one of {all}{suggest}',
    suggest: ' (did you mean "{suggestion}"?)',
    notSupported: 'app {app} does not support platform {platform}',
    notSupportedHint: 'its platforms: {all} (see cloudya app show {app})',
  },
  fr: {
    unknown: 'plateforme inconnue « {platform} »',
    unknownHint: 'une parmi {all}{suggest}',
    suggest: ' (vouliez-vous dire « {suggestion} » ?)',
    notSupported: "l'application {app} ne prend pas en charge la plateforme {platform}",
    notSupportedHint: 'ses plateformes : {all} (voir cloudya app show {app})',
  },
});

/** The platform's defaults; a usage error for unknown ones or ones the app does not list. */
export function platformFor(platform: string, app: { id: string; platforms: string[] }): PlatformDefaults {
  const p = PLATFORMS[platform];
  if (!p) {
    const suggestion = closest(platform, Object.keys(PLATFORMS));
    throw new UsageError(m('unknown', { platform }), { flag: 'platform', hint: m('unknownHint', { all: Object.keys(PLATFORMS).join(', '), suggest: suggestion ? m('suggest', { suggestion }) : '' }), code: 'unknown_platform' });
  }
  // "ssh" is any reachable host: every app that runs on a remote platform runs there.
  const ok = app.platforms.includes(platform) || (platform === 'ssh' && app.platforms.some((x) => x !== 'local'));
  if (!ok) throw new UsageError(m('notSupported', { app: app.id, platform }), { flag: 'platform', hint: m('notSupportedHint', { all: app.platforms.join(', '), app: app.id }), code: 'platform_not_supported' });
  return p;
}
