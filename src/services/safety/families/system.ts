/** System administration: power, services, logs, processes, users, firewall, scheduling, kernel. */
import type { FamilyRule } from '../context.js';
import { parseFlags } from '../flags.js';
import { allow, confirm, deny } from '../reason.js';
import { readOnly } from '../targets.js';

const power: FamilyRule = (name, args) => {
  if (name === 'shutdown' && args.some((a) => a.text === '-c')) return [confirm('system.power', { en: 'cancels a scheduled shutdown', fr: "annule un arrêt programmé" }, 'shutdown -c')];
  return [deny('system.power', { en: '{part} shuts down or restarts the machine', fr: '{part} arrête ou redémarre la machine' }, name)];
};

const init: FamilyRule = (name, args, ctx) => {
  if (/^[0-6sS]$/.test(args[0]?.text ?? '') || name === 'telinit') return power(name, args, ctx);
  return [confirm('unknown.command', { en: '{part} is not a known command', fr: "{part} n'est pas une commande connue" }, name)];
};

const SYSTEMCTL_READ = new Set(['status', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'list-units', 'list-unit-files', 'list-timers', 'list-sockets', 'list-dependencies', 'list-jobs', 'list-machines', 'show', 'cat', 'get-default', 'help', 'show-environment']);
const SYSTEMCTL_POWER = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'suspend', 'hibernate', 'hybrid-sleep', 'suspend-then-hibernate', 'emergency', 'rescue', 'soft-reboot', 'default']);

const systemctl: FamilyRule = (name, args) => {
  const f = parseFlags(args, { withValue: ['H', 'host', 'M', 'machine', 't', 'type', 'p', 'property', 'o', 'output', 'n', 'lines', 's', 'signal', 'state', 'root', 'kill-whom'] });
  const verb = f.positionals[0]?.text ?? 'list-units';
  if (SYSTEMCTL_POWER.has(verb)) return [deny('system.power', { en: '{part} shuts down, restarts or isolates the machine', fr: '{part} arrête, redémarre ou isole la machine' }, `${name} ${verb}`)];
  if (verb === 'isolate' && f.positionals.some((p) => /^(poweroff|reboot|halt|rescue|emergency|kexec)(\.target)?$/.test(p.text))) return [deny('system.power', { en: '{part} stops the system', fr: '{part} arrête le système' }, `${name} isolate`)];
  if (SYSTEMCTL_READ.has(verb) || f.has('failed', 'version')) return [readOnly(`${name} ${verb}`)];
  if (/^(stop|disable|mask|kill)$/.test(verb) && f.positionals.some((p) => /^(sshd?|systemd-journald|auditd|rsyslog|syslog|sshd\.socket|ssh\.service|sshd\.service|systemd-journald\.service|auditd\.service)$/.test(p.text))) {
    return [deny('logs.disable', { en: '{part} stops logging or remote access', fr: "{part} arrête la journalisation ou l'accès distant" }, f.positionals.map((p) => p.raw).join(' '))];
  }
  return [confirm('systemctl.change', { en: '{part} changes the state of services', fr: "{part} change l'état de services" }, `${name} ${verb}`)];
};

