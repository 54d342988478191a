/**
 * Takes a site the static-site playbook wrote off this machine's nginx: what its uninstall.yml does,
 * without another Ansible run (tests whose story is the install clean up with this, also on failure).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Removes the site's files and reloads nginx when it runs. */
export function removeNginxSite(name: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) throw new Error(`not a site name: ${name}`);
  for (const f of [`/etc/nginx/sites-enabled/${name}.conf`, `/etc/nginx/sites-available/${name}.conf`, `/etc/nginx/${name}.htpasswd`, `/var/www/${name}`]) rmSync(f, { recursive: true, force: true });
  try {
    execFileSync('nginx', ['-s', 'reload'], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // nginx not running (or not installed): nothing serves the site.
  }
}
