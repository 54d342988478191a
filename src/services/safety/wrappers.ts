/**
 * Wrappers run another command: sudo, env, timeout, nice, nohup, xargs, command, builtin, exec,
 * time, watch, flock, stdbuf... Each is unwrapped so that what it runs is judged, never the wrapper.
 */
import type { JudgeContext } from './context.js';
import { parseFlags } from './flags.js';
import { allow, confirm, deny } from './reason.js';
import type { Reason } from './types.js';
import { judgeWriteTarget } from './targets.js';
import { literalArg, type Arg } from './words.js';

interface Unwrapped {
  reasons: Reason[];
  inner?: Arg[];
  dynamicArgs?: boolean;
  /** Shell code to validate (env -S, watch, flock -c). */
  code?: { text: string; part: string };
}

type Unwrapper = (name: string, args: Arg[], ctx: JudgeContext) => Unwrapped;

/** Skips leading options (with the given value-taking ones) and returns the rest. */
function afterOptions(args: Arg[], withValue: readonly string[], opts: { positionalsToSkip?: number } = {}): Arg[] {
  const wv = new Set(withValue);
  let i = 0;
  for (; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') {
      i++;
      break;
    }
    if (!t.startsWith('-') || t === '-' || args[i].dynamicStart) break;
    if (t.startsWith('--')) {
      if (!t.includes('=') && wv.has(t.slice(2))) i++;
      continue;
    }
    const letters = t.slice(1);
    // A value-taking letter last in the group takes the next word (-n 5); earlier, the rest is its value (-n5).
    if ([...letters].findIndex((c) => wv.has(c)) === letters.length - 1) i++;
  }
  return args.slice(i + (opts.positionalsToSkip ?? 0));
}

const simple = (withValue: readonly string[] = [], skip = 0): Unwrapper => (_n, args) => ({ reasons: [], inner: afterOptions(args, withValue, { positionalsToSkip: skip }) });

/** A wrapper whose -o/--output names a file it writes (time -o FILE, strace -o FILE). */
function withOutputFile(withValue: readonly string[], outputs: readonly string[]): Unwrapper {
  return (_n, args, ctx) => {
    const options = args.slice(0, args.length - afterOptions(args, withValue).length);
    const f = parseFlags(options, { withValue });
    return { reasons: f.all(...outputs).flatMap((o) => judgeWriteTarget(literalArg(o), ctx.home)), inner: afterOptions(args, withValue) };
  };
}

/** strace/ltrace: -o writes a file; -p attaches to a running process and reads what it reads and writes (passwords typed into sshd). */
function tracer(withValue: readonly string[]): Unwrapper {
  const base = withOutputFile(withValue, ['o', 'output']);
  return (name, args, ctx) => {
    const u = base(name, args, ctx);
    const f = parseFlags(args.slice(0, args.length - (u.inner?.length ?? 0)), { withValue });
    if (f.has('p', 'attach')) u.reasons.push(confirm('priv.ptrace', { en: '{part} attaches to a running process and sees its memory and data', fr: '{part} s’attache à un processus en cours et voit sa mémoire et ses données' }, `${name} -p`));
    return u;
  };
}

