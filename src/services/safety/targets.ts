/** Judging the files a command writes, deletes or reads, shared by redirections and file utilities. */
import {
  credentialKind,
  globMayNameCredential,
  isBlockDevice,
  isHarmlessDevice,
  isHistoryFile,
  isHomeLike,
  isKnownHosts,
  isRotatedLog,
  isLogPath,
  isNetworkPseudoFile,
  isParentLike,
  isRootLike,
  isShellRc,
  isSshPath,
  isSystemPath,
  normalisePath,
} from './paths.js';
import { allow, confirm, deny } from './reason.js';
import type { Reason } from './types.js';
import { expandBraces, MAX_BRACE_WORDS, type Arg } from './words.js';

/** The paths a word names (brace lists expanded), or undefined when it expands to too many to check. */
function expand(arg: Arg, home: string): string[] | undefined {
  const texts = arg.dynamic ? [arg.text] : expandBraces(arg.text);
  return texts?.map((t) => normalisePath(t, home));
}

/** The confirm reason for a word whose brace expansion is too large to check path by path. */
export function tooManyWords(part: string): Reason {
  return confirm('parse.too-complex', { en: 'the brace expansion makes more than {max} words; they are not checked one by one: {part}', fr: 'l’expansion d’accolades produit plus de {max} mots ; ils ne sont pas vérifiés un par un : {part}' }, part.length > 80 ? `${part.slice(0, 77)}...` : part, { max: String(MAX_BRACE_WORDS) });
}

/** Rules for a file the command writes or modifies (redirect target, tee, cp/mv destination, chmod...). */
export function judgeWriteTarget(arg: Arg, home: string, part = arg.raw): Reason[] {
  if (arg.dynamicStart) return [confirm('fs.write', { en: 'writes to a path only known at run time: {part}', fr: "écrit dans un chemin connu seulement à l'exécution : {part}" }, part)];
  const out: Reason[] = [];
  const paths = expand(arg, home);
  if (!paths) return [tooManyWords(part)];
  for (const p of paths) {
    if (isHarmlessDevice(p)) continue;
    if (isNetworkPseudoFile(p)) out.push(deny('net.dev-tcp', { en: 'opens a raw network connection through {part}', fr: 'ouvre une connexion réseau brute via {part}' }, part));
    else if (isBlockDevice(p)) out.push(deny('disk.overwrite', { en: 'writes to a disk or memory device: {part}', fr: 'écrit sur un disque ou un périphérique mémoire : {part}' }, part));
    else if (isHistoryFile(p, home)) out.push(deny('history.wipe', { en: 'rewrites a shell history file: {part}', fr: "réécrit un fichier d'historique : {part}" }, part));
    else if (isLogPath(p, home)) out.push(deny('logs.wipe', { en: 'overwrites logs: {part}', fr: 'écrase des journaux : {part}' }, part));
    else if (isShellRc(p, home)) out.push(deny('fs.write-shell-rc', { en: 'modifies a shell start-up file: {part}', fr: 'modifie un fichier de démarrage du shell : {part}' }, part));
    else if (isKnownHosts(p, home)) out.push(confirm('fs.write', { en: 'adds to the known SSH host keys: {part}', fr: "ajoute aux clés d'hôtes SSH connues : {part}" }, part));
    else if (isSshPath(p, home)) out.push(deny('fs.write-ssh', { en: 'modifies ~/.ssh (keys, authorized_keys): {part}', fr: 'modifie ~/.ssh (clés, authorized_keys) : {part}' }, part));
    else if (p === '/etc' || p.startsWith('/etc/')) out.push(deny('fs.write-etc', { en: 'writes to /etc: {part}', fr: 'écrit dans /etc : {part}' }, part));
    else if (credentialKind(p, home)) out.push(deny('fs.write-credentials', { en: 'overwrites a credential file: {part}', fr: "écrase un fichier d'identifiants : {part}" }, part));
    else if (isRootLike(p) || isSystemPath(p, home)) out.push(deny('fs.write-system', { en: 'writes to a system location: {part}', fr: 'écrit dans un emplacement système : {part}' }, part));
    else out.push(confirm('fs.write', { en: 'writes {part}', fr: 'écrit {part}' }, part));
  }
  return out;
}

