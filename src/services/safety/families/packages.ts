/** Package managers: queries allowed; installs, removals and upgrades confirmed; removing the system itself denied. */
import type { FamilyRule } from '../context.js';
import { allow, confirm, deny } from '../reason.js';

const ESSENTIAL = /^(libc6|libc-bin|glibc|coreutils|bash|dpkg|apt|systemd|sudo|openssh-server|linux-image.*|kernel|base-files|util-linux|login|passwd|init|rpm|dnf|yum|python3)$/;

interface Manager {
  read: RegExp;
  remove: RegExp;
}

const MANAGERS: Record<string, Manager> = {
  apt: { read: /^(list|search|show|policy|depends|rdepends|changelog|madison|showsrc|help|moo)$/, remove: /^(remove|purge|autoremove)$/ },
  'apt-get': { read: /^(check|changelog|source|help|download)$/, remove: /^(remove|purge|autoremove)$/ },
  'apt-cache': { read: /./, remove: /^$/ },
  dpkg: { read: /^(-l|--list|-L|--listfiles|-s|--status|-S|--search|-p|--print-avail|--get-selections|-c|--contents|-I|--info|--print-architecture|--version)$/, remove: /^(-r|--remove|-P|--purge)$/ },
  'dpkg-query': { read: /./, remove: /^$/ },
  dnf: { read: /^(list|search|info|repolist|provides|check-update|history|repoquery|deplist|help|updateinfo)$/, remove: /^(remove|erase|autoremove)$/ },
  yum: { read: /^(list|search|info|repolist|provides|check-update|history|deplist|help|updateinfo)$/, remove: /^(remove|erase|autoremove)$/ },
  rpm: { read: /^(-q[a-zA-Z]*|--query|-V|--verify|--version)$/, remove: /^(-e|--erase)$/ },
  zypper: { read: /^(search|se|info|if|list-updates|lu|repos|lr|packages|pa|patches|help)$/, remove: /^(remove|rm)$/ },
  apk: { read: /^(info|search|list|policy|stats|version|dot)$/, remove: /^(del|delete)$/ },
  pacman: { read: /^-(Q|S[si]|F)[a-z]*$/, remove: /^-R[a-z]*$/ },
  brew: { read: /^(list|ls|search|info|outdated|deps|uses|config|doctor|leaves|--version|help)$/, remove: /^(uninstall|remove|rm|cleanup)$/ },
  snap: { read: /^(list|find|info|version|services|changes|connections)$/, remove: /^(remove)$/ },
  flatpak: { read: /^(list|search|info|remotes)$/, remove: /^(uninstall|remove)$/ },
  pip: { read: /^(list|show|freeze|search|check|--version|-V|help|index|inspect|config|debug|hash)$/, remove: /^(uninstall)$/ },
  npm: { read: /^(ls|list|ll|la|view|info|show|v|outdated|search|s|audit|doctor|config|get|prefix|root|bin|whoami|help|--version|-v|explain|why|fund|query|pkg)$/, remove: /^(uninstall|un|remove|rm|r|prune)$/ },
  yarn: { read: /^(list|info|why|outdated|audit|config|--version|-v|help)$/, remove: /^(remove)$/ },
  pnpm: { read: /^(list|ls|ll|why|outdated|audit|view|info|--version|-v|help)$/, remove: /^(remove|rm|uninstall|un|prune)$/ },
  gem: { read: /^(list|search|info|query|specification|contents|dependency|environment|help|outdated|which)$/, remove: /^(uninstall|cleanup)$/ },
  cargo: { read: /^(search|tree|metadata|--version|version|help|check|locate-project|pkgid|verify-project)$/, remove: /^(uninstall|clean)$/ },
  go: { read: /^(version|env|list|doc|vet|help)$/, remove: /^(clean)$/ },
};
MANAGERS.pip3 = MANAGERS.pip;
MANAGERS.pipx = { read: /^(list|environment|--version)$/, remove: /^(uninstall|uninstall-all)$/ };