const sudo: Unwrapper = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['u', 'user', 'g', 'group', 'C', 'close-from', 'D', 'chdir', 'h', 'host', 'p', 'prompt', 'r', 'role', 't', 'type', 'U', 'other-user', 'T', 'command-timeout', 'R', 'chroot'], stopAtPositional: true });
  if (f.has('i', 'login', 's', 'shell')) return { reasons: [deny('priv.root-shell', { en: '{part} opens a root shell', fr: '{part} ouvre un shell root' }, `${name} ${args[0]?.raw ?? ''}`.trim())] };
  if (f.has('l', 'list', 'v', 'validate', 'k', 'K', 'reset-timestamp', 'remove-timestamp', 'V', 'version') && !f.positionals.length) {
    return { reasons: [allow('priv.sudo-info', { en: '{part} only shows or resets sudo rights', fr: '{part} ne fait qu’afficher ou réinitialiser les droits sudo' }, name)] };
  }
  if (f.has('e', 'edit') || name === 'sudoedit') return { reasons: f.positionals.map((p) => deny('priv.sudo-edit', { en: 'edits a file as root: {part}', fr: 'modifie un fichier en root : {part}' }, p.raw)) };
  const first = f.positionals[0]?.text.split('/').pop() ?? '';
  if (/^(su|bash|sh|zsh|dash|ksh|fish|csh|tcsh)$/.test(first) && !f.positionals.slice(1).some((p) => /^-[a-zA-Z]*c$/.test(p.text))) {
    return { reasons: [deny('priv.root-shell', { en: '{part} opens a root shell', fr: '{part} ouvre un shell root' }, `${name} ${f.positionals.map((p) => p.raw).join(' ')}`)] };
  }
  const reasons = [confirm('priv.sudo', { en: '{part} runs the command as another user (root by default)', fr: '{part} exécute la commande sous un autre utilisateur (root par défaut)' }, name)];
  // sudo VAR=value cmd: the assignments apply to cmd.
  let i = 0;
  for (; i < f.positionals.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(f.positionals[i].text); i++) {
    const a = f.positionals[i];
    const eq = a.text.indexOf('=');
    reasons.push(...judgeAssignment(a.text.slice(0, eq), { ...a, text: a.text.slice(eq + 1), raw: a.raw.slice(a.raw.indexOf('=') + 1) }, ctx));
  }
  const inner = f.positionals.slice(i);
  const shell = inner[0]?.text.split('/').pop() ?? '';
  if (i > 0 && /^(su|bash|sh|zsh|dash|ksh|fish)$/.test(shell) && !inner.slice(1).some((p) => /^-[a-zA-Z]*c$/.test(p.text))) {
    return { reasons: [deny('priv.root-shell', { en: '{part} opens a root shell', fr: '{part} ouvre un shell root' }, `${name} ${inner.map((p) => p.raw).join(' ')}`)] };
  }
  return { reasons, inner: inner.length ? inner : undefined };
};

const env: Unwrapper = (name, args, ctx) => {
  const reasons: Reason[] = [];
  let i = 0;
  const withValue = new Set(['u', 'unset', 'C', 'chdir', 'P', 'S', 'split-string', 'a', 'argv0']);
  for (; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') {
      i++;
      break;
    }
    if (/^-(S|-split-string)/.test(t)) {
      const value = t.startsWith('--split-string=') ? t.slice(15) : t.length > 2 && t[1] === 'S' ? t.slice(2) : args[++i]?.text ?? '';
      const rest = args.slice(i + 1).map((a) => a.raw).join(' ');
      return { reasons, code: { text: `${value} ${rest}`.trim(), part: `${name} -S` } };
    }
    if (t.startsWith('-') && t !== '-') {
      const key = t.replace(/^--?/, '').split('=')[0];
      if (!t.includes('=') && withValue.has(key)) i++;
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
      reasons.push(...judgeAssignment(t.slice(0, t.indexOf('=')), { ...args[i], text: t.slice(t.indexOf('=') + 1), raw: args[i].raw.slice(args[i].raw.indexOf('=') + 1) }, ctx));
      continue;
    }
    break;
  }
  const inner = args.slice(i);
  if (!inner.length) return { reasons: [...reasons, confirm('creds.env', { en: '{part} prints every environment variable, secrets included', fr: "{part} affiche toutes les variables d'environnement, secrets compris" }, name)] };
  return { reasons, inner };
};

const timeout: Unwrapper = (_n, args) => ({ reasons: [], inner: afterOptions(args, ['s', 'signal', 'k', 'kill-after'], { positionalsToSkip: 1 }) });

const xargs: Unwrapper = (name, args, ctx) => {
  const inner = afterOptions(args, ['a', 'arg-file', 'd', 'delimiter', 'E', 'e', 'eof', 'I', 'i', 'replace', 'L', 'l', 'max-lines', 'n', 'max-args', 'P', 'max-procs', 's', 'max-chars', 'process-slot-var']);
  const command = inner.length ? inner : [literalArg('echo')];
  // `echo / | xargs rm -rf`: when the input is a literal echo, its words are the arguments.
  const feeder = ctx.cmd.stdin === 'pipe' ? ctx.cmd.upstream[ctx.cmd.upstream.length - 1] : undefined;
  const words = feeder && feeder.argv[0]?.text === 'echo' && feeder.argv.slice(1).every((a) => !a.dynamic) ? feeder.argv.slice(1).filter((a) => !/^-[neE]+$/.test(a.text)).flatMap((a) => a.text.split(/\s+/)).filter(Boolean) : undefined;
  const replace = args.findIndex((a) => a.text === '-I' || a.text === '-i' || a.text.startsWith('--replace'));
  if (words && replace < 0) return { reasons: [], inner: [...command, ...words.map(literalArg)] };
  return { reasons: [], inner: command, dynamicArgs: true };
};

