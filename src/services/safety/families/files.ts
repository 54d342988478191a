/** File utilities: deletes, copies and moves, permissions, disk tools, in-place editors, find. */
import type { FamilyRule } from '../context.js';
import { parseFlags } from '../flags.js';
import { dynamicOptions, readOptions, tool, unknownOptions } from '../options.js';
import { normalisePath, isRootLike, isHomeLike, isSshPath } from '../paths.js';
import { allow, confirm, deny } from '../reason.js';
import { judgeDeleteTarget, judgeReadTarget, judgeWriteTarget, readOnly } from '../targets.js';
import type { Reason } from '../types.js';
import { sedEffects } from '../sed.js';
import { literalArg, type Arg } from '../words.js';

const noTargets = (name: string): Reason => confirm('fs.delete', { en: '{part} deletes files given at run time', fr: "{part} supprime des fichiers fournis à l'exécution" }, name);

const rm: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args);
  const recursive = f.has('r', 'R', 'recursive') || name === 'rmdir';
  const out: Reason[] = [];
  if (f.has('no-preserve-root')) out.push(deny('fs.delete-root', { en: '--no-preserve-root disables the protection of "/"', fr: '--no-preserve-root désactive la protection de « / »' }, '--no-preserve-root'));
  for (const p of f.positionals) out.push(...judgeDeleteTarget(p, recursive || name === 'shred', ctx.home));
  if (!f.positionals.length) out.push(ctx.dynamicArgs ? noTargets(name) : allow('fs.noop', { en: '{part} without operands does nothing', fr: '{part} sans opérande ne fait rien' }, name));
  return out;
};

const shred: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['n', 'iterations', 's', 'size', 'random-source'] });
  const out: Reason[] = [];
  for (const p of f.positionals) {
    const w = judgeWriteTarget(p, ctx.home);
    out.push(...(w.some((r) => r.verdict === 'deny') ? w : judgeDeleteTarget(p, false, ctx.home)));
  }
  if (!f.positionals.length) out.push(noTargets(name));
  return out;
};

const copyMove: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['t', 'target-directory', 'S', 'suffix', 'm', 'mode', 'o', 'owner', 'g', 'group', 'backup'] });
  const out: Reason[] = [];
  const dest = f.value('t', 'target-directory');
  const sources = dest ? f.positionals : f.positionals.slice(0, -1);
  const target = dest ? literalArg(dest) : f.positionals[f.positionals.length - 1];
  if (target) out.push(...judgeWriteTarget(target, ctx.home));
  else out.push(confirm('fs.write', { en: '{part} writes files given at run time', fr: "{part} écrit des fichiers fournis à l'exécution" }, name));
  for (const s of sources) {
    // mv takes the source away: moving "/" or a system dir is a delete.
    if (name === 'mv') out.push(...judgeDeleteTarget(s, true, ctx.home).filter((r) => r.verdict === 'deny'));
    out.push(...judgeReadTarget(s, ctx.home));
  }
  return out;
};

const ln: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['t', 'target-directory', 'S', 'suffix'] });
  const target = f.value('t', 'target-directory') ? literalArg(f.value('t', 'target-directory')!) : f.positionals[f.positionals.length - 1];
  const out: Reason[] = [];
  if (target && f.positionals.length >= 2) out.push(...judgeWriteTarget(target, ctx.home));
  else out.push(confirm('fs.write', { en: '{part} creates a link', fr: '{part} crée un lien' }, name));
  // ln -s /dev/null ~/.bash_history silences history.
  if (f.positionals[0]?.text === '/dev/null' && target) out.push(...judgeWriteTarget(target, ctx.home).filter((r) => r.verdict === 'deny'));
  return out;
};