/** Rules for a path the command deletes (rm, rmdir, shred, find -delete, mv away). */
export function judgeDeleteTarget(arg: Arg, recursive: boolean, home: string, part = arg.raw): Reason[] {
  if (arg.dynamicStart) {
    return recursive
      ? [deny('fs.delete-unresolved', { en: 'recursive delete of a path that starts with a run-time value (an empty variable makes it "/..."): {part}', fr: "suppression récursive d'un chemin commençant par une valeur d'exécution (vide, il devient « /... ») : {part}" }, part)]
      : [confirm('fs.delete', { en: 'deletes a path only known at run time: {part}', fr: "supprime un chemin connu seulement à l'exécution : {part}" }, part)];
  }
  const out: Reason[] = [];
  const paths = expand(arg, home);
  if (!paths) return [tooManyWords(part)];
  for (const p of paths) {
    if (isRootLike(p)) out.push(deny('fs.delete-root', { en: 'deletes the filesystem root: {part}', fr: 'supprime la racine du système de fichiers : {part}' }, part));
    else if (isHomeLike(p, home) || /^\/(home\/[^/]+|root)(\/\*?)?$/.test(p)) out.push(deny('fs.delete-home', { en: 'deletes a home directory: {part}', fr: 'supprime un répertoire personnel : {part}' }, part));
    else if (isParentLike(p) || /^\.\*/.test(p)) out.push(deny('fs.delete-parent', { en: 'deletes a parent directory: {part}', fr: 'supprime un répertoire parent : {part}' }, part));
    else if (isHistoryFile(p, home)) out.push(deny('history.wipe', { en: 'deletes shell history: {part}', fr: "supprime l'historique du shell : {part}" }, part));
    else if (isLogPath(p, home) && isRotatedLog(p) && !recursive) out.push(confirm('logs.delete-rotated', { en: 'deletes rotated log archives: {part}', fr: 'supprime des archives de journaux : {part}' }, part));
    else if (isLogPath(p, home)) out.push(deny('logs.wipe', { en: 'deletes logs: {part}', fr: 'supprime des journaux : {part}' }, part));
    else if (isSystemPath(p, home)) out.push(deny('fs.delete-system', { en: 'deletes a system directory or file: {part}', fr: 'supprime un répertoire ou fichier système : {part}' }, part));
    else if (isSshPath(p, home) || credentialKind(p, home) || isShellRc(p, home)) out.push(deny('fs.delete-credentials', { en: 'deletes keys, credentials or shell start-up files: {part}', fr: "supprime des clés, des identifiants ou des fichiers de démarrage : {part}" }, part));
    else out.push(confirm('fs.delete', { en: 'deletes {part}', fr: 'supprime {part}' }, part));
  }
  return out;
}

/** Confirm when an argument names a credential file (reading it shows secrets); nothing otherwise. */
export function judgeReadTarget(arg: Arg, home: string, part = arg.raw): Reason[] {
  if (arg.dynamicStart) return [];
  const text = arg.text.replace(/^@/, '').replace(/^[A-Za-z_-]+=@?/, '');
  if (!text.includes('/') && !text.startsWith('~') && !text.startsWith('.')) return [];
  const texts = expandBraces(text);
  if (!texts) return [tooManyWords(part)];
  for (const p of texts.map((t) => normalisePath(t, home))) {
    const kind = credentialKind(p, home) ?? (arg.glob && globMayNameCredential(p, home) ? 'glob' : undefined);
    if (kind) return [confirm('creds.read', { en: 'reads a credential file ({kind}): {part}', fr: "lit un fichier d'identifiants ({kind}) : {part}" }, part, { kind })];
  }
  return [];
}

/** An allow reason for a read-only command. */
export function readOnly(name: string): Reason {
  return allow('read-only', { en: '{part} only reads', fr: '{part} ne fait que lire' }, name);
}