const command: Unwrapper = (name, args) => {
  const f = parseFlags(args, { stopAtPositional: true });
  if (f.has('v', 'V')) return { reasons: [allow('shell.lookup', { en: '{part} only looks a command up', fr: '{part} ne fait que chercher une commande' }, name)] };
  return { reasons: [], inner: f.positionals };
};

const exec: Unwrapper = (name, args) => {
  const inner = afterOptions(args, ['a']);
  if (!inner.length) return { reasons: [allow('shell.exec-redirect', { en: '{part} without a command only changes redirections', fr: '{part} sans commande ne change que les redirections' }, name)] };
  return { reasons: [], inner };
};

const watch: Unwrapper = (name, args) => {
  const f = parseFlags(args, { withValue: ['n', 'interval', 'd', 'differences', 'q', 'equexit'], stopAtPositional: true });
  if (f.has('x', 'exec')) return { reasons: [], inner: f.positionals };
  return { reasons: [], code: { text: f.positionals.map((p) => p.text).join(' '), part: name } };
};

const flock: Unwrapper = (name, args) => {
  // flock [options] FILE -c CODE | flock [options] FILE COMMAND...: -c may come after the file.
  const c = args.findIndex((a) => a.text === '-c' || a.text === '--command' || a.text.startsWith('--command='));
  if (c >= 0) {
    const a = args[c];
    const code = a.text.startsWith('--command=') ? { ...a, text: a.text.slice(10) } : args[c + 1];
    if (!code) return { reasons: [] };
    if (code.dynamic) return { reasons: [deny('shell.dynamic-code', { en: '{part} runs code only known at run time', fr: "{part} exécute du code connu seulement à l'exécution" }, `${name} -c ${code.raw}`)] };
    return { reasons: [], code: { text: code.text, part: `${name} -c` } };
  }
  const f = parseFlags(args, { withValue: ['w', 'timeout', 'E', 'conflict-exit-code'], stopAtPositional: true });
  return { reasons: [], inner: f.positionals.slice(1) };
};

const ssh: Unwrapper = (name, args) => {
  const f = parseFlags(args, { withValue: ['b', 'c', 'D', 'E', 'e', 'F', 'I', 'i', 'J', 'L', 'l', 'm', 'O', 'o', 'p', 'Q', 'R', 'S', 'W', 'w', 'B'], stopAtPositional: true });
  const reasons = [confirm('net.ssh', { en: '{part} opens a remote session', fr: '{part} ouvre une session distante' }, name)];
  const remote = f.positionals.slice(1);
  if (!remote.length) return { reasons };
  if (remote.some((a) => a.dynamic)) return { reasons: [...reasons, confirm('shell.dynamic-code', { en: 'remote command only known at run time', fr: "commande distante connue seulement à l'exécution" }, remote.map((a) => a.raw).join(' '))] };
  return { reasons, code: { text: remote.map((a) => a.text).join(' '), part: `${name} ${f.positionals[0].raw}` } };
};

/** systemd-run runs the command as a transient service (as root for the system manager). */
const systemdRun: Unwrapper = (name, args) => ({
  reasons: [confirm('priv.sudo', { en: '{part} runs the command as a system service', fr: '{part} exécute la commande comme service système' }, name)],
  inner: afterOptions(args, ['u', 'unit', 'p', 'property', 'uid', 'gid', 'E', 'setenv', 'M', 'machine', 'H', 'host', 'description', 'slice', 'on-calendar', 'on-active', 'on-boot', 'on-startup', 'on-unit-active', 'on-unit-inactive', 'timer-property', 'path-property', 'socket-property', 'working-directory', 'nice', 'service-type']),
});

