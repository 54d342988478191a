/**
 * The host view: a sandbox has its own PID and network namespaces, so `ps` or `ss` inside would
 * report an empty world and succeed. Lines made only of read-only inspectors (and text filters)
 * get a read-only view of the host - never its namespaces: the host's /proc bound read-only into
 * the sandbox's own PID namespace (they list host processes; kill, pidfd and /proc/PID/mem cannot
 * reach one), and for socket listers the host's network namespace with a seccomp filter that
 * allows only netlink listing sockets (nothing can connect or listen). Any other line stays fully
 * isolated and gets a note saying what it cannot see. Since the view confers no power over the
 * host, awk and sed may stay in the line (their system()/e commands are split out by the validator
 * anyway, which then isolates the line).
 */
import path from 'node:path';
import { defineMessages } from '../../core/i18n.js';
import type { ValidationResult } from '../safety/types.js';

const m = defineMessages({
  en: {
    isolated: 'note: the sandbox has its own process and network view; what {tools} report here is the sandbox, not the host (--no-sandbox shows the host, after a confirmation)',
    bus: 'note: {tools} cannot reach systemd from the sandbox (--no-sandbox shows the host, after a confirmation)',
  },
  fr: {
    isolated: "remarque : le bac à sable a sa propre vue des processus et du réseau ; ce que {tools} affiche ici est le bac à sable, pas l'hôte (--no-sandbox montre l'hôte, après confirmation)",
    bus: "remarque : {tools} ne peut pas joindre systemd depuis le bac à sable (--no-sandbox montre l'hôte, après confirmation)",
  },
});

/** What of the host a run may see, read-only: its process table, its sockets. */
export interface HostView {
  processes: boolean;
  network: boolean;
}

/** Programs that only read the process table (never signal, never write). */
const PROCESS_INSPECTORS = new Set(['ps', 'pgrep', 'pidof', 'top', 'htop', 'pstree', 'w', 'uptime', 'free', 'who', 'vmstat', 'lsof']);
/** Inspectors whose figures are host-wide even in a new PID namespace (they read /proc/meminfo, utmp...). */
const HOST_WIDE = new Set(['uptime', 'free', 'who', 'vmstat']);
/** Programs that list sockets and interfaces: they need the host's network namespace. */
const SOCKET_LISTERS = new Set(['ss', 'netstat', 'ip']);
/**
 * Text filters. awk and sed qualify because the validator turns what their programs run or read
 * (system(), print | "sh", sed's e, getline < FILE) into commands of their own, which then are not
 * inspectors (xargs X is likewise judged as X).
 */
const FILTERS = new Set(['grep', 'egrep', 'fgrep', 'head', 'tail', 'sort', 'uniq', 'wc', 'cut', 'tr', 'column', 'nl', 'cat', 'echo', 'true', 'awk', 'gawk', 'mawk', 'sed']);
/** `ip` subcommands and verbs that only show. */
const IP_OBJECTS = /^(a|ad|add|addr|addre|addres|address|l|li|lin|link|r|ro|rou|rout|route|n|ne|nei|neig|neigh|neighbor|neighbour|rule|ru|maddr|maddress|tunnel)$/;
const IP_VERBS = /^(show|sh|list|ls|lst|l|get)$/;
/** Programs talking to systemd over its (masked) sockets. */
const SYSTEMD_CLIENTS = new Set(['systemctl', 'loginctl', 'hostnamectl', 'timedatectl', 'busctl']);

function name(argv: readonly string[]): string {
  return path.posix.basename(argv[0] ?? '');
}

/** What an inspector needs: the process table, the network namespace too, or nothing (not an inspector). */
function needs(argv: readonly string[]): 'processes' | 'network' | undefined {
  const n = name(argv);
  const args = argv.slice(1);
  if (n === 'ps') return args.some((a) => !a.startsWith('-') && /e/.test(a)) ? undefined : 'processes'; // BSD `e` prints environments
  if (n === 'top') return args.some((a) => /^-[a-zA-Z]*b/.test(a)) ? 'processes' : undefined;
  if (n === 'lsof') return args.some((a) => /^-[a-zA-Z]*i/.test(a)) ? 'network' : 'processes';
  if (n === 'ip') {
    const words = args.filter((a) => !a.startsWith('-'));
    if (!words.length) return undefined;
    if (!IP_OBJECTS.test(words[0]!) || (words[1] !== undefined && !IP_VERBS.test(words[1]))) return undefined;
    return 'network';
  }
  if (SOCKET_LISTERS.has(n)) return 'network';
  if (PROCESS_INSPECTORS.has(n)) return 'processes';
  return undefined;
}

/** A filter that only reads its input (no file argument under /proc, where other processes' environments live). */
function isFilter(argv: readonly string[]): boolean {
  return FILTERS.has(name(argv)) && !argv.slice(1).some((a) => a.includes('/proc') || a === '/');
}

/** What of the host a validated line may see: only when it is allowed and made only of inspectors and filters. */
export function hostViewFor(v: Pick<ValidationResult, 'verdict' | 'commands'>): HostView {
  const none = { processes: false, network: false };
  if (v.verdict !== 'allow' || !v.commands.length) return none;
  let network = false;
  let any = false;
  for (const c of v.commands) {
    const need = needs(c.argv);
    if (need) {
      any = true;
      if (need === 'network') network = true;
    } else if (!isFilter(c.argv)) return none;
  }
  return any ? { processes: true, network } : none;
}

/** One note when an isolated line runs host inspectors (ps, ss, systemctl...) that would see an empty world. */
export function hostViewNote(v: Pick<ValidationResult, 'commands'>, view: HostView): string | undefined {
  const names = [...new Set(v.commands.map((c) => name(c.argv)))];
  const bus = names.filter((n) => SYSTEMD_CLIENTS.has(n));
  if (bus.length) return m('bus', { tools: bus.join(', ') });
  if (view.processes) return undefined;
  const blind = names.filter((n) => (PROCESS_INSPECTORS.has(n) && !HOST_WIDE.has(n)) || SOCKET_LISTERS.has(n));
  return blind.length ? m('isolated', { tools: blind.join(', ') }) : undefined;
}
