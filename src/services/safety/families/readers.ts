/**
 * Read-only tools judged by their options: every tool of the allow list (tools.ts) goes through
 * `judgeTool`, and the ones with a risky option or operand (an output file, a setting, a program
 * to run, secrets in the environment) have a rule here that names the risk.
 */
import type { FamilyRule, JudgeContext } from '../context.js';
import { dynamicOptions, readOptions, tool, unknownOptions, type ReadOptions, type ToolSpec } from '../options.js';
import { confirm, deny } from '../reason.js';
import { judgeReadTarget, judgeWriteTarget, readOnly } from '../targets.js';
import { READ_ONLY_TOOLS } from '../tools.js';
import type { Reason } from '../types.js';
import { literalArg, type Arg } from '../words.js';
import { judgeAssignment } from '../wrappers.js';

/** Names that hold secrets when they are environment variables (AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN...). */
export const SECRET_VAR = /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|SESSION)/i;

const operandNotExpected = (name: string, operands: Arg[]): Reason =>
  confirm('option.operand', { en: '{part}: with this argument the tool changes a setting instead of showing it', fr: '{part} : avec cet argument, l’outil modifie un réglage au lieu de l’afficher' }, `${name} ${operands.map((a) => a.raw).join(' ')}`);

/** Judges a tool against its spec: unknown options confirm, file operands are checked for credentials. */
export function judgeTool(name: string, args: Arg[], ctx: JudgeContext, spec: ToolSpec, read: ReadOptions = readOptions(args, spec)): Reason[] {
  const out: Reason[] = [...unknownOptions(name, read.unknown), ...dynamicOptions(name, spec, read)];
  // xargs / find -exec add words at run time: with a risky tool they could be options.
  if (ctx.dynamicArgs && spec.risky) out.push(confirm('option.dynamic', { en: '{part} receives more arguments at run time; they could be options that write files', fr: "{part} reçoit d'autres arguments à l'exécution ; ce pourraient être des options qui écrivent des fichiers" }, name));
  for (const values of read.seen.values()) for (const v of values) out.push(...judgeReadTarget(literalArg(v), ctx.home));
  if (spec.operands === 'files') {
    for (const a of read.operands) out.push(...judgeReadTarget(a, ctx.home));
    // A file named by a command substitution cannot be checked for credentials: cat $(printf '/etc/%s' shadow).
    const unresolved = read.operands.filter((a) => a.dynamic && /\$\(|`/.test(a.raw));
    if (unresolved.length) out.push(confirm('creds.unresolved', { en: '{part} reads a file whose name is only known at run time', fr: "{part} lit un fichier dont le nom n'est connu qu'à l'exécution" }, `${name} ${unresolved.map((a) => a.raw).join(' ')}`));
  }
  if (spec.operands === 'none' && read.operands.length) out.push(operandNotExpected(name, read.operands));
  return out.length ? out : [readOnly(name)];
}

/** The rule for a plain allow-listed tool. */
export const specRule: FamilyRule = (name, args, ctx) => judgeTool(name, args, ctx, READ_ONLY_TOOLS[name]);

const secretVarsNamed = (name: string, words: readonly string[]): Reason[] => {
  const secret = words.filter((w) => SECRET_VAR.test(w));
  return secret.length ? [confirm('creds.env', { en: '{part} prints secrets held in environment variables', fr: "{part} affiche des secrets contenus dans des variables d'environnement" }, `${name} ${secret.join(' ')}`)] : [];
};

const echo: FamilyRule = (name, args) => {
  // $GITHUB_TOKEN, ${AWS_SECRET_ACCESS_KEY}: printing a secret-named variable shows the secret.
  const vars = args.flatMap((a) => [...a.raw.matchAll(/\$\{?#?!?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  const out = secretVarsNamed(name, vars);
  return out.length ? out : [readOnly(name)];
};

/** printf -v NAME assigns to NAME: an environment name (PATH, LD_PRELOAD) or an array subscript that runs code. */
const printf: FamilyRule = (name, args, ctx) => {
  const out: Reason[] = [];
  let i = 0;
  if (args[0]?.text === '-v' && args[1]) {
    const target = args[1];
    i = 2;
    const bare = target.text.replace(/\[.*$/s, '');
    if (target.dynamic || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(bare)) out.push(confirm('shell.printf-v', { en: '{part} assigns to a variable whose name is only known at run time', fr: "{part} affecte une variable dont le nom n'est connu qu'à l'exécution" }, `${name} -v ${target.raw}`));
    else {
      const value = args[2] ? { ...args[2], dynamic: true, dynamicStart: true, text: args[2].text } : literalArg('');
      const judged = judgeAssignment(bare, value, ctx, true);
      out.push(...judged);
    }
  } else if (args[0]?.text.startsWith('-v')) i = 1;
  const vars = args.slice(i).flatMap((a) => [...a.raw.matchAll(/\$\{?#?!?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  out.push(...secretVarsNamed(name, vars));
  return out.length ? out : [readOnly(name)];
};

const printenv: FamilyRule = (name, args) => {
  const names = args.filter((a) => !a.text.startsWith('-'));
  if (!names.length) return [confirm('creds.env', { en: '{part} prints every environment variable, secrets included', fr: "{part} affiche toutes les variables d'environnement, secrets compris" }, name)];
  const out = secretVarsNamed(name, names.map((a) => a.text));
  return out.length ? out : [readOnly(name)];
};

const HOSTNAME = tool('aAdfiIsy', 'all-fqdns alias domain fqdn long ip-address all-ip-addresses short yp nis', 'none', { risky: true });
const hostname: FamilyRule = (name, args, ctx) => judgeTool(name, args, ctx, HOSTNAME);

const DATE = tool('d:f:r:RuI', 'date= file= iso-8601=? rfc-3339= rfc-email reference= utc universal debug resolution', 'text', { risky: true });
const date: FamilyRule = (name, args, ctx) => {
  const normal = args.map((a) => (/^-I(date|hours|minutes|seconds|ns)$/.test(a.text) ? { ...a, text: '-I' } : a));
  const read = readOptions(normal, DATE);
  const out = judgeTool(name, normal, ctx, DATE, read).filter((r) => r.rule !== 'read-only');
  // `date MMDDhhmm` sets the clock; only `+FORMAT` is an operand that shows.
  const setting = read.operands.filter((a) => !a.text.startsWith('+'));
  if (setting.length) out.push(confirm('system.clock', { en: '{part} sets the system clock', fr: "{part} règle l'horloge système" }, `${name} ${setting.map((a) => a.raw).join(' ')}`));
  for (const f of read.seen.get('f') ?? []) out.push(...judgeReadTarget(literalArg(f), ctx.home));
  return out.length ? out : [readOnly(name)];
};

/** ps: every selection and format option only reads, except BSD `e`, which prints environments. */
const ps: FamilyRule = (name, args) => {
  if (args.some((a) => a.dynamic)) return [confirm('option.dynamic', { en: '{part}: options only known at run time', fr: "{part} : options connues seulement à l'exécution" }, name)];
  const bsd = args.filter((a) => !a.text.startsWith('-'));
  const known = /^[-a-zA-Z0-9,=%:+.]*$/;
  if (bsd.some((a, i) => i === 0 && /e/.test(a.text) && /^[a-zA-Z]+$/.test(a.text))) return [confirm('creds.env', { en: '{part} shows the environment of processes (secrets included)', fr: "{part} affiche l'environnement des processus (secrets compris)" }, `${name} ${bsd[0].raw}`)];
  if (args.some((a) => !known.test(a.text))) return [confirm('option.unknown', { en: '{part}: an argument Cloudya cannot read', fr: '{part} : un argument que Cloudya ne sait pas lire' }, name)];
  return [readOnly(name)];
};

const TOP = tool('bcEeHiOSs1d:n:o:p:u:U:w:', '', 'none');
const top: FamilyRule = (name, args, ctx) => {
  const read = readOptions(args, TOP);
  if (!read.seen.has('b')) return [confirm('shell.interactive', { en: '{part} is interactive (it can signal processes); use -b to only print', fr: '{part} est interactif (il peut envoyer des signaux) ; -b ne fait qu’afficher' }, name)];
  return judgeTool(name, args, ctx, TOP, read);
};

const SORT = tool('bdfgiMhnRrVcCmsuzk:o:S:t:T:', 'ignore-leading-blanks dictionary-order ignore-case general-numeric-sort ignore-nonprinting month-sort human-numeric-sort numeric-sort random-sort random-source= reverse sort= version-sort batch-size= check=? debug files0-from= key= merge output= stable buffer-size= field-separator= temporary-directory= parallel= unique zero-terminated', 'files', { risky: true });
const sort: FamilyRule = (name, args, ctx) => {
  const read = readOptions(args, SORT);
  const out = judgeTool(name, args, ctx, SORT, read).filter((r) => r.rule !== 'read-only');
  for (const o of [...(read.seen.get('o') ?? []), ...(read.seen.get('output') ?? [])]) out.push(...judgeWriteTarget(literalArg(o), ctx.home));
  return out.length ? out : [readOnly(name)];
};

/** Tools whose second operand (or -o) is an output file: uniq IN OUT, xxd IN OUT, shuf -o OUT, python -m json.tool IN OUT. */
function withOutput(spec: ToolSpec, outputOptions: string[], outputOperand: number | undefined): FamilyRule {
  return (name, args, ctx) => {
    const read = readOptions(args, spec);
    const out = judgeTool(name, args, ctx, spec, read).filter((r) => r.rule !== 'read-only');
    for (const k of outputOptions) for (const o of read.seen.get(k) ?? []) out.push(...judgeWriteTarget(literalArg(o), ctx.home));
    if (outputOperand !== undefined && read.operands[outputOperand] && read.operands[outputOperand].text !== '-') out.push(...judgeWriteTarget(read.operands[outputOperand], ctx.home));
    return out.length ? out : [readOnly(name)];
  };
}

const UNIQ = tool('cdDf:is:uzw:', 'count repeated all-repeated=? skip-fields= group=? ignore-case skip-chars= unique zero-terminated check-chars=', 'files', { risky: true, digits: true });
const SHUF = tool('ei:n:o:rz', 'echo input-range= head-count= output= random-source= repeat zero-terminated', 'text', { risky: true });
const XXD = tool('abCEeiuprRdc:g:l:n:o:s:', 'autoskip bits capitalize EBCDIC include ps postscript plain revert cols= groupsize= len= name= seek=', 'files', { risky: true, singleDashLong: true });

const jq: FamilyRule = (name, args, ctx) => {
  const out: Reason[] = [];
  const files: Arg[] = [];
  let program: Arg | undefined;
  const valueTaking = new Set(['--indent', '-L', '--arg', '--argjson']);
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--rawfile' || t === '--slurpfile') {
      if (args[i + 2]) files.push(args[i + 2]);
      i += 2;
    } else if (t === '--arg' || t === '--argjson') i += 2;
    else if (t === '-f' || t === '--from-file') {
      if (args[i + 1]) files.push(args[i + 1]);
      program = literalArg('');
      i++;
    } else if (valueTaking.has(t)) i++;
    else if (t === '--args' || t === '--jsonargs') break;
    else if (/^-[nrjaSCMecsRh0]+$|^--(null-input|raw-input|raw-output|raw-output0|join-output|ascii-output|sort-keys|color-output|monochrome-output|compact-output|exit-status|slurp|tab|seq|stream|stream-errors|unbuffered)$/.test(t)) continue;
    else if (t.startsWith('-') && t !== '-') out.push(...unknownOptions(name, [args[i]]));
    else if (!program) program = args[i];
    else files.push(args[i]);
  }
  // $ENV, env, $__prog_args... print the environment (secrets); input_filename names what is read.
  if (program && /\$ENV\b|\benv\b/.test(program.text)) out.push(confirm('creds.env', { en: '{part} reads environment variables (secrets included)', fr: "{part} lit les variables d'environnement (secrets compris)" }, `${name} ${program.raw}`));
  for (const f of files) out.push(...judgeReadTarget(f, ctx.home));
  return out.length ? out : [readOnly(name)];
};

const yq: FamilyRule = (name, args, ctx) => {
  const out: Reason[] = [];
  for (const a of args) {
    if (/^(-i|--inplace|-s|--split-exp)(=|$)|^-[a-zA-Z]*i[a-zA-Z]*$/.test(a.text)) out.push(confirm('fs.write', { en: '{part} rewrites files', fr: '{part} réécrit des fichiers' }, `${name} ${a.raw}`));
    else if (/\b(env|strenv|envsubst|load|load_str|load_props|load_xml|load_base64)\s*\(|\$ENV\b/.test(a.text)) out.push(confirm('creds.env', { en: '{part} reads environment variables or other files', fr: "{part} lit des variables d'environnement ou d'autres fichiers" }, `${name} ${a.raw}`));
    else if (a.text.startsWith('-') && !/^(-[nNPrjCMeo]+|-[oIpP]|--(null-input|no-doc|colors|no-colors|exit-status|prettyPrint|unwrapScalar(=.*)?|output-format(=.*)?|input-format(=.*)?|indent(=.*)?|expression(=.*)?))$/.test(a.text) && !/^(json|yaml|xml|props|csv|tsv|toml|[0-9]+)$/.test(a.text)) out.push(...unknownOptions(name, [a]));
    else out.push(...judgeReadTarget(a, ctx.home));
  }
  return out.length ? out : [readOnly(name)];
};

const LESS = tool('aABcCdeEfFgGiIJKLmMnNqQrRsSuUVwWX~b:h:j:p:P:t:T:x:y:z:#:', 'quit-at-eof QUIT-AT-EOF quit-if-one-screen ignore-case IGNORE-CASE LONG-PROMPT line-numbers LINE-NUMBERS chop-long-lines RAW-CONTROL-CHARS raw-control-chars squeeze-blank-lines no-init mouse follow-name pattern= prompt= tabs= tag= shift= window= incsearch use-color', 'files', { risky: true, digits: true });
/** less/more: `+CMD` runs a pager command at start (`+!sh` runs a shell); -o/-O write a log file. */
const pager: FamilyRule = (name, args, ctx) => {
  const plus = args.filter((a) => a.text.startsWith('+') && !/^\+(\d+|\/[^!|]*|G|F)$/.test(a.text));
  const out: Reason[] = plus.map((a) => confirm('exec.pager-command', { en: '{part} runs a pager command at start (it can start a shell)', fr: '{part} exécute une commande du pager au démarrage (elle peut lancer un shell)' }, `${name} ${a.raw}`));
  const rest = args.filter((a) => !a.text.startsWith('+'));
  return [...out, ...judgeTool(name, rest, ctx, LESS)].filter((r, _i, all) => r.rule !== 'read-only' || all.length === 1);
};

const MAN = tool('acdDfhikKlLwWuM:S:s:e:m:L:E:', 'all apropos whatis where where-cat location local-file path default catman regex wildcard names-only sections= systems= manpath= extension= locale= encoding= no-hyphenation no-justification no-subpages', 'text', { risky: true });
const man: FamilyRule = (name, args, ctx) => judgeTool(name, args, ctx, MAN);

/** `VERB [args]`: verbs that show are allowed (with known options), the rest change the system. */
function verbTool(showVerbs: RegExp, spec: ToolSpec, what: { en: string; fr: string }, opts: { defaultVerb?: boolean; argsOk?: RegExp } = {}): FamilyRule {
  return (name, args) => {
    const read = readOptions(args, spec);
    const verb = read.operands[0]?.text;
    const out = [...unknownOptions(name, read.unknown), ...dynamicOptions(name, spec, read)];
    if (verb === undefined ? opts.defaultVerb === false : !showVerbs.test(verb) || (opts.argsOk && read.operands.length > 1 && !opts.argsOk.test(verb))) {
      out.push(confirm('system.change', what, `${name} ${read.operands.slice(0, 3).map((a) => a.raw).join(' ')}`.trim()));
    }
    return out.length ? out : [readOnly(`${name} ${verb ?? ''}`.trim())];
  };
}

const SYSTEMD_COMMON = 'no-pager no-legend no-ask-password json= host= machine= all full value property= help version';
const changesSetting = { en: '{part} changes a system setting', fr: '{part} modifie un réglage du système' };

const hostnamectl = verbTool(/^(status|hostname|icon-name|chassis|deployment|location)$/, tool('H:M:p', `${SYSTEMD_COMMON} static transient pretty`, 'text'), changesSetting, { argsOk: /^status$/ });
const timedatectl = verbTool(/^(status|show|show-timesync|timesync-status|list-timezones)$/, tool('aH:M:p:', `${SYSTEMD_COMMON} adjust-system-clock monitor`, 'text'), changesSetting);
const localectl = verbTool(/^(status|list-locales|list-keymaps|list-x11-keymap-models|list-x11-keymap-layouts|list-x11-keymap-variants|list-x11-keymap-options)$/, tool('H:M:', SYSTEMD_COMMON, 'text'), changesSetting);
const loginctl = verbTool(/^(list-sessions|list-users|list-seats|session-status|show-session|user-status|show-user|seat-status|show-seat)$/, tool('alH:M:n:o:p:P:', `${SYSTEMD_COMMON} lines= output=`, 'text'), changesSetting);
const networkctl = verbTool(/^(list|status|lldp|label|cat)$/, tool('alsH:M:n:', `${SYSTEMD_COMMON} stats lines=`, 'text'), changesSetting);
const resolvectl = verbTool(/^(query|status|statistics|show-cache|show-server-state|service|openpgp|tlsa|log-level|monitor)$/, tool('46ti:p:c:H:', `${SYSTEMD_COMMON} interface= protocol= type= class= service-address service-txt cname validate synthesize cache zone trust-anchor network search stale-data relax-single-label raw=? legend=`, 'text'), changesSetting, { argsOk: /^(query|status|service|openpgp|tlsa)$/ });
const busctl = verbTool(/^(list|status|tree|introspect|get-property|help)$/, tool('lH:M:', `${SYSTEMD_COMMON} address= show-machine unique acquired activatable match= size= list quiet verbose expect-reply= auto-start= allow-interactive-authorization= timeout= augment-creds= watch-bind= destination= user system`, 'text'), changesSetting);
const systemdAnalyze = verbTool(/^(time|blame|critical-chain|plot|dot|dump|cat-config|unit-files|unit-paths|exit-status|capability|condition|syscall-filter|filesystems|calendar|timestamp|timespan|security|inspect-elf|verify|image-policy|pcrs|srk|architectures|smbios11|fdstore|malloc|log-level|log-target|service-watchdogs)$/, tool('H:M:q', `${SYSTEMD_COMMON} system user global order require from-pattern= to-pattern= fuzz= man=? generators=? recursive-errors= root= image= iterations= base-time= unit= table no-legend offline= threshold= security-policy= json=`, 'text'), changesSetting, { argsOk: /^(critical-chain|dot|dump|cat-config|unit-files|unit-paths|exit-status|capability|condition|syscall-filter|filesystems|calendar|timestamp|timespan|security|inspect-elf|verify|image-policy|pcrs|architectures|smbios11|fdstore)$/ });

const DMESG = tool('dekLxTtHPrSuwf:l:F:s:', 'ctime decode kernel level= facility= follow follow-new human json nopager notime raw show-delta since= until= time-format= userspace color=? file= buffer-size= force-prefix noescape syslog reltime', 'none', { risky: true });
const LASTLOG = tool('b:t:u:', 'before= time= user=', 'none', { risky: true });

const getent: FamilyRule = (name, args, ctx) => {
  const db = args.find((a) => !a.text.startsWith('-'));
  if (db && /^g?shadow$/.test(db.text)) return [confirm('creds.read', { en: '{part} prints password hashes', fr: '{part} affiche des empreintes de mots de passe' }, `${name} ${db.raw}`)];
  return judgeTool(name, args, ctx, tool('is:', 'no-idn service=', 'text'));
};

/** ulimit: showing limits is harmless; a value sets one (ulimit -c unlimited enables core dumps of every process). */
const ulimit: FamilyRule = (name, args) => {
  if (args.some((a) => !a.text.startsWith('-'))) return [confirm('system.limits', { en: '{part} changes resource limits', fr: '{part} modifie les limites de ressources' }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
  return [readOnly(name)];
};

/** hash -p PROG NAME makes NAME run PROG: every later use of NAME runs something else. */
const hash: FamilyRule = (name, args) => {
  if (args.some((a) => /^-[a-zA-Z]*p/.test(a.text))) return [deny('shell.hash-path', { en: '{part} makes a command name run another program', fr: '{part} fait exécuter un autre programme sous le nom d’une commande' }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
  return [readOnly(name)];
};

/** enable -f LIB NAME loads a builtin from a shared library; enable -n hides one behind whatever is on PATH. */
const enable: FamilyRule = (name, args) => {
  if (args.some((a) => /^-[a-zA-Z]*f/.test(a.text))) return [deny('shell.enable-load', { en: '{part} loads code from a shared library into the shell', fr: '{part} charge du code d’une bibliothèque partagée dans le shell' }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
  if (!args.length || args.every((a) => /^-[aps]+$/.test(a.text))) return [readOnly(name)];
  return [confirm('shell.enable', { en: '{part} turns shell builtins on or off', fr: '{part} active ou désactive des commandes internes du shell' }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
};

const kubectxRule: FamilyRule = (name, args) => {
  if (!args.length || args.every((a) => /^(-c|--current|-h|--help)$/.test(a.text))) return [readOnly(name)];
  return [confirm('kubectl.config', { en: '{part} switches the current cluster context or namespace', fr: '{part} change le contexte ou l’espace de noms courant' }, `${name} ${args.map((a) => a.raw).join(' ')}`)];
};

const NVIDIA = tool('Lqxi:l:d:', 'query query-gpu= query-compute-apps= query-supported-clocks= format= id= loop= loop-ms= list-gpus display= xml-format', 'none', { risky: true });
const SENSORS = tool('ACjuvc:', 'no-adapter config-file= fahrenheit bus-list', 'text', { risky: true });

const iotop: FamilyRule = (name, args, ctx) => {
  const spec = tool('boPaqkt n:d:p:u:'.replace(' ', ''), 'batch only processes accumulated kilobytes time quiet iter= delay= pid= user=', 'none');
  const read = readOptions(args, spec);
  if (!read.seen.has('b') && !read.seen.has('batch')) return [confirm('shell.interactive', { en: '{part} is interactive (it can change I/O priorities); use -b to only print', fr: '{part} est interactif (il peut changer les priorités d’E/S) ; -b ne fait qu’afficher' }, name)];
  return judgeTool(name, args, ctx, spec, read);
};

const XMLLINT = tool('', 'noout format xpath= valid schema= relaxng= dtdvalid= encode= html nonet noblanks c14n c14n11 recover debug shell-free noent-off nowarning pretty= quiet', 'files', { risky: true });

const AMTOOL_READ = /^(alert|silence|check-config|config|cluster)$/;
const amtool: FamilyRule = (name, args) => {
  const pos = args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
  if (!pos.length || (AMTOOL_READ.test(pos[0]) && (pos.length === 1 || /^(query|show|routes|check-config)$/.test(pos[1]) || pos[0] === 'check-config'))) return [readOnly(`${name} ${pos.slice(0, 2).join(' ')}`.trim())];
  return [confirm('system.change', { en: '{part} changes alerts or silences', fr: '{part} modifie des alertes ou des silences' }, `${name} ${pos.slice(0, 2).join(' ')}`)];
};

const promtool: FamilyRule = (name, args) => {
  const pos = args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
  if (!pos.length || /^(check|test|query|debug)$/.test(pos[0]) && !(pos[0] === 'debug')) return [readOnly(`${name} ${pos[0] ?? ''}`.trim())];
  return [confirm('system.change', { en: '{part} writes data or files', fr: '{part} écrit des données ou des fichiers' }, `${name} ${pos.slice(0, 2).join(' ')}`)];
};

const tflint: FamilyRule = (name, args, ctx) => judgeTool(name, args, ctx, tool('f:c:', 'format= recursive chdir= config= var-file= var= module no-module minimum-failure-severity= force no-color color only= enable-rule= disable-rule= filter= call-module-type=', 'files', { risky: true }));

const RG = tool('AB:C:cE:e:f:g:HhiIjLlM:m:nNoPpqrSsT:t:uUvVwxz0', 'after-context= before-context= context= count count-matches color= colors= column no-column context-separator= encoding= file= files files-with-matches files-without-match fixed-strings follow glob= iglob= hidden ignore-case smart-case case-sensitive invert-match json line-number no-line-number max-columns= max-count= max-depth= max-filesize= no-filename with-filename no-heading heading no-ignore no-ignore-vcs no-messages null only-matching passthru pretty quiet regexp= replace= sort= sortr= stats text threads= trim type= type-not= type-list unrestricted vimgrep word-regexp line-regexp multiline multiline-dotall crlf no-config', 'files', { risky: true, digits: true });

/** ssh-keygen -l shows a key's fingerprint; anything else creates, converts or prints keys. */
const sshKeygen: FamilyRule = (name, args, ctx) => {
  const spec = tool('lvE:f:', '', 'none');
  const read = readOptions(args, spec);
  if (!read.seen.has('l')) return [confirm('crypto.keys', { en: '{part} creates, changes or prints keys', fr: '{part} crée, modifie ou affiche des clés' }, name)];
  return judgeTool(name, args, ctx, spec, read);
};

/** Readers with a rule of their own (risky options or operands), by name. */
export const READER_RULES: Record<string, FamilyRule> = {
  echo,
  printf,
  printenv,
  hostname,
  hostnamectl,
  date,
  ps,
  top,
  sort,
  uniq: withOutput(UNIQ, [], 1),
  shuf: withOutput(SHUF, ['o', 'output'], undefined),
  xxd: withOutput(XXD, [], 1),
  jq,
  yq,
  less: pager,
  more: pager,
  zless: pager,
  zmore: pager,
  most: pager,
  man,
  timedatectl,
  localectl,
  loginctl,
  networkctl,
  resolvectl,
  busctl,
  'systemd-analyze': systemdAnalyze,
  dmesg: (name, args, ctx) => judgeTool(name, args, ctx, DMESG),
  lastlog: (name, args, ctx) => judgeTool(name, args, ctx, LASTLOG),
  getent,
  ulimit,
  hash,
  enable,
  kubectx: kubectxRule,
  kubens: kubectxRule,
  'nvidia-smi': (name, args, ctx) => judgeTool(name, args, ctx, NVIDIA),
  sensors: (name, args, ctx) => judgeTool(name, args, ctx, SENSORS),
  iotop,
  xmllint: (name, args, ctx) => judgeTool(name, args, ctx, XMLLINT),
  amtool,
  promtool,
  tflint,
  rg: (name, args, ctx) => judgeTool(name, args, ctx, RG),
  'ssh-keygen': sshKeygen,
};
for (const name of Object.keys(READ_ONLY_TOOLS)) READER_RULES[name] ??= specRule;
