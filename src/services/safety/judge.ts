/**
 * Judges one simple command: redirections and assignments first, then the command itself after
 * unwrapping wrappers (sudo, env, timeout, xargs...) and resolving path-qualified names, then its
 * family's rules. Unknown commands are confirmed, never allowed.
 */
import path from 'node:path';
import type { FamilyRule, JudgeContext } from './context.js';
import type { SimpleCommand } from './extract.js';
import { ANSIBLE_RULES } from './families/ansible.js';
import { CLOUD_RULES } from './families/cloud.js';
import { CONTAINER_RULES } from './families/containers.js';
import { FILE_RULES, isMkfs } from './families/files.js';
import { GIT_RULES } from './families/git.js';
import { KUBE_RULES } from './families/kube.js';
import { NETWORK_RULES } from './families/network.js';
import { PACKAGE_RULES } from './families/packages.js';
import { READER_RULES } from './families/readers.js';
import { SHELL_RULES } from './families/shells.js';
import { SYSTEM_RULES } from './families/system.js';
import { TERRAFORM_RULES } from './families/terraform.js';
import { normalisePath } from './paths.js';
import { allow, confirm, deny } from './reason.js';
import { judgeReadTarget, judgeWriteTarget, tooManyWords } from './targets.js';
import { verdictOf, type Reason } from './types.js';
import { braceCount, literalArg, MAX_BRACE_WORDS, type Arg } from './words.js';
import { judgeAssignment, WRAPPERS } from './wrappers.js';

/**
 * export/declare/local/readonly/typeset NAME=VALUE: the assignments are judged (exported ones as
 * environment); `export NAME` exports a value the validator does not know; without names they print
 * every variable, secrets included.
 */
const declaration: FamilyRule = (name, args, ctx) => {
  const out: Reason[] = [];
  const flags = args.filter((a) => /^[-+][a-zA-Z]+$/.test(a.text)).map((a) => a.text).join('');
  const exported = name === 'export' || /^-[a-zA-Z]*x/.test(flags) || flags.includes('x');
  const names = args.filter((a) => !/^[-+]/.test(a.text));
  if (!names.length && !/[fFaAi]/.test(flags)) return [confirm('creds.env', { en: '{part} prints every variable, secrets included', fr: '{part} affiche toutes les variables, secrets compris' }, `${name} ${flags}`.trim())];
  for (const a of names) {
    const eq = a.text.indexOf('=');
    if (eq > 0) out.push(...judgeAssignment(a.text.slice(0, eq), { ...a, text: a.text.slice(eq + 1), raw: a.raw.slice(a.raw.indexOf('=') + 1) }, ctx, exported));
    else if (exported) out.push(...judgeAssignment(a.text, { ...a, text: `$${a.text}`, dynamic: true, dynamicStart: true }, ctx, true));
  }
  return out.length ? out : [allow('shell.variables', { en: '{part} only sets shell variables', fr: '{part} ne fait que définir des variables du shell' }, name)];
};

export const FAMILY_RULES: Record<string, FamilyRule> = {
  export: declaration,
  declare: declaration,
  local: declaration,
  readonly: declaration,
  typeset: declaration,
  ...READER_RULES,
  ...FILE_RULES,
  ...SHELL_RULES,
  ...SYSTEM_RULES,
  ...NETWORK_RULES,
  ...CLOUD_RULES,
  ...KUBE_RULES,
  ...TERRAFORM_RULES,
  ...CONTAINER_RULES,
  ...ANSIBLE_RULES,
  ...GIT_RULES,
  ...PACKAGE_RULES,
};

/** Directories whose programs are the real system tools (a path-qualified name there is the tool). */
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$|^\/opt\/homebrew\/bin\/[^/]+$|^\/snap\/bin\/[^/]+$/;
const WORLD_WRITABLE = /^\/(tmp|var\/tmp|dev\/shm|run\/user\/\d+)\//;
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/u;
const MAX_DEPTH = 8;

export interface JudgedCommand {
  argv: string[];
  reasons: Reason[];
}

export interface JudgeHooks {
  home: string;
  /** Variables assigned once, to a literal value, in the same command line. */
  vars?: ReadonlyMap<string, string>;
  functions: ReadonlySet<string>;
  /** Validates nested code and returns its reasons (its commands are recorded by the caller). */
  nested(code: string, part: string, depth: number): Reason[];
}