const perms: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['reference'] });
  const out: Reason[] = [];
  const pos = [...f.positionals];
  // chmod accepts modes like -x / -w written as options; they are not files.
  let mode: string | undefined;
  if (name === 'chmod') {
    const optMode = args.find((a) => /^-[rwxXst]+$/.test(a.text) || /^-[0-7]{3,4}$/.test(a.text));
    mode = f.value('reference') ? undefined : optMode ? optMode.text : pos.shift()?.text;
  } else if (!f.value('reference')) pos.shift();
  const recursive = f.has('R', 'recursive');
  // setgid alone (2775, g+s) is the routine shared-directory setting: confirmed; setuid is denied.
  if (mode && (/^0?[2][0-7]{3}$/.test(mode) || /^g[+=][rwxXt]*s[rwxXt]*$/.test(mode))) {
    out.push(confirm('fs.setgid', { en: 'sets the setgid bit ({part}): new files inherit the group', fr: 'active le bit setgid ({part}) : les nouveaux fichiers héritent du groupe' }, mode));
  } else if (mode && (/^[ugoa]*[+=][rwxXt]*s/.test(mode) || /^[0-7]?[2-7][0-7]{3}$/.test(mode) || /(^|,)[ugoa]*[+=][^,]*s/.test(mode))) {
    out.push(deny('priv.setuid', { en: 'sets the setuid/setgid bit ({part}): a classic privilege escalation', fr: 'active le bit setuid/setgid ({part}) : escalade de privilèges classique' }, mode));
  }
  const tightens = name === 'chmod' && !!mode && (/^0?[4-7]00$/.test(mode) || /^0?644$/.test(mode) || /^(go|og|g|o|a)-[rwx]+$/.test(mode) || /^u=rwx?,go=$/.test(mode));
  for (const p of pos) {
    const path = normalisePath(p.text, ctx.home);
    if (tightens && isSshPath(path, ctx.home)) {
      out.push(confirm('fs.perms-ssh', { en: 'tightens permissions in ~/.ssh: {part}', fr: 'restreint des droits dans ~/.ssh : {part}' }, p.raw));
      continue;
    }
    if (!p.dynamicStart && recursive && (isRootLike(path) || isHomeLike(path, ctx.home) || path === '/home')) {
      out.push(deny('fs.perms-system', { en: 'changes permissions or owner of a whole tree: {part}', fr: "change les droits ou le propriétaire de toute une arborescence : {part}" }, p.raw));
    } else out.push(...judgeWriteTarget(p, ctx.home));
  }
  if (!pos.length) out.push(confirm('fs.write', { en: '{part} changes file attributes', fr: '{part} change des attributs de fichier' }, name));
  return out;
};

const dd: FamilyRule = (_name, args, ctx) => {
  const out: Reason[] = [];
  let of = false;
  for (const a of args) {
    const m = /^(if|of)=(.*)$/s.exec(a.text);
    if (!m) continue;
    const target = { ...a, text: m[2], dynamicStart: a.dynamicStart };
    if (m[1] === 'of') {
      of = true;
      out.push(...judgeWriteTarget(target, ctx.home, a.raw));
    } else out.push(...judgeReadTarget(target, ctx.home, a.raw));
  }
  if (!of) out.push(confirm('fs.write', { en: 'dd writes to standard output', fr: 'dd écrit sur la sortie standard' }, 'dd'));
  return out;
};

const diskDestroy: FamilyRule = (name, args) => {
  const f = parseFlags(args);
  if ((name === 'fdisk' || name === 'sfdisk' || name === 'gdisk' || name === 'sgdisk') && (f.has('l', 'list') || f.has('p', 'print') || f.has('s', 'J', 'json'))) return [readOnly(name)];
  if (name === 'parted' && f.has('l', 'list')) return [readOnly(name)];
  if (name === 'parted' && args.some((a) => a.text === 'print') && !args.some((a) => /^(mklabel|mktable|mkpart|rm|resizepart|name|set|toggle|rescue|disk_set|disk_toggle)$/.test(a.text))) return [readOnly(name)];
  // Formatting a regular file (a swap file, a disk image) destroys nothing but that file.
  const targets = f.positionals.filter((p) => !/^\d+[KMGT]?$/i.test(p.text));
  if (targets.length && targets.every((p) => !p.dynamicStart && !p.text.startsWith('/dev/') && !p.text.startsWith('/proc/'))) {
    return [confirm('disk.format-file', { en: '{part} formats a file (image or swap file), not a disk', fr: '{part} formate un fichier (image ou fichier d’échange), pas un disque' }, `${name} ${targets.map((p) => p.raw).join(' ')}`)];
  }
  return [deny('disk.format', { en: '{part} formats, wipes or repartitions a disk', fr: '{part} formate, efface ou repartitionne un disque' }, name)];
};

