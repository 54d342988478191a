/** Validation of what `diagnose` is pointed at: service names and deployment ids. */

/** systemd unit names and process names: letters, digits, "@._:-", no path, no spaces (max 128). */
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9@._:+-]{0,127}$/;
const DEPLOYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True for a well-formed service name ("nginx", "php8.2-fpm", "getty@tty1.service"). */
export function isServiceName(name: string): boolean {
  return SERVICE_NAME.test(name) && !name.includes('..');
}

/** True for a well-formed deployment id. */
export function isDeploymentId(id: string): boolean {
  return DEPLOYMENT_ID.test(id) && !id.includes('..');
}

/** Parses "--ports 80,443" into port numbers; throws a message naming the bad item. */
export function parsePorts(text: string): number[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const n = Number(p);
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(p);
      return n;
    });
}