/** script -c CODE runs CODE in a shell. */
const script: Unwrapper = (name, args) => {
  const f = parseFlags(args, { withValue: ['c', 'command', 'E', 'echo', 'I', 'log-in', 'O', 'log-out', 'B', 'log-io', 'T', 'log-timing', 'm', 'logging-format', 'o', 'output-limit'] });
  const code = f.value('c', 'command');
  if (code !== undefined) return { reasons: [], code: { text: code, part: `${name} -c` } };
  return { reasons: [confirm('shell.interactive', { en: 'starts an interactive {part}', fr: 'lance un {part} interactif' }, name)] };
};

/** screen -dmS NAME CMD...: runs CMD in a detached session on the host. */
const screen: Unwrapper = (name, args) => {
  if (args.some((a) => /^-(ls|list)$/.test(a.text))) return { reasons: [allow('read-only', { en: '{part} only lists sessions', fr: '{part} ne fait que lister les sessions' }, `${name} -ls`)] };
  const reasons = [confirm('exec.detached', { en: '{part} runs a command in a detached terminal session', fr: '{part} exécute une commande dans une session de terminal détachée' }, name)];
  const inner = afterOptions(args, ['S', 'c', 'Logfile', 'p', 'T', 'e', 'h', 's', 't']);
  const options = args.slice(0, args.length - inner.length);
  // -r/-R/-x attach, -X sends a screen command, -Q queries: no new command to judge.
  if (options.some((a) => /^-[a-zA-Z]*[rRxXQ]/.test(a.text))) return { reasons };
  return inner.length ? { reasons, inner } : { reasons };
};

/** tmux new/new-window/split-window/run-shell/respawn-pane SHELL-COMMAND, send-keys KEYS: the shell code is judged. */
const tmux: Unwrapper = (name, args) => {
  const value = new Set(['-s', '-n', '-c', '-t', '-x', '-y', '-e', '-F', '-l', '-L', '-S', '-f', '-T']);
  let i = 0;
  while (i < args.length && args[i].text.startsWith('-')) i += value.has(args[i].text) ? 2 : 1;
  const sub = args[i]?.text ?? '';
  const rest = args.slice(i + 1);
  const positionals: Arg[] = [];
  for (let k = 0; k < rest.length; k++) {
    if (rest[k].text.startsWith('-') && positionals.length === 0) {
      if (value.has(rest[k].text)) k++;
      continue;
    }
    positionals.push(rest[k]);
  }
  const reasons = [confirm('exec.detached', { en: '{part} runs commands in a tmux session', fr: '{part} exécute des commandes dans une session tmux' }, `${name} ${sub}`)];
  if (/^(new|new-session|new-window|neww|split-window|splitw|run-shell|run|respawn-pane|respawnp|respawn-window|respawnw|display-popup|popup)$/.test(sub)) {
    if (!positionals.length) return { reasons };
    return { reasons, code: { text: positionals.map((a) => a.text).join(' '), part: `${name} ${sub}` } };
  }
  if (/^(send-keys|send)$/.test(sub)) {
    const keys = positionals.filter((a) => !/^(Enter|C-m|KPEnter|C-j)$/.test(a.text));
    return { reasons, code: { text: keys.map((a) => a.text).join(' '), part: `${name} ${sub}` } };
  }
  if (/^(ls|list-sessions|list-windows|lsw|list-panes|lsp|capture-pane|capturep|show-options|show|display-message|display|has-session|has|list-keys|lsk)$/.test(sub) || !sub) {
    return { reasons: [allow('read-only', { en: '{part} only reads', fr: '{part} ne fait que lire' }, `${name} ${sub}`.trim())] };
  }
  return { reasons };
};

const privDeny = (rule: string): Unwrapper => (name) => ({
  reasons: [deny(rule, { en: '{part} switches user or enters other namespaces (privilege escalation)', fr: '{part} change d’utilisateur ou entre dans d’autres espaces de noms (escalade de privilèges)' }, name)],
});