const truncate: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['s', 'size', 'r', 'reference', 'l', 'length', 'o', 'offset'] });
  return f.positionals.flatMap((p) => judgeWriteTarget(p, ctx.home)).concat(f.positionals.length ? [] : [confirm('fs.write', { en: '{part} truncates files', fr: '{part} tronque des fichiers' }, name)]);
};

const tee: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['output-error'] });
  if (!f.positionals.length) return [allow('fs.tee-stdout', { en: 'tee without files only copies to standard output', fr: 'tee sans fichier ne fait que recopier sur la sortie standard' }, name)];
  return f.positionals.flatMap((p) => judgeWriteTarget(p, ctx.home));
};

const touchMkdir: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['m', 'mode', 'd', 'date', 'r', 'reference', 't', 'context'] });
  return f.positionals.flatMap((p) => judgeWriteTarget(p, ctx.home)).concat(f.positionals.length ? [] : [confirm('fs.write', { en: '{part} creates files', fr: '{part} crée des fichiers' }, name)]);
};

const SED = tool('nrsuzEbi:e:f:l:', 'quiet silent debug expression= file= follow-symlinks in-place=? line-length= null-data zero-terminated posix regexp-extended separate sandbox unbuffered binary', 'files', { risky: true });

/** sed: read-only unless -i (in-place) or a script that runs commands (e, s///e), writes (w, W) or reads other files (r, R). */
const sed: FamilyRule = (name, args, ctx) => {
  // -i takes an optional suffix attached (-i.bak); written apart it is a flag.
  const normal = args.filter((a) => a.dynamic || !/^-[nrsuzEb]*i/.test(a.text));
  const inPlace = args.some((a) => /^-[nrsuzEb]*i/.test(a.text) || a.text.startsWith('--in-place'));
  const read = readOptions(normal, SED);
  const out: Reason[] = [...unknownOptions(name, read.unknown), ...dynamicOptions(name, SED, read)];
  const scripts = [...(read.seen.get('e') ?? []), ...(read.seen.get('expression') ?? [])];
  const files = [...read.operands];
  for (const f of [...(read.seen.get('f') ?? []), ...(read.seen.get('file') ?? [])]) {
    // -f - reads the script from standard input: a here-doc or here-string is read, anything else is unknown.
    const stdin = f === '-' || f === '/dev/stdin';
    if (stdin && (ctx.cmd.stdin === 'heredoc' || ctx.cmd.stdin === 'herestring') && ctx.cmd.stdinText !== undefined && !ctx.cmd.stdinDynamic) scripts.push(ctx.cmd.stdinText);
    else out.push(confirm('shell.script', { en: 'the sed script comes from {part}, whose content is not checked', fr: 'le script sed vient de {part}, dont le contenu n’est pas vérifié' }, `-f ${f}`), ...judgeReadTarget(literalArg(f), ctx.home));
  }
  if (!scripts.length && !read.seen.has('f') && !read.seen.has('file') && files.length) {
    const first = files.shift()!;
    if (first.dynamic) out.push(confirm('shell.dynamic-code', { en: 'the sed script is only known at run time: {part}', fr: "le script sed n'est connu qu'à l'exécution : {part}" }, first.raw));
    else scripts.push(first.text);
  }
  for (const script of scripts) {
    const fx = sedEffects(script);
    const part = script.length > 80 ? `${script.slice(0, 77)}...` : script;
    if (fx.unreadable) out.push(confirm('parse.too-complex', { en: 'the sed script cannot be checked ({reason}): {part}', fr: 'le script sed ne peut pas être vérifié ({reason}) : {part}' }, part, { reason: fx.unreadable }));
    // s///e and a bare e run the pattern space: when the input is a literal echo/printf, that text is the code.
    const feeder = ctx.cmd.stdin === 'pipe' ? ctx.cmd.upstream[ctx.cmd.upstream.length - 1] : undefined;
    if (fx.runsInput && feeder && /^(echo|printf)$/.test(feeder.argv[0]?.text ?? '') && feeder.argv.slice(1).every((a) => !a.dynamic)) {
      const text = feeder.argv.slice(1).filter((a) => !/^-[neE]+$/.test(a.text)).map((a) => a.text).join(' ').replace(/\\n/g, '\n');
      out.push(...ctx.nested(text, `sed e <<< ${text.slice(0, 50)}`));
    }
    if (fx.runs.length || fx.runsInput) out.push(confirm('exec.sed-command', { en: 'the sed script runs commands (e): {part}', fr: 'le script sed exécute des commandes (e) : {part}' }, part));
    for (const c of fx.runs.slice(0, 8)) out.push(...ctx.nested(c, `sed e ${c.slice(0, 60)}`));
    for (const w of fx.writes) out.push(...judgeWriteTarget(literalArg(w), ctx.home, `sed w ${w}`));
    for (const r of fx.reads) out.push(...judgeReadTarget(literalArg(r), ctx.home, `sed r ${r}`));
  }
  if (inPlace) out.push(...files.flatMap((p) => judgeWriteTarget(p, ctx.home)));
  else out.push(...files.flatMap((p) => judgeReadTarget(p, ctx.home)));
  if (inPlace && !files.length) out.push(confirm('fs.write', { en: 'sed -i edits files in place', fr: 'sed -i modifie des fichiers sur place' }, name));
  if (!out.length) out.push(readOnly(name));
  return out;
};