const service: FamilyRule = (name, args) => {
  const action = args[1]?.text;
  if (!args.length || args[0].text === '--status-all' || action === 'status') return [readOnly(`${name} ${args.map((a) => a.raw).join(' ')}`.trim())];
  return [confirm('systemctl.change', { en: '{part} changes the state of a service', fr: "{part} change l'état d'un service" }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
};

const journalctl: FamilyRule = (name, args) => {
  const f = parseFlags(args, { withValue: ['u', 'unit', 'n', 'lines', 'p', 'priority', 'S', 'since', 'U', 'until', 'o', 'output', 't', 'identifier', 'b', 'boot', 'D', 'directory', 'g', 'grep', 'vacuum-size', 'vacuum-time', 'vacuum-files', 'M', 'machine', 'F', 'field', '_PID'] });
  if (f.has('vacuum-size', 'vacuum-time', 'vacuum-files', 'rotate', 'flush', 'sync', 'relinquish-var', 'smart-relinquish-var')) {
    const time = f.value('vacuum-time');
    const size = f.value('vacuum-size');
    if ((time && /^\d+(s|sec|min|m|h)?$/.test(time)) || (size && /^\d+[KkB]?$/.test(size)) || f.value('vacuum-files') === '1') {
      return [deny('logs.wipe', { en: '{part} deletes almost all of the journal', fr: '{part} supprime presque tout le journal' }, args.map((a) => a.raw).join(' '))];
    }
    return [confirm('logs.vacuum', { en: '{part} deletes old journal files', fr: '{part} supprime d’anciens fichiers du journal' }, name)];
  }
  return [readOnly(name)];
};

const history: FamilyRule = (name, args) => {
  if (args.some((a) => /^-[a-zA-Z]*[cdwrpsan]/.test(a.text))) return [deny('history.wipe', { en: '{part} clears or rewrites shell history', fr: "{part} efface ou réécrit l'historique" }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
  return [readOnly(name)];
};

const unset: FamilyRule = (name, args) => {
  const hist = args.filter((a) => /^HIST/.test(a.text));
  if (hist.length) return [deny('history.wipe', { en: '{part} turns shell history off', fr: "{part} désactive l'historique du shell" }, `${name} ${hist.map((a) => a.raw).join(' ')}`)];
  return [allow('shell.variables', { en: '{part} only changes shell variables', fr: '{part} ne change que des variables du shell' }, name)];
};

const setBuiltin: FamilyRule = (name, args) => {
  const joined = args.map((a) => a.text).join(' ');
  if (!args.length) return [confirm('creds.env', { en: '{part} prints every shell variable, secrets included', fr: '{part} affiche toutes les variables du shell, secrets compris' }, name)];
  if (/(^|\s)(-[a-zA-Z]*a|-o\s+allexport)(\s|$)/.test(joined)) return [confirm('env.unknown', { en: '{part} exports every later assignment to the programs run', fr: '{part} exporte toutes les affectations suivantes vers les programmes lancés' }, `${name} ${joined}`)];
  if (/\+o\s+history/.test(joined)) return [deny('history.wipe', { en: '{part} turns shell history off', fr: "{part} désactive l'historique du shell" }, `${name} ${joined}`)];
  return [allow('shell.options', { en: '{part} only changes shell options', fr: '{part} ne change que des options du shell' }, name)];
};

const kill: FamilyRule = (name, args) => {
  if (args.some((a) => a.text === '-l' || a.text === '-L' || a.text === '--list')) return [readOnly(name)];
  const targets = args.filter((a) => !/^-[A-Za-z0-9]+$/.test(a.text) || /^-1$/.test(a.text));
  const sigIdx = args.findIndex((a) => a.text === '-s' || a.text === '-n');
  const real = targets.filter((_, i) => sigIdx < 0 || args.indexOf(targets[i]) !== sigIdx + 1);
  if (name === 'kill' && real.some((a) => a.text === '1' || a.text === '-1' || a.text === '0')) return [deny('system.kill-all', { en: '{part} kills init or every process', fr: '{part} tue init ou tous les processus' }, args.map((a) => a.raw).join(' '))];
  // Every process (pkill -f ., -u root) or a service the machine cannot lose (sshd, containerd, the API server).
  const targetsText = args.map((a) => a.raw).join(' ');
  if ((name === 'pkill' || name === 'killall') && args.some((a) => /^(\.|\.\*|\^|\$|-u|--user|-U)$/.test(a.text))) return [deny('system.kill-all', { en: '{part} kills every process matching everything or a whole user', fr: '{part} tue tous les processus, ou tous ceux d’un utilisateur' }, `${name} ${targetsText}`)];
  if (/\b(sshd|systemd|init|containerd|dockerd|kubelet|kube-apiserver|etcd|journald|auditd)\b/.test(targetsText)) return [deny('system.kill-all', { en: '{part} kills a service the machine depends on', fr: '{part} tue un service dont la machine dépend' }, `${name} ${targetsText}`)];
  if (args.some((a) => /\/proc\/\[0-9\]|\$\{?p#\/proc/.test(a.raw))) return [deny('system.kill-all', { en: '{part} kills every process', fr: '{part} tue tous les processus' }, `${name} ${targetsText}`)];
  if (name === 'killall5') return [deny('system.kill-all', { en: '{part} kills every process', fr: '{part} tue tous les processus' }, name)];
  return [confirm('process.kill', { en: '{part} stops processes', fr: '{part} arrête des processus' }, name)];
};

const crontab: FamilyRule = (name, args) => {
  if (args.some((a) => a.text === '-l')) return [readOnly(`${name} -l`)];
  if (args.some((a) => a.text === '-r')) return [confirm('system.crontab', { en: 'removes your crontab', fr: 'supprime votre crontab' }, `${name} -r`)];
  return [confirm('system.crontab', { en: '{part} replaces scheduled jobs', fr: '{part} remplace les tâches planifiées' }, name)];
};

const users: FamilyRule = (name, args, ctx) => {
  const joined = args.map((a) => a.text).join(' ');
  if (/(^|\s)-(o|-non-unique)\b/.test(joined) || /(^|\s)(-u|--uid)\s*0\b/.test(joined) || /(-a?G|--groups)\s*\S*\b(sudo|wheel|root|admin|docker|adm)\b/.test(joined)) {
    return [deny('priv.grant', { en: '{part} grants root or admin rights', fr: '{part} accorde des droits root ou administrateur' }, `${name} ${joined}`)];
  }
  if (name === 'passwd' && args.some((a) => /^-[a-zA-Z]*S/.test(a.text))) return [readOnly(`${name} -S`)];
  if (name === 'passwd' && args.some((a) => /^(-[a-zA-Z]*d|--delete)$/.test(a.text))) return [deny('priv.grant', { en: '{part} removes a password (anyone can log in)', fr: '{part} supprime un mot de passe (tout le monde peut se connecter)' }, `${name} ${joined}`)];
  if (name === 'chpasswd' && ctx.cmd.upstream.some((u) => u.argv.slice(1).some((a) => /(^|\s)root:/.test(a.text)))) return [deny('priv.grant', { en: '{part} sets the root password', fr: '{part} définit le mot de passe root' }, name)];
  return [confirm('system.users', { en: '{part} changes users, groups or passwords', fr: '{part} modifie des utilisateurs, groupes ou mots de passe' }, name)];
};

/** Options and verbs that change rules, counters or policies (a listing flag elsewhere on the line does not make them read-only). */
const FIREWALL_CHANGE = /^(-[a-zA-Z]*[AIDRFXNPZE][a-zA-Z]*|--(append|insert|delete|replace|flush|delete-chain|new-chain|new|policy|zero|rename-chain|add[\w-]*|remove[\w-]*|set[\w-]*|reload|complete-reload|permanent|change[\w-]*|panic[\w-]*|runtime-to-permanent)(=.*)?|add|delete|insert|replace|flush|create|destroy|rename|reset|import|enable|disable|allow|deny|reject|limit|reload|default|logging|route|-f)$/;

const firewall: FamilyRule = (name, args) => {
  const joined = args.map((a) => a.text).join(' ');
  const change = args.filter((a) => FIREWALL_CHANGE.test(a.text) && !(a.text === '-n' || a.text === '-nL'));
  if (change.length || args.some((a) => a.dynamic)) return [confirm('system.firewall', { en: '{part} changes firewall rules', fr: '{part} modifie les règles du pare-feu' }, `${name} ${joined}`)];
  if (/^(-L|-S|--list|-nL|-nvL|-vnL|-L\s)|(^|\s)(-L|--list|-S|--list-rules)(\s|$)|^(status|list|show)/.test(joined) || (name === 'nft' && /^list\b/.test(joined)) || (name === 'ufw' && /^status/.test(joined)) || (name === 'firewall-cmd' && /--(list|get|query|state)/.test(joined))) return [readOnly(name)];
  return [confirm('system.firewall', { en: '{part} changes firewall rules', fr: '{part} modifie les règles du pare-feu' }, `${name} ${joined}`)];
};

const kernel: FamilyRule = (name, args) => {
  if (name === 'sysctl' && !args.some((a) => a.text.includes('=') || a.text === '-w' || a.text === '-p' || a.text === '--system' || a.text === '--load')) return [readOnly(name)];
  if (name === 'lsmod' || (name === 'modinfo')) return [readOnly(name)];
  if (name === 'setenforce' || name === 'aa-disable' || name === 'aa-teardown') return [confirm('system.security-off', { en: '{part} weakens the mandatory access control', fr: "{part} affaiblit le contrôle d'accès obligatoire" }, name)];
  return [confirm('system.kernel', { en: '{part} changes kernel settings or modules', fr: '{part} modifie des réglages ou modules du noyau' }, name)];
};

const setcap: FamilyRule = (name, args) => {
  if (name === 'getcap') return [readOnly(name)];
  return [deny('priv.setcap', { en: '{part} gives a program kernel privileges', fr: '{part} donne des privilèges noyau à un programme' }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
};

const visudo: FamilyRule = (name, args) => {
  if (args.some((a) => a.text === '-c')) return [readOnly(`${name} -c`)];
  return [deny('fs.write-etc', { en: '{part} edits the sudoers rules', fr: '{part} modifie les règles sudoers' }, name)];
};

const logrotate: FamilyRule = (name, args) => {
  if (args.some((a) => a.text === '-d' || a.text === '--debug')) return [readOnly(name)];
  return [confirm('logs.rotate', { en: '{part} rotates logs', fr: '{part} fait tourner les journaux' }, name)];
};

export const SYSTEM_RULES: Record<string, FamilyRule> = {
  shutdown: power,
  reboot: power,
  halt: power,
  poweroff: power,
  telinit: init,
  init,
  systemctl,
  service,
  journalctl,
  history,
  unset,
  set: setBuiltin,
  kill,
  killall: kill,
  killall5: kill,
  pkill: kill,
  crontab,
  useradd: users,
  usermod: users,
  userdel: users,
  groupadd: users,
  groupmod: users,
  gpasswd: users,
  passwd: users,
  chpasswd: users,
  adduser: users,
  deluser: users,
  iptables: firewall,
  ip6tables: firewall,
  nft: firewall,
  ufw: firewall,
  'firewall-cmd': firewall,
  sysctl: kernel,
  modprobe: kernel,
  insmod: kernel,
  rmmod: kernel,
  lsmod: kernel,
  modinfo: kernel,
  setenforce: kernel,
  'aa-disable': kernel,
  'aa-teardown': kernel,
  setcap,
  getcap: setcap,
  visudo,
  logrotate,
};