const manager: FamilyRule = (name, args) => {
  const m = MANAGERS[name];
  const words = args.map((a) => a.text);
  const verb = ['dpkg', 'rpm', 'pacman'].includes(name) ? words.find((w) => w.startsWith('-')) ?? '' : words.find((w) => !w.startsWith('-')) ?? words[0] ?? '';
  const part = `${name} ${verb}`.trim();
  if (!verb || words.includes('--version') || words.includes('--help')) return [allow('packages.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  if (m.read.test(verb)) {
    // Configuration decides where code comes from and what runs at install (registry, index-url, GOPROXY, scripts.*).
    const sub = words.filter((w) => !w.startsWith('-'))[1] ?? '';
    if ((verb === 'config' || verb === 'pkg') && /^(set|delete|edit|unset|fix|add|rm|remove)$/.test(sub)) return [confirm('packages.config', { en: '{part} changes the package manager configuration (where code comes from, what runs at install)', fr: "{part} modifie la configuration du gestionnaire de paquets (d'où vient le code, ce qui s'exécute à l'installation)" }, `${part} ${sub}`)];
    if (name === 'go' && verb === 'env' && words.some((w) => /^-(w|u)$/.test(w))) return [confirm('packages.config', { en: '{part} changes Go settings (GOPROXY, GOFLAGS...)', fr: '{part} modifie les réglages Go (GOPROXY, GOFLAGS...)' }, `${part} ${words.find((w) => /^-(w|u)$/.test(w))}`)];
    if (name === 'go' && verb === 'vet' && words.some((w) => /^-+vettool/.test(w))) return [confirm('exec.program-option', { en: '{part} runs the program given by -vettool', fr: '{part} exécute le programme donné par -vettool' }, `${part} -vettool`)];
    if (name === 'cargo' && verb === 'check') return [confirm('packages.build', { en: '{part} compiles the project and runs its build scripts', fr: '{part} compile le projet et exécute ses scripts de construction' }, part)];
    if (/^(npm|pnpm|yarn|brew|pip|pip3|go)$/.test(name) && /^(outdated|search|s|audit|doctor|view|info|show|index|list-updates)$/.test(verb) && !(name === 'pip' && verb === 'show') && !(name === 'pip3' && verb === 'show')) return [confirm('net.request', { en: '{part} contacts the package registry', fr: '{part} contacte le registre de paquets' }, part)];
    if (name === 'npm' && verb === 'audit' && words.includes('fix')) return [confirm('packages.change', { en: '{part} installs fixed versions', fr: '{part} installe des versions corrigées' }, part)];
    return [allow('packages.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  }
  if (m.remove.test(verb)) {
    const pkgs = words.filter((w) => !w.startsWith('-') && w !== verb);
    const essential = pkgs.filter((p) => ESSENTIAL.test(p));
    if (essential.length && !['npm', 'yarn', 'pnpm', 'pip', 'pip3', 'pipx', 'gem', 'cargo', 'go', 'brew'].includes(name)) {
      return [deny('packages.remove-essential', { en: '{part} removes packages the system needs to boot or log in', fr: '{part} supprime des paquets indispensables au démarrage ou à la connexion' }, `${part} ${essential.join(' ')}`)];
    }
    return [confirm('packages.remove', { en: '{part} removes packages', fr: '{part} supprime des paquets' }, part)];
  }
  return [confirm('packages.change', { en: '{part} installs, upgrades or changes packages', fr: '{part} installe, met à jour ou modifie des paquets' }, part)];
};

const runner: FamilyRule = (name, args) => [confirm('packages.run-remote', { en: '{part} downloads and runs a package', fr: '{part} télécharge et exécute un paquet' }, `${name} ${args[0]?.raw ?? ''}`.trim())];

export const PACKAGE_RULES: Record<string, FamilyRule> = { npx: runner, pnpx: runner, bunx: runner, uvx: runner, 'pipx-run': runner };
for (const name of Object.keys(MANAGERS)) PACKAGE_RULES[name] = manager;
