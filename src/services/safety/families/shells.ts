/** Shells and interpreters: `bash -c CODE`, `eval`, `source`, piping into a shell, inline scripts. */
import type { FamilyRule, JudgeContext } from '../context.js';
import type { SimpleCommand } from '../extract.js';
import { allow, confirm, deny } from '../reason.js';
import { judgeReadTarget, judgeWriteTarget } from '../targets.js';
import type { Reason } from '../types.js';
import type { Arg } from '../words.js';
import { awkEffects, MAX_AWK_COMMANDS } from '../awk.js';

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'rbash', 'yash', 'busybox-sh']);
export const INTERPRETERS = new Set(['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'php', 'lua', 'Rscript', 'deno', 'bun', 'tclsh', 'pwsh', 'powershell', 'osascript', 'irb', 'jshell', 'groovy']);
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'nc', 'ncat', 'netcat', 'socat', 'ftp', 'tftp', 'lwp-download', 'gsutil']);

function baseName(a: Arg | undefined): string {
  return (a?.text ?? '').split('/').pop() ?? '';
}

/** True when one of these commands fetches data from the network. */
export function hasDownloader(cmds: readonly SimpleCommand[]): boolean {
  return cmds.some((c) => {
    const names = c.argv.map(baseName);
    return names.some((n) => DOWNLOADERS.has(n)) || (names[0] === 'aws' && names.includes('s3'));
  });
}

function stdinCode(name: string, ctx: JudgeContext, interpreter: boolean): Reason[] {
  const c = ctx.cmd;
  if (c.stdin && c.stdin !== 'pipe' && c.stdinDynamic) {
    return hasDownloader(c.processSubs.flat().concat(c.upstream))
      ? [deny('exec.download-exec', { en: '{part} runs downloaded code fed on its standard input', fr: '{part} exécute du code téléchargé reçu sur son entrée standard' }, name)]
      : [deny('shell.dynamic-code', { en: '{part} runs code fed on standard input that is only known at run time', fr: "{part} exécute du code reçu sur l'entrée standard, connu seulement à l'exécution" }, name)];
  }
  if (c.stdin === 'pipe') {
    return hasDownloader(c.upstream)
      ? [deny('exec.download-pipe-shell', { en: 'downloads code and pipes it into {part} (download-and-execute)', fr: 'télécharge du code et le passe à {part} (télécharger-et-exécuter)' }, name)]
      : [deny('exec.pipe-to-shell', { en: 'pipes text into {part}, which runs it as code that cannot be checked', fr: 'envoie du texte à {part}, qui l’exécute sans vérification possible' }, name)];
  }
  if ((c.stdin === 'heredoc' || c.stdin === 'herestring') && c.stdinText !== undefined && !interpreter) return ctx.nested(c.stdinText, name);
  if (c.stdin === 'heredoc' || c.stdin === 'herestring' || c.stdin === 'file') {
    return [confirm('exec.inline-code', { en: '{part} runs code given on standard input', fr: '{part} exécute du code reçu sur l’entrée standard' }, name)];
  }
  return [confirm('shell.interactive', { en: 'starts an interactive {part}', fr: 'lance un {part} interactif' }, name)];
}

function scriptFile(name: string, script: Arg, ctx: JudgeContext): Reason[] {
  if (/^\/dev\/(stdin|fd\/0)$|^\/proc\/self\/fd\/0$|^-$/.test(script.text)) return stdinCode(name, ctx, INTERPRETERS.has(name));
  if (script.dynamic) {
    const subs = ctx.cmd.processSubs.flat();
    if (script.raw.startsWith('<(') && hasDownloader(subs)) {
      return [deny('exec.download-exec', { en: 'runs code downloaded by a process substitution: {part}', fr: 'exécute du code téléchargé par une substitution de processus : {part}' }, `${name} ${script.raw}`)];
    }
    return [deny('shell.dynamic-code', { en: '{part} runs a script only known at run time', fr: "{part} exécute un script connu seulement à l'exécution" }, `${name} ${script.raw}`)];
  }
  return [confirm('shell.script', { en: 'runs the script {part}, whose content is not checked', fr: 'exécute le script {part}, dont le contenu n’est pas vérifié' }, script.raw)];
}

