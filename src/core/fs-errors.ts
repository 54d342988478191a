/**
 * File-system failures said the way a user can act on them: which file, what went wrong (disk
 * full, read-only, permission...), and what to do. Node's own messages ("ENOSPC: no space left on
 * device, write") name neither the file nor a remedy.
 */
import { CloudyaError } from './errors.js';
import { defineMessages } from './i18n.js';

const m = defineMessages({
  en: {
    write: 'cannot write {file}: {reason}',
    read: 'cannot read {file}: {reason}',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EMFILE: 'too many open files',
    ENOENT: 'no such file or folder',
    hintSpace: 'free some space on that disk (df -h {dir}), or point CLOUDYA_HOME to another disk; nothing already saved was changed',
    hintReadOnly: 'point CLOUDYA_HOME to a writable folder; commands that only read keep working',
    hintPermission: 'check the owner and mode of {dir} (ls -ld {dir}), or point CLOUDYA_HOME to a folder you own',
    hintPath: 'move the thing in the way aside, or point CLOUDYA_HOME to another folder',
    hintGeneric: 'run again with CLOUDYA_DEBUG=1 for details',
  },
  fr: {
    write: "impossible d'écrire {file} : {reason}",
    read: 'impossible de lire {file} : {reason}',
    ENOSPC: "plus d'espace libre sur le disque",
    EDQUOT: 'quota disque dépassé',
    EROFS: 'le système de fichiers est en lecture seule',
    EACCES: 'permission refusée',
    EPERM: 'opération non permise',
    EISDIR: "c'est un dossier, pas un fichier",
    ENOTDIR: "une partie du chemin est un fichier, pas un dossier",
    EMFILE: 'trop de fichiers ouverts',
    ENOENT: 'fichier ou dossier introuvable',
    hintSpace: "libérez de l'espace sur ce disque (df -h {dir}), ou faites pointer CLOUDYA_HOME vers un autre disque ; rien de ce qui était déjà enregistré n'a été modifié",
    hintReadOnly: 'faites pointer CLOUDYA_HOME vers un dossier accessible en écriture ; les commandes qui ne font que lire fonctionnent toujours',
    hintPermission: 'vérifiez le propriétaire et les droits de {dir} (ls -ld {dir}), ou faites pointer CLOUDYA_HOME vers un dossier à vous',
    hintPath: "déplacez ce qui gêne, ou faites pointer CLOUDYA_HOME vers un autre dossier",
    hintGeneric: 'relancez avec CLOUDYA_DEBUG=1 pour les détails',
  },
});

const KNOWN = ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENOENT'] as const;
type KnownCode = (typeof KNOWN)[number];

/** The errno code of a Node file-system error, when it is one we can explain. */
export function fsErrorCode(err: unknown): KnownCode | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return KNOWN.find((k) => k === code);
}

/** True when the error means "this place cannot be written" (read-only, no permission, full). */
export function isUnwritable(err: unknown): boolean {
  const code = fsErrorCode(err);
  return code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EDQUOT';
}

/** The reason of a file-system error in words ("no space left on the device"), or undefined. */
export function fsReason(err: unknown): string | undefined {
  const code = fsErrorCode(err) ?? fsErrorCode((err as { cause?: unknown } | null)?.cause);
  return code ? m(code) : undefined;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i > 0 ? file.slice(0, i) : '.';
}

/**
 * Turns a Node file-system error into a one-line CloudyaError naming the file, with a hint;
 * returns undefined for errors that are not file-system ones. `file` defaults to the error's path.
 */
export function explainFsError(err: unknown, op: 'write' | 'read', file?: string): CloudyaError | undefined {
  const code = fsErrorCode(err);
  if (!code) return undefined;
  const target = file ?? (err as NodeJS.ErrnoException).path;
  if (!target) return undefined;
  const dir = dirOf(target);
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? m('hintSpace', { dir })
      : code === 'EROFS'
        ? m('hintReadOnly')
        : code === 'EACCES' || code === 'EPERM'
          ? m('hintPermission', { dir })
          : code === 'EISDIR' || code === 'ENOTDIR'
            ? m('hintPath')
            : m('hintGeneric');
  // The file is in the message itself ("cannot write FILE"), so `where` stays empty to avoid saying it twice.
  return new CloudyaError(m(op, { file: target, reason: m(code) }), { hint, code: `fs_${code.toLowerCase()}`, cause: err });
}