/** find: read-only unless -delete, -exec/-ok (whose command is judged) or -fprint. */
const find: FamilyRule = (name, args, ctx) => {
  const out: Reason[] = [];
  const roots: Arg[] = [];
  let i = 0;
  while (i < args.length && !/^[-(!]/.test(args[i].text)) roots.push(args[i++]);
  for (; i < args.length; i++) {
    const t = args[i].text;
    if (t === '-delete') {
      for (const r of roots.length ? roots : [literalArg('.')]) out.push(...judgeDeleteTarget(r, true, ctx.home).map((x) => (x.verdict === 'allow' ? x : { ...x, part: `${r.raw} -delete` })));
      if (!out.length) out.push(confirm('fs.delete', { en: 'find -delete deletes what it finds', fr: 'find -delete supprime ce qu’il trouve' }, '-delete'));
    } else if (/^-(exec|execdir|ok|okdir)$/.test(t)) {
      const inner: Arg[] = [];
      for (i++; i < args.length && args[i].text !== ';' && args[i].text !== '+'; i++) {
        inner.push(args[i].text.includes('{}') ? { ...args[i], dynamic: true } : args[i]);
      }
      // The found paths are passed to the inner command: judge it as if with run-time arguments, plus the roots.
      const rooted = inner.map((a) => (a.text === '{}' ? { ...(roots[0] ?? literalArg('.')), raw: '{}' } : a));
      out.push(...ctx.inner(rooted, { dynamicArgs: true }));
    } else if (/^-f(print|print0|printf|ls)$/.test(t)) {
      const file = args[i + 1];
      if (file) out.push(...judgeWriteTarget(file, ctx.home));
    }
  }
  for (const r of roots) out.push(...judgeReadTarget(r, ctx.home));
  if (!out.length) out.push(readOnly(name));
  return out;
};

const mount: FamilyRule = (name, args) => {
  if (name === 'mount' && args.length === 0) return [readOnly(name)];
  if (name === 'mount' && args.every((a) => /^-(l|t|v)$/.test(a.text) || !a.text.startsWith('-')) && args.length <= 2 && args.some((a) => a.text === '-l')) return [readOnly(name)];
  return [confirm('system.mount', { en: '{part} changes mounted filesystems', fr: '{part} modifie les systèmes de fichiers montés' }, name)];
};

/** tar options that run a program (checkpoint actions, filters, compressors, scripts, remote shells). */
const TAR_PROGRAM = /^--(checkpoint-action|to-command|use-compress-program|info-script|new-volume-script|rsh-command|rmt-command|index-file|volno-file)(=|$)|^-[a-zA-Z]*[IF]/;

const archive: FamilyRule = (name, args, ctx) => {
  const joined = args.map((a) => a.text).join(' ');
  if (name === 'tar') {
    // Old-style `tar cIf PROG ...`: the first word's letters are options too.
    const risky = args.filter((a, i) => TAR_PROGRAM.test(a.text) || (i === 0 && !a.text.startsWith('-') && /^[a-zA-Z]*[IF][a-zA-Z]*$/.test(a.text)));
    if (risky.length) return [confirm('exec.tar-program', { en: '{part} makes tar run a program', fr: '{part} fait exécuter un programme par tar' }, risky.map((a) => a.raw).join(' '))];
    if (args.some((a) => a.dynamicStart)) return [confirm('option.dynamic', { en: '{part}: an argument only known at run time could be an option that runs a program', fr: "{part} : un argument connu seulement à l'exécution pourrait être une option qui exécute un programme" }, name)];
  }
  const extracting = name === 'unzip' || name === 'gunzip' || /(^|\s)-?-?[a-zA-Z]*x|--extract|--get/.test(joined);
  const listing = name === 'tar' ? /(^|\s)-?[a-zA-Z]*t|--list/.test(joined) && !extracting : /(^|\s)-l\b/.test(joined);
  if (listing) return [readOnly(name)];
  const f = parseFlags(args, { withValue: ['C', 'directory', 'd', 'f', 'file'] });
  const dir = f.value('C', 'directory', 'd');
  const out: Reason[] = [];
  if (dir) out.push(...judgeWriteTarget(literalArg(dir), ctx.home));
  if (extracting && !dir) out.push(confirm('fs.write', { en: '{part} extracts files into the current directory', fr: '{part} extrait des fichiers dans le dossier courant' }, name));
  if (!extracting) {
    const file = f.value('f', 'file');
    if (file && /(^|\s)-?[a-zA-Z]*c|--create/.test(joined)) out.push(...judgeWriteTarget(literalArg(file), ctx.home));
    else out.push(confirm('fs.write', { en: '{part} writes an archive', fr: '{part} écrit une archive' }, name));
  }
  for (const p of f.positionals) out.push(...judgeReadTarget(p, ctx.home));
  return out;
};

export const FILE_RULES: Record<string, FamilyRule> = {
  rm,
  rmdir: rm,
  unlink: rm,
  shred,
  srm: rm,
  wipe: shred,
  mv: copyMove,
  cp: copyMove,
  install: copyMove,
  ln,
  chmod: perms,
  chown: perms,
  chgrp: perms,
  chattr: perms,
  setfacl: perms,
  dd,
  mkfs: diskDestroy,
  mke2fs: diskDestroy,
  mkswap: diskDestroy,
  wipefs: diskDestroy,
  fdisk: diskDestroy,
  sfdisk: diskDestroy,
  cfdisk: diskDestroy,
  gdisk: diskDestroy,
  sgdisk: diskDestroy,
  parted: diskDestroy,
  blkdiscard: diskDestroy,
  badblocks: diskDestroy,
  truncate,
  fallocate: truncate,
  tee,
  touch: touchMkdir,
  mkdir: touchMkdir,
  mktemp: () => [allow('fs.mktemp', { en: 'mktemp creates a fresh temporary file', fr: 'mktemp crée un fichier temporaire neuf' }, 'mktemp')],
  sed,
  find,
  mount,
  umount: mount,
  swapoff: mount,
  tar: archive,
  unzip: archive,
  zip: archive,
  gzip: archive,
  gunzip: archive,
};

/** True for names of mkfs variants (mkfs.ext4, mkfs.xfs...). */
export function isMkfs(name: string): boolean {
  return /^mkfs\.|^mke2fs$|^mkdosfs$|^mkntfs$/.test(name);
}