const shell: FamilyRule = (name, args, ctx) => {
  // Options before -c / the script: -e -x -l -i -o opt, +o opt.
  let i = 0;
  let code: Arg | undefined;
  let readsStdin = false;
  for (; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') {
      i++;
      break;
    }
    if (/^[-+]o$/.test(t) || t === '--rcfile' || t === '--init-file') {
      i++;
      continue;
    }
    if (!/^[-+]/.test(t)) break;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(t)) {
      code = args[i + 1];
      i += 2;
      break;
    }
    if (/^-[a-zA-Z]*s/.test(t)) readsStdin = true;
    if (t === '--version' || t === '--help') return [allow('shell.version', { en: 'prints the shell version', fr: 'affiche la version du shell' }, name)];
  }
  if (code) {
    if (code.dynamic) {
      return hasDownloader(ctx.cmd.upstream.concat(ctx.cmd.processSubs.flat()))
        ? [deny('exec.download-exec', { en: 'runs downloaded code: {part}', fr: 'exécute du code téléchargé : {part}' }, code.raw)]
        : [deny('shell.dynamic-code', { en: '{part} runs code only known at run time: {code}', fr: "{part} exécute du code connu seulement à l'exécution : {code}" }, `${name} -c`, { code: code.raw })];
    }
    return ctx.nested(code.text, `${name} -c`);
  }
  if (readsStdin || i >= args.length) return stdinCode(name, ctx, false);
  return scriptFile(name, args[i], ctx);
};

const interpreter: FamilyRule = (name, args, ctx) => {
  const first = args[0]?.text;
  if (!first) return stdinCode(name, ctx, true);
  if (/^(-V|--version|-v|version|--help|-h)$/.test(first)) return [allow('interpreter.version', { en: 'prints the version', fr: 'affiche la version' }, name)];
  if (/^python/.test(name) && first === '-m' && /^(json\.tool|pip\b)/.test(args[1]?.text ?? '')) {
    if (args[1].text === 'json.tool') {
      // python -m json.tool [options] [INFILE [OUTFILE]]: the second operand is written.
      const rest = args.slice(2);
      const unknown = rest.filter((a) => a.text.startsWith('-') && a.text !== '-' && !/^--(sort-keys|compact|tab|no-ensure-ascii|json-lines|indent(=\d+)?)$/.test(a.text));
      const operands = rest.filter((a, i) => !a.text.startsWith('-') || a.text === '-' ? !/^\d+$/.test(a.text) || rest[i - 1]?.text !== '--indent' : false);
      const out: Reason[] = unknown.length ? [confirm('option.unknown', { en: '{part}: an option Cloudya does not know for this tool', fr: '{part} : une option que Cloudya ne connaît pas pour cet outil' }, `${name} -m json.tool ${unknown.map((a) => a.raw).join(' ')}`)] : [];
      if (operands[0]) out.push(...judgeReadTarget(operands[0], ctx.home));
      if (operands[1] && operands[1].text !== '-') out.push(...judgeWriteTarget(operands[1], ctx.home));
      return out.length ? out : [allow('interpreter.json-tool', { en: 'pretty-prints JSON', fr: 'met en forme du JSON' }, `${name} -m json.tool`)];
    }
  }
  // The inline-code flag may follow other options (ruby -rsocket -e CODE, perl -MIO -e CODE, php -r CODE).
  const flagAt = args.findIndex((a, i) => (i === 0 || args.slice(0, i).every((b) => b.text.startsWith('-'))) && (/^-[a-zA-Z]*[ceE]$/.test(a.text) || (name === 'php' && a.text === '-r') || a.text === '--eval'));
  if (flagAt >= 0 && !(/^python/.test(name) && args.slice(0, flagAt).some((a) => a.text === '-m'))) {
    const first = args[flagAt].text;
    const code = args[flagAt + 1];
    if (code?.dynamic) {
      return hasDownloader(ctx.cmd.upstream.concat(ctx.cmd.processSubs.flat()))
        ? [deny('exec.download-exec', { en: 'runs downloaded code: {part}', fr: 'exécute du code téléchargé : {part}' }, `${name} ${first} ${code.raw}`)]
        : [deny('shell.dynamic-code', { en: '{part} runs code only known at run time', fr: "{part} exécute du code connu seulement à l'exécution" }, `${name} ${first} ${code.raw}`)];
    }
    const out: Reason[] = [confirm('exec.inline-code', { en: '{part} runs inline code that cannot be checked', fr: '{part} exécute du code en ligne impossible à vérifier' }, `${name} ${first}`)];
    if (code) out.push(...inlineCode(code, ctx));
    return out;
  }
  if (first === '-' || (first.startsWith('-') && args.length === 1)) return stdinCode(name, ctx, true);
  const script = args.find((a) => !a.text.startsWith('-'));
  if (!script) return stdinCode(name, ctx, true);
  return scriptFile(name, script, ctx);
};