export const WRAPPERS: Record<string, Unwrapper> = {
  sudo,
  doas: sudo,
  sudoedit: sudo,
  su: privDeny('priv.su'),
  pkexec: privDeny('priv.pkexec'),
  runuser: privDeny('priv.su'),
  nsenter: privDeny('priv.nsenter'),
  chroot: privDeny('priv.chroot'),
  env,
  timeout,
  gtimeout: timeout,
  nice: simple(['n', 'adjustment']),
  renice: simple(['n', 'g', 'p', 'u']),
  nohup: simple(),
  setsid: simple(),
  stdbuf: simple(['i', 'o', 'e', 'input', 'output', 'error']),
  ionice: simple(['c', 'class', 'n', 'classdata', 'p', 'pid', 'P', 'pgid', 'u', 'uid']),
  chrt: simple([], 1),
  taskset: simple([], 1),
  time: withOutputFile(['f', 'format', 'o', 'output'], ['o', 'output']),
  unbuffer: simple(),
  command,
  builtin: simple(),
  exec,
  xargs,
  watch,
  flock,
  ssh,
  strace: tracer(['e', 'o', 'p', 's', 'u', 'E', 'P', 'I', 'b', 'X', 'a', 'S', 'O']),
  ltrace: tracer(['e', 'o', 'p', 's', 'u', 'n', 'a', 'A', 'D', 'E', 'F', 'l', 'L', 'x']),
  busybox: simple(),
  'systemd-run': systemdRun,
  screen,
  tmux,
  coproc: simple(),
  script,
  caffeinate: simple(['t', 'w']),
};

/** Variables whose value is a program, a library, options or code that programs run or load. */
const CODE_VARS = /^(LD_PRELOAD|LD_AUDIT|LD_LIBRARY_PATH|DYLD_\w+|GCONV_PATH|BASH_ENV|ENV|ZDOTDIR|PROMPT_COMMAND|PS[0-4]|SHELLOPTS|BASHOPTS|BASH_FUNC_\S+|GIT_SSH|GIT_SSH_COMMAND|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_EDITOR|GIT_SEQUENCE_EDITOR|GIT_ASKPASS|SSH_ASKPASS|GIT_PROXY_COMMAND|GIT_CONFIG_PARAMETERS|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG|GIT_CONFIG_GLOBAL|GIT_CONFIG_SYSTEM|GIT_EXEC_PATH|GIT_TEMPLATE_DIR|GIT_DIR|GIT_WORK_TREE|PAGER|MANPAGER|MANOPT|SYSTEMD_PAGER|SYSTEMD_EDITOR|AWS_PAGER|KUBE_EDITOR|EDITOR|VISUAL|BROWSER|LESSOPEN|LESSCLOSE|LESSKEY|LESS|NODE_OPTIONS|NODE_PATH|PYTHONPATH|PYTHONSTARTUP|PYTHONHOME|PYTHONINSPECT|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|TAR_OPTIONS|KUBECTL_EXTERNAL_DIFF|RIPGREP_CONFIG_PATH|GOFLAGS|CGO_CFLAGS|CC|CXX|MAKEFLAGS|TF_CLI_ARGS(_\w+)?|TF_CLI_CONFIG_FILE|ANSIBLE_\w*(PLUGINS|_PATH|EXECUTABLE|SSH_ARGS|BECOME_EXE|CONFIG)\w*|npm_config_\w+|NPM_CONFIG_\w+|PIP_\w+|UV_\w+)$/;
/** Pagers and editors set to a plain viewer run nothing else. */
const PLAIN_VIEWER = /^(cat|less|more|vi|vim|nano|true)?$/;
/** Variables whose value is a file the program writes (GIT_TRACE=/root/.bashrc appends a trace there). */
const WRITE_VARS = /^(GIT_TRACE\w*|TF_LOG_PATH|SSLKEYLOGFILE|CURL_HOME|HISTFILE|LESSHISTFILE|NODE_REPL_HISTORY|PYTHONHISTFILE)$/;
/** Variables known not to change what a program runs, loads or where it sends data. */
const HARMLESS_VARS = /^(LANG|LANGUAGE|LC_\w+|TZ|TERM|COLORTERM|COLUMNS|LINES|NO_COLOR|FORCE_COLOR|CLICOLOR|CLICOLOR_FORCE|LS_COLORS|TIME_STYLE|POSIXLY_CORRECT|SYSTEMD_COLORS|DEBIAN_FRONTEND|NEEDRESTART_MODE|CI|NODE_ENV|RAILS_ENV|RACK_ENV|APP_ENV|ENVIRONMENT|STAGE|PORT|LOG_LEVEL|DEBUG|VERBOSE|VERSION|TAG|IMAGE_TAG|RELEASE|REGION|NAMESPACE|TMPDIR|TEMP|TMP|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|PYTHONIOENCODING|AWS_PROFILE|AWS_REGION|AWS_DEFAULT_REGION|AWS_DEFAULT_OUTPUT|AWS_PAGER|CLOUDSDK_CORE_PROJECT|CLOUDSDK_COMPUTE_REGION|CLOUDSDK_COMPUTE_ZONE|GOOGLE_CLOUD_PROJECT|HELM_NAMESPACE|COMPOSE_PROJECT_NAME|DOCKER_BUILDKIT|BUILDKIT_PROGRESS|DOCKER_DEFAULT_PLATFORM|GOOS|GOARCH|CGO_ENABLED|GO111MODULE|TF_IN_AUTOMATION|TF_INPUT|TF_LOG|TF_WORKSPACE|TF_VAR_\w+|CHECKPOINT_DISABLE|ANSIBLE_HOST_KEY_CHECKING|ANSIBLE_FORCE_COLOR|ANSIBLE_NOCOLOR|ANSIBLE_STDOUT_CALLBACK|SYSTEMD_LESS|GREP_COLORS?)$/;
/** Names that act without being exported, or that the sandbox environment already exports (a bare assignment changes them). */
const ACTIVE_UNEXPORTED = /^(PATH|IFS|CDPATH|GLOBIGNORE|BASH_XTRACEFD|FUNCNEST|TMOUT|HOME|SHELL|USER|KUBECONFIG|HELM_\w+|AWS_\w+|CLOUDSDK_\w+|AZURE_\w+|ARM_\w+|GOOGLE_\w+|http_proxy|https_proxy|HTTP_PROXY|HTTPS_PROXY|ALL_PROXY|all_proxy|no_proxy|NO_PROXY|DOCKER_HOST)$/;

