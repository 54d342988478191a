/** docker / podman / nerdctl and compose: inspection allowed, runs and changes confirmed, host takeover denied. */
import type { FamilyRule } from '../context.js';
import { parseFlags } from '../flags.js';
import { allow, confirm, deny } from '../reason.js';
import type { Reason } from '../types.js';
import { literalArg } from '../words.js';

const GLOBAL_VALUE = ['H', 'host', 'context', 'c', 'config', 'l', 'log-level', 'tlscacert', 'tlscert', 'tlskey', 'url', 'connection', 'root', 'runroot', 'storage-driver'];
const RUN_VALUE = ['v', 'volume', 'mount', 'e', 'env', 'env-file', 'p', 'publish', 'name', 'network', 'net', 'u', 'user', 'w', 'workdir', 'entrypoint', 'm', 'memory', 'cpus', 'cap-add', 'cap-drop', 'security-opt', 'pid', 'ipc', 'uts', 'userns', 'device', 'l', 'label', 'restart', 'h', 'hostname', 'add-host', 'dns', 'platform', 'pull', 'log-driver', 'log-opt', 'tmpfs', 'ulimit', 'shm-size', 'gpus', 'cgroupns', 'cidfile', 'stop-signal', 'stop-timeout', 'health-cmd', 'a', 'attach', 'expose', 'link', 'volumes-from', 'runtime', 'group-add', 'cpu-shares', 'memory-swap', 'pids-limit', 'sysctl'];
const READ = new Set(['ps', 'images', 'inspect', 'logs', 'version', 'info', 'stats', 'top', 'port', 'diff', 'history', 'search', 'events', 'help']);
const READ_SUB: Record<string, RegExp> = {
  network: /^(ls|list|inspect)$/, volume: /^(ls|list|inspect)$/, image: /^(ls|list|inspect|history)$/, container: /^(ls|list|ps|inspect|logs|top|port|diff|stats)$/,
  context: /^(ls|list|inspect|show)$/, system: /^(df|info|events)$/, compose: /^(ps|logs|config|ls|top|images|version|port)$/, buildx: /^(ls|inspect|version|du)$/, node: /^(ls|inspect|ps)$/, service: /^(ls|inspect|logs|ps)$/, secret: /^(ls)$/, manifest: /^(inspect)$/,
};

function runFlags(args: Parameters<FamilyRule>[1], part: string): Reason[] {
  const f = parseFlags(args, { withValue: RUN_VALUE, stopAtPositional: true });
  const out: Reason[] = [];
  const volumes = [...f.all('v', 'volume'), ...f.all('mount').map((m) => (/(?:source|src)=([^,]+)/.exec(m)?.[1] ?? '') + ':')];
  const rootMount = volumes.some((v) => /^\/+(:|$)/.test(v) || /^\/+\.?:/.test(v));
  const sockMount = volumes.some((v) => /docker\.sock|podman\.sock|containerd\.sock/.test(v));
  const privileged = f.has('privileged') || f.all('cap-add').some((c) => /^(ALL|SYS_ADMIN|SYS_MODULE|SYS_PTRACE|DAC_READ_SEARCH)$/i.test(c)) || f.all('security-opt').some((s) => /unconfined|label[:=]disable/.test(s)) || f.all('pid', 'ipc', 'userns', 'uts', 'cgroupns').some((v) => v === 'host') || f.all('device').length > 0;
  const hostPid = f.all('pid').includes('host');
  if ((rootMount || sockMount || hostPid) && (f.has('privileged') || f.all('cap-add').some((c) => /^(ALL|SYS_ADMIN|SYS_PTRACE)$/i.test(c)))) {
    out.push(deny('docker.host-takeover', { en: '{part} mounts the host root or engine socket into a privileged container (full host control)', fr: "{part} monte la racine de l'hôte ou la socket du moteur dans un conteneur privilégié (contrôle total de l'hôte)" }, part));
  }
  if (rootMount) out.push(confirm('docker.host-mount', { en: 'mounts the host root filesystem into the container', fr: "monte la racine de l'hôte dans le conteneur" }, volumes.find((v) => /^\/+\.?(:|$)/.test(v))));
  if (sockMount) out.push(confirm('docker.socket-mount', { en: 'gives the container control of the container engine', fr: 'donne au conteneur le contrôle du moteur de conteneurs' }, volumes.find((v) => /\.sock/.test(v))));
  if (privileged) out.push(confirm('docker.privileged', { en: 'runs a privileged container (host devices, capabilities or namespaces)', fr: "lance un conteneur privilégié (périphériques, capacités ou espaces de noms de l'hôte)" }, '--privileged'));
  if (f.all('network', 'net').includes('host')) out.push(confirm('docker.host-network', { en: "shares the host's network", fr: "partage le réseau de l'hôte" }, '--network host'));
  return out;
}

const docker: FamilyRule = (name, args) => {
  const g = parseFlags(args, { withValue: GLOBAL_VALUE, stopAtPositional: true });
  const verb = g.positionals[0]?.text ?? '';
  const rest = g.positionals.slice(1);
  const sub = rest[0]?.text ?? '';
  const part = `${name} ${verb}${READ_SUB[verb] ? ` ${sub}` : ''}`.trim();
  const read = () => [allow('docker.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  if (!verb || g.has('version', 'v', 'help')) return read();
  if (READ.has(verb)) return read();
  if (READ_SUB[verb] && READ_SUB[verb].test(sub)) return read();
  if (verb === 'run' || verb === 'create' || (verb === 'container' && /^(run|create)$/.test(sub))) {
    return [confirm('docker.run', { en: '{part} starts a container', fr: '{part} démarre un conteneur' }, part), ...runFlags(verb === 'container' ? rest.slice(1) : rest, part)];
  }
  if (verb === 'exec') return [confirm('docker.exec', { en: '{part} runs a command in a container', fr: '{part} exécute une commande dans un conteneur' }, part), ...runFlags(rest, part).filter((r) => r.rule === 'docker.privileged')];
  if (/^(rm|rmi|kill|stop|prune|down)$/.test(verb) || /^(rm|prune|kill|stop|down)$/.test(sub)) return [confirm('docker.delete', { en: '{part} stops or deletes containers, images or data', fr: '{part} arrête ou supprime des conteneurs, images ou données' }, part.endsWith(` ${sub}`) || !sub ? part : `${part} ${sub}`)];
  return [confirm('docker.change', { en: '{part} changes containers, images or registries', fr: '{part} modifie des conteneurs, images ou registres' }, part)];
};

export const CONTAINER_RULES: Record<string, FamilyRule> = {
  docker,
  podman: docker,
  nerdctl: docker,
  'docker-compose': (name, args, ctx) => docker('docker', [literalArg('compose'), ...args], ctx).map((r) => ({ ...r, part: r.part?.replace(/^docker compose/, name) })),
  'podman-compose': (name, args, ctx) => docker('podman', [literalArg('compose'), ...args], ctx),
};