/** What can be seen in inline interpreter code: reverse shells, and shell commands passed to system()/exec(). */
function inlineCode(code: Arg, ctx: JudgeContext): Reason[] {
  const t = code.text;
  const out: Reason[] = [];
  if (/fork/.test(t) && /\b(while|for|loop|iter|until)\b/.test(t)) out.push(deny('shell.fork-bomb', { en: 'the inline code forks in a loop (fork bomb)', fr: 'le code en ligne se duplique en boucle (fork bomb)' }, code.raw.slice(0, 80)));
  if (/socket|sockopen|net\.connect|\bconnect\(|TCPSocket|IO::Socket/i.test(t) && /(subprocess|pty\.spawn|dup2|exec|\/bin\/(ba)?sh|popen|spawn|system|fdopen)/i.test(t)) {
    out.push(deny('net.reverse-shell', { en: 'the inline code connects a shell to a network socket', fr: 'le code en ligne relie un shell à une socket réseau' }, code.raw.slice(0, 80)));
  }
  for (const m of t.matchAll(/(?:os\.system|os\.popen|subprocess\.\w+|system|exec|execSync|spawnSync|popen|`)\s*\(?\s*\[?\s*(["'])((?:(?!\1).)+)\1/g)) {
    out.push(...ctx.nested(m[2], m[0].slice(0, 60)));
  }
  return out;
}

const evalRule: FamilyRule = (name, args, ctx) => {
  if (!args.length) return [allow('shell.noop', { en: '{part} without arguments does nothing', fr: '{part} sans argument ne fait rien' }, name)];
  if (args.some((a) => a.dynamic)) {
    return hasDownloader(ctx.cmd.upstream.concat(ctx.cmd.processSubs.flat()))
      ? [deny('exec.download-exec', { en: 'evaluates downloaded code', fr: 'évalue du code téléchargé' }, name)]
      : [deny('shell.dynamic-code', { en: '{part} evaluates text only known at run time', fr: "{part} évalue un texte connu seulement à l'exécution" }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
  }
  return ctx.nested(args.map((a) => a.text).join(' '), name);
};

const source: FamilyRule = (name, args, ctx) => {
  const file = args[0];
  if (!file) return [deny('parse.error', { en: '{part} needs a file', fr: '{part} attend un fichier' }, name)];
  return scriptFile(name, file, ctx);
};

/** Code-taking builtins: trap 'CODE' SIG, alias x='CODE'. */
const trapAlias: FamilyRule = (name, args, ctx) => {
  if (!args.length || args.every((a) => a.text.startsWith('-'))) return [allow('shell.list', { en: '{part} only lists', fr: '{part} ne fait que lister' }, name)];
  if (name === 'alias') {
    const out: Reason[] = [confirm('shell.alias', { en: 'defines an alias that changes what later commands do', fr: 'définit un alias qui change le sens des commandes suivantes' }, name)];
    for (const a of args) {
      const eq = a.text.indexOf('=');
      if (eq > 0) out.push(...(a.dynamic ? [deny('shell.dynamic-code', { en: 'alias to a run-time value', fr: "alias vers une valeur d'exécution" }, a.raw)] : ctx.nested(a.text.slice(eq + 1), a.raw)));
    }
    return out;
  }
  const code = args[0];
  if (code.dynamic) return [deny('shell.dynamic-code', { en: 'trap runs code only known at run time', fr: "trap exécute du code connu seulement à l'exécution" }, code.raw)];
  return [confirm('shell.trap', { en: 'installs a trap handler', fr: 'installe un gestionnaire de signal' }, name), ...ctx.nested(code.text, `trap ${code.raw}`)];
};

/** The program text, script files and -v assignments of an awk command line (POSIX and gawk options). */
function awkArgs(args: Arg[]): { program?: Arg; scripts: Arg[]; assigns: Map<string, string>; dynamicAssign: boolean } {
  const scripts: Arg[] = [];
  const assigns = new Map<string, string>();
  let dynamicAssign = false;
  let program: Arg | undefined;
  const assign = (a: Arg | undefined, text: string | undefined) => {
    const eq = text?.indexOf('=') ?? -1;
    if (!a || text === undefined || eq <= 0) return;
    if (a.dynamic) dynamicAssign = true;
    else assigns.set(text.slice(0, eq), text.slice(eq + 1));
  };
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') {
      if (!program && !scripts.length) program = args[i + 1];
      break;
    }
    if (t === '-f' || t === '--file' || t === '-i' || t === '--include' || t === '-E' || t === '--exec') scripts.push(args[++i]);
    else if (/^(-f|--file=|-i|--include=|-E|--exec=)./.test(t)) scripts.push(args[i]);
    else if (t === '-e' || t === '--source') program = args[++i];
    else if (t === '-v' || t === '--assign') assign(args[i + 1], args[++i]?.text);
    else if (t.startsWith('-v') || t.startsWith('--assign=')) assign(args[i], t.replace(/^(-v|--assign=)/, ''));
    else if (t === '-F' || t === '--field-separator') i++;
    else if (t.startsWith('-') && t !== '-') continue;
    else {
      if (!program && !scripts.length) program = args[i];
      break;
    }
  }
  return { program, scripts: scripts.filter((s): s is Arg => !!s), assigns, dynamicAssign };
}

/** awk programs are code: commands they hand to the shell are judged like `python -c 'os.system(...)'`. */
const awk: FamilyRule = (name, args, ctx) => {
  const { program, scripts, assigns, dynamicAssign } = awkArgs(args);
  if (program?.dynamic && program.dynamicStart) {
    return hasDownloader(ctx.cmd.upstream.concat(ctx.cmd.processSubs.flat()))
      ? [deny('exec.download-exec', { en: 'runs downloaded code: {part}', fr: 'exécute du code téléchargé : {part}' }, `${name} ${program.raw}`)]
      : [deny('shell.dynamic-code', { en: '{part} runs code only known at run time', fr: "{part} exécute du code connu seulement à l'exécution" }, `${name} ${program.raw}`)];
  }
  const out: Reason[] = [];
  if (scripts.length) out.push(confirm('shell.script', { en: 'runs an awk script file', fr: 'exécute un fichier de script awk' }, `${name} ${scripts.map((s) => s.raw).join(' ')}`));
  if (program) {
    const effects = awkEffects(program.text, dynamicAssign ? new Map() : assigns);
    if (effects.commands.length || effects.redirects || program.dynamic) {
      out.push(confirm('exec.awk-system', { en: 'the awk program runs commands or writes files', fr: 'le programme awk exécute des commandes ou écrit des fichiers' }, program.raw));
    }
    // Past the cap nothing more is judged, so the program is refused rather than half-checked.
    if (effects.commands.length > MAX_AWK_COMMANDS) out.push(deny('parse.too-complex', { en: 'the awk program runs too many different commands to check ({part})', fr: 'le programme awk exécute trop de commandes différentes pour être vérifié ({part})' }, String(effects.commands.length)));
    for (const command of effects.commands.slice(0, MAX_AWK_COMMANDS)) out.push(...ctx.nested(command, `${name}: ${command.slice(0, 60)}`));
  }
  return out.length ? out : [allow('read-only', { en: '{part} only reads', fr: '{part} ne fait que lire' }, name)];
};

/** at / batch read shell code on standard input (or from -f FILE) and run it later. */
const atRule: FamilyRule = (name, args, ctx) => {
  if (args.some((a) => /^-[a-zA-Z]*[lrdc]$/.test(a.text)) && !args.some((a) => a.text === '-f')) return [allow('read-only', { en: '{part} only lists or removes queued jobs', fr: '{part} ne fait que lister ou retirer des tâches' }, name)];
  const out: Reason[] = [confirm('system.schedule', { en: '{part} schedules commands to run later', fr: '{part} programme des commandes pour plus tard' }, name)];
  if (args.some((a) => a.text === '-f')) return out;
  return [...out, ...stdinCode(name, ctx, false)];
};

/** Builtins that take code to run later: mapfile -C CODE, complete -C CMD, bind -x 'KEYS:CMD'. */
const callbackCode: FamilyRule = (name, args, ctx) => {
  const codes: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if ((name === 'mapfile' || name === 'readarray' || name === 'complete' || name === 'compgen') && t === '-C' && args[i + 1]) codes.push(args[++i]);
    else if (name === 'bind' && t === '-x' && args[i + 1]) codes.push({ ...args[i + 1], text: args[++i].text.replace(/^[^:]*:/, '') });
  }
  if (!codes.length) return [allow('shell.builtin', { en: '{part} only sets shell state', fr: "{part} ne change que l'état du shell" }, name)];
  const out: Reason[] = [confirm('shell.callback', { en: '{part} installs code that runs later', fr: '{part} installe du code qui s’exécutera plus tard' }, `${name} ${codes.map((c) => c.raw).join(' ')}`)];
  for (const c of codes) out.push(...(c.dynamic ? [deny('shell.dynamic-code', { en: '{part} runs code only known at run time', fr: "{part} exécute du code connu seulement à l'exécution" }, c.raw)] : ctx.nested(c.text, `${name} ${c.raw}`)));
  return out;
};

export const SHELL_RULES: Record<string, FamilyRule> = {
  mapfile: callbackCode,
  readarray: callbackCode,
  complete: callbackCode,
  compgen: callbackCode,
  bind: callbackCode,
  at: atRule,
  batch: atRule,
  eval: evalRule,
  source,
  '.': source,
  trap: trapAlias,
  alias: trapAlias,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
};
for (const s of SHELLS) SHELL_RULES[s] = shell;
for (const s of INTERPRETERS) SHELL_RULES[s] = interpreter;