/**
 * An assignment: code-running variables (LD_PRELOAD, GIT_CONFIG_*, NODE_OPTIONS, PAGER...) are denied,
 * shell history switches denied, PATH/IFS confirmed, and any exported variable not known to be
 * harmless is confirmed. A bare `x=1` (not exported) only sets a shell variable.
 */
export function judgeAssignment(name: string, value: Arg, _ctx?: JudgeContext, exported = true): Reason[] {
  const part = `${name}=${value.raw}`;
  if (CODE_VARS.test(name) && (value.text !== '' || value.dynamic)) {
    if (/^(PAGER|GIT_PAGER|EDITOR|VISUAL|GIT_EDITOR|MANPAGER|SYSTEMD_PAGER|AWS_PAGER|KUBE_EDITOR|SYSTEMD_EDITOR)$/.test(name) && !value.dynamic && PLAIN_VIEWER.test(value.text)) return [];
    return [deny('env.hijack', { en: '{part} makes programs load or run other code', fr: '{part} fait charger ou exécuter un autre code' }, part)];
  }
  if (/^(HISTFILE|HISTSIZE|HISTFILESIZE|HISTCONTROL|HISTIGNORE)$/.test(name) && (value.text === '' || value.text === '0' || value.text === '/dev/null' || /ignore|\*/.test(value.text))) {
    return [deny('history.wipe', { en: '{part} stops or erases shell history', fr: "{part} arrête ou efface l'historique du shell" }, part)];
  }
  if (name === 'PATH' || name === 'IFS') return [confirm('env.path', { en: '{part} changes how commands are found or split', fr: '{part} change la façon de trouver ou découper les commandes' }, part)];
  if (WRITE_VARS.test(name) && (/^[/~.]/.test(value.text) || value.dynamicStart)) return judgeWriteTarget(value, _ctx?.home ?? '~', part);
  if (!exported && !ACTIVE_UNEXPORTED.test(name)) return [];
  if (value.text === '' && !value.dynamic) return [];
  if (HARMLESS_VARS.test(name)) return [];
  return [confirm('env.unknown', { en: '{part} sets an environment variable that can change what programs do or where they connect', fr: "{part} définit une variable d'environnement qui peut changer ce que font les programmes ou où ils se connectent" }, part)];
}