/** Judges a simple command: redirections, assignments, then what it runs. */
export function judgeSimple(cmd: SimpleCommand, hooks: JudgeHooks, depth = 0): JudgedCommand {
  const reasons: Reason[] = [];
  // `X=1 cmd` exports X to cmd; a bare `x=1` only sets a shell variable.
  for (const a of cmd.assignments) reasons.push(...judgeAssignment(a.name, a.value, undefined, cmd.argv.length > 0));
  for (const r of cmd.redirects) reasons.push(...judgeRedirect(r, hooks.home));
  if (!cmd.argv.length) {
    reasons.push(...arithmeticCode(cmd, hooks));
    if (!reasons.length) reasons.push(allow('shell.assignment', { en: 'only sets shell variables', fr: 'ne fait que définir des variables du shell' }, cmd.text.slice(0, 60)));
    return { argv: [], reasons };
  }
  let finalArgv: string[] = cmd.argv.map((a) => a.text);
  const ctxFor = (d: number, dynamicArgs: boolean): JudgeContext => ({
    home: hooks.home,
    cmd,
    depth: d,
    dynamicArgs,
    inner: (argv, opts) => judgeArgv(argv, ctxFor(d + 1, opts?.dynamicArgs ?? dynamicArgs)),
    nested: (code, part) => hooks.nested(code, part, d + 1),
  });
  const judgeArgv = (argv: Arg[], ctx: JudgeContext): Reason[] => {
    if (ctx.depth > MAX_DEPTH) return [deny('parse.too-deep', { en: 'wrappers nested too deeply to check', fr: 'enveloppes trop imbriquées pour être vérifiées' }, argv[0]?.raw)];
    const head = argv[0];
    if (!head) return [confirm('unknown.command', { en: 'the wrapped command is given at run time', fr: "la commande enveloppée est fournie à l'exécution" })];
    finalArgv = argv.map((a) => a.text);
    if (head.text === '' && !head.dynamic) return [deny('parse.empty', { en: 'the command name is empty', fr: 'le nom de la commande est vide' }, head.raw)];
    // /???/r? or /b?n/c?t: a command name that is a glob pattern hides which program runs.
    if (head.glob && !head.dynamic && /[*?]|\[[^\]]+\]/.test(head.text)) return [deny('shell.obfuscated', { en: 'the command name is a glob pattern that hides which program runs: {part}', fr: 'le nom de la commande est un motif qui masque le programme exécuté : {part}' }, head.raw)];
    if (head.dynamic) return [deny('parse.dynamic-command', { en: 'the command name is only known at run time: {part}', fr: "le nom de la commande n'est connu qu'à l'exécution : {part}" }, head.raw)];
    const out: Reason[] = [];
    // `{rm,-rf,/home}` is brace-expanded into the words `rm -rf /home`.
    if (!head.dynamic && /^\{[^{}'"]*,[^{}'"]*\}$/.test(head.raw)) return judgeArgv([...head.text.slice(1, -1).split(',').map(literalArg), ...argv.slice(1)], ctx);
    const huge = argv.find((a) => !/['"]/.test(a.raw) && a.raw.includes('{') && braceCount(a.raw) > MAX_BRACE_WORDS);
    if (huge) out.push(tooManyWords(huge.raw));
    if (argv.some((a) => INVISIBLE.test(a.text))) out.push(deny('unicode.invisible', { en: 'invisible or control characters hide part of the command: {part}', fr: 'des caractères invisibles ou de contrôle masquent une partie de la commande : {part}' }, JSON.stringify(argv.find((a) => INVISIBLE.test(a.text))!.text)));
    if (/[^\x21-\x7e]/.test(head.text)) return [...out, deny('unicode.lookalike', { en: 'the command name contains non-ASCII or look-alike characters: {part}', fr: 'le nom de la commande contient des caractères non ASCII ou trompeurs : {part}' }, head.raw)];
    let name = head.text;
    if (name.includes('/')) {
      const abs = normalisePath(name, hooks.home);
      const base = path.posix.basename(abs);
      if (SYSTEM_BIN.test(abs)) name = base;
      else if (WORLD_WRITABLE.test(abs)) {
        return [...out, deny('exec.untrusted-path', { en: 'runs a program from a world-writable directory: {part}', fr: 'exécute un programme placé dans un dossier accessible en écriture à tous : {part}' }, head.raw)];
      } else if (isKnown(base)) {
        // ~/.local/bin/aws, /opt/bin/helm: judged as the tool, but never allowed without a yes.
        out.push(confirm('exec.non-system-path', { en: 'runs {part} from outside the system directories: it may not be the real tool', fr: "exécute {part} hors des dossiers système : ce n'est peut-être pas le vrai outil" }, head.raw));
        name = base;
      } else return [...out, confirm('exec.local-program', { en: 'runs the program {part}, which is not a known system tool', fr: "exécute le programme {part}, qui n'est pas un outil système connu" }, head.raw)];
    }
    if (isMkfs(name)) return [...out, ...FAMILY_RULES.mkfs(name, argv.slice(1), ctx)];
    if (hooks.functions.has(name)) return [...out, allow('shell.function-call', { en: 'calls the function {part} defined in the same command (its body is checked)', fr: 'appelle la fonction {part} définie dans la même commande (son corps est vérifié)' }, name)];
    const wrapper = WRAPPERS[name];
    if (wrapper) {
      const u = wrapper(name, argv.slice(1), ctx);
      out.push(...u.reasons);
      if (u.inner) {
        if (!u.inner.length) {
          if (!u.reasons.length) out.push(allow('shell.noop', { en: '{part} without a command does nothing', fr: '{part} sans commande ne fait rien' }, name));
        } else out.push(...judgeArgv(u.inner, ctxFor(ctx.depth + 1, u.dynamicArgs ?? ctx.dynamicArgs)));
      }
      if (u.code) out.push(...(u.code.text.trim() ? ctx.nested(u.code.text, u.code.part) : []));
      return out;
    }
    const args = argv.slice(1);
    const family = Object.hasOwn(FAMILY_RULES, name) ? FAMILY_RULES[name] : undefined;
    if (family) return [...out, ...family(name, args, ctx)];
    return [...out, confirm('unknown.command', { en: '{part} is not a command Cloudya knows: confirm before running it', fr: "{part} n'est pas une commande connue de Cloudya : confirmez avant de l'exécuter" }, name)];
  };
  reasons.push(...judgeArgv(cmd.argv, ctxFor(depth, false)));
  reasons.push(...obfuscation(cmd, reasons));
  reasons.push(...arithmeticCode(cmd, hooks));
  lowerHarmlessRcAppend(cmd, reasons, hooks);
  // `x=/etc/shadow; cat "$x"`: the words are judged again with the line's static assignments put in
  // (in addition, never instead: the variable may change at run time).
  const substituted = substitute(cmd.argv, hooks.vars);
  if (substituted) {
    const argv = finalArgv;
    reasons.push(...judgeArgv(substituted, ctxFor(depth, false)).filter((r) => r.verdict !== 'allow'));
    finalArgv = argv;
  }
  return { argv: finalArgv, reasons };
}

/**
 * r''m, r\m, /e''tc/sha''dow: quotes or escapes inside a command name or a path change nothing for the
 * shell and only serve to hide the word from a reader. When the command needs a confirmation anyway,
 * that hiding makes it a deny. (A leading backslash, `\rm`, is the usual way to skip an alias.)
 */
function obfuscation(cmd: SimpleCommand, reasons: readonly Reason[]): Reason[] {
  if (!reasons.some((r) => r.verdict === 'confirm')) return [];
  // A quote pair or a backslash between two letters or digits of one word: r''m, sha''dow, sh\adow, c\u\r\l.
  const hidden = (a: Arg, i: number) => !a.dynamic && (i === 0 || a.text.includes('/')) && !/\s/.test(a.text) && /[A-Za-z0-9](''|""|'[A-Za-z0-9/._-]+'|"[A-Za-z0-9/._-]+")[A-Za-z0-9/]|[A-Za-z0-9]\\[A-Za-z0-9]/.test(a.raw.replace(/^\\/, ''));
  const word = cmd.argv.find(hidden);
  return word ? [deny('shell.obfuscated', { en: 'quotes or escapes inside {part} only hide what it names', fr: 'des guillemets ou échappements dans {part} ne servent qu’à masquer ce qu’il désigne' }, word.raw)] : [];
}

/** The words with `$NAME`, `"${NAME}"` replaced by the line's literal values, or undefined when none applies. */
function substitute(argv: readonly Arg[], vars: ReadonlyMap<string, string> | undefined): Arg[] | undefined {
  if (!vars?.size) return undefined;
  let changed = false;
  const out = argv.map((a) => {
    if (!a.dynamic) return a;
    const text = a.raw.replace(/^"(.*)"$/s, '$1').replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, n: string) => (vars.has(n) ? vars.get(n)! : m));
    if (text === a.raw.replace(/^"(.*)"$/s, '$1') || /\$|`/.test(text)) return a;
    changed = true;
    return { ...a, text, dynamic: false, dynamicStart: false };
  });
  return changed ? out : undefined;
}

/**
 * Bash evaluates array subscripts in arithmetic (let, [[ -eq ]], $((n)), declare -i, printf -v, test -v,
 * ${!x}, namerefs), running any $(...) they hold - even from a single-quoted literal such as
 * x='a[$(rm -rf ~)]'. Such text is validated as the code it becomes.
 */
function arithmeticCode(cmd: SimpleCommand, hooks: JudgeHooks): Reason[] {
  const words = [...cmd.argv.map((a) => a.text), ...cmd.assignments.map((a) => a.value.text)];
  const out: Reason[] = [];
  for (const w of words) {
    const m = /\[[^\]]*?(\$\((.*)\)|`([^`]*)`)/s.exec(w);
    if (!m) continue;
    const code = m[2] ?? m[3] ?? '';
    out.push(confirm('shell.arith-code', { en: 'an array subscript runs a command when bash evaluates it: {part}', fr: 'un indice de tableau exécute une commande quand bash l’évalue : {part}' }, w.length > 80 ? `${w.slice(0, 77)}...` : w));
    if (code.trim()) out.push(...hooks.nested(code, `[$(${code.slice(0, 40)})]`, 1));
  }
  return out;
}

/**
 * `echo 'export EDITOR=vim' >> ~/.bashrc`: appending a literal line that the validator itself allows
 * is a routine edit (confirm); any other write to a shell start-up file stays denied.
 */
function lowerHarmlessRcAppend(cmd: SimpleCommand, reasons: Reason[], hooks: JudgeHooks): void {
  const rc = reasons.filter((r) => r.rule === 'fs.write-shell-rc');
  if (!rc.length || cmd.argv[0]?.text !== 'echo' || cmd.argv.some((a) => a.dynamic) || cmd.argv.slice(1).some((a) => a.text.startsWith('-'))) return;
  if (!cmd.redirects.every((r) => r.op === '>>' || !r.target || !rc.some((x) => x.part === r.target!.raw))) return;
  const line = cmd.argv.slice(1).map((a) => a.text).join(' ');
  if (!line.trim() || verdictOf(hooks.nested(line, `>> ${rc[0].part}`, 1)) !== 'allow') return;
  for (let i = 0; i < reasons.length; i++) {
    if (reasons[i].rule === 'fs.write-shell-rc') reasons[i] = confirm('fs.write-shell-rc', { en: 'appends a line to a shell start-up file (the line itself is allowed): {part}', fr: 'ajoute une ligne à un fichier de démarrage du shell (la ligne elle-même est autorisée) : {part}' }, reasons[i].part);
  }
}

function isKnown(name: string): boolean {
  return Object.hasOwn(FAMILY_RULES, name) || Object.hasOwn(WRAPPERS, name);
}

function judgeRedirect(r: SimpleCommand['redirects'][number], home: string): Reason[] {
  if (!r.target) return [];
  const op = r.op;
  if (op === '>&' || op === '<&') {
    if (/^\d+-?$|^-$/.test(r.target.text)) return [];
    return judgeWriteTarget(r.target, home);
  }
  if (op === '<' || op === '<<<') return op === '<' ? judgeReadTarget(r.target, home).concat(/^\/dev\/(tcp|udp)\//.test(r.target.text) ? [deny('net.dev-tcp', { en: 'opens a raw network connection through {part}', fr: 'ouvre une connexion réseau brute via {part}' }, r.target.raw)] : []) : [];
  if (op === '>' || op === '>>' || op === '&>' || op === '&>>' || op === '>|' || op === '<>') return judgeWriteTarget(r.target, home);
  return [];
}
