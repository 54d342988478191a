/** git: inspection allowed; commits, pushes, resets, cleans confirmed; config that runs programs denied. */
import type { FamilyRule } from '../context.js';
import { allow, confirm, deny } from '../reason.js';
import type { Reason } from '../types.js';

const READ = new Set(['status', 'log', 'diff', 'show', 'blame', 'grep', 'ls-files', 'ls-tree', 'ls-remote', 'rev-parse', 'rev-list', 'describe', 'shortlog', 'reflog', 'cat-file', 'whatchanged', 'version', 'help', 'name-rev', 'merge-base', 'check-ignore', 'show-ref', 'for-each-ref', 'count-objects', 'fsck', 'verify-commit', 'verify-tag', 'var', 'cherry', 'range-diff']);
/** Config keys whose value is a program git runs. */
const EXEC_KEYS = /^(core\.(pager|sshcommand|fsmonitor|hookspath|editor|askpass|gitproxy)|diff\..*\.(textconv|command)|diff\.external|merge\..*\.driver|filter\..*\.(clean|smudge|process)|alias\..*|credential\.helper|gpg\.program|gpg\..*\.program|sequence\.editor|uploadpack\.packobjectshook|protocol\.ext\.allow|remote\..*\.(uploadpack|receivepack)|pager\..*|interactive\.difffilter|http\.proxy)$/i;

const git: FamilyRule = (name, args, ctx) => {
  const out: Reason[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const t = args[i].text;
    if (t === '-c' || t === '--config-env' || t.startsWith('--config-env=')) {
      const kv = t.startsWith('--config-env=') ? t.slice(13) : args[++i]?.text ?? '';
      const key = kv.split('=')[0];
      if (EXEC_KEYS.test(key)) out.push(deny('git.config-exec', { en: '{part} makes git run an arbitrary program', fr: '{part} fait exécuter un programme arbitraire à git' }, `-c ${kv}`));
      continue;
    }
    if (/^(-C|--git-dir|--work-tree|--namespace|--exec-path)(=|$)/.test(t)) {
      if (t.startsWith('--exec-path')) out.push(deny('git.config-exec', { en: '{part} makes git run programs from another directory', fr: "{part} fait exécuter à git des programmes d'un autre dossier" }, t));
      const dir = t.includes('=') ? { ...args[i], text: t.slice(t.indexOf('=') + 1) } : args[++i];
      // A repository in a world-writable place is someone else's: its config (core.fsmonitor, pager) runs programs.
      if (dir && t !== '--namespace' && (dir.dynamicStart || /^\/(tmp|var\/tmp|dev\/shm)(\/|$)/.test(dir.text))) {
        out.push(confirm('git.untrusted-repo', { en: '{part}: a repository whose configuration may run programs (fsmonitor, pager, hooks)', fr: '{part} : un dépôt dont la configuration peut exécuter des programmes (fsmonitor, pager, hooks)' }, `${t} ${dir.raw}`));
      }
      continue;
    }
    if (!t.startsWith('-')) break;
  }
  const verb = args[i]?.text ?? '';
  const rest = args.slice(i + 1).map((a) => a.text);
  const part = `${name} ${verb}`.trim();
  const read = () => [...out, allow('git.read', { en: '{part} only reads', fr: '{part} ne fait que lire' }, part)];
  if (verb === 'reflog' && /^(expire|delete)$/.test(rest[0] ?? '')) return [...out, confirm('git.discard', { en: '{part} deletes reflog entries (the record that lets lost commits be recovered)', fr: '{part} supprime des entrées du reflog (ce qui permet de retrouver des commits perdus)' }, `${part} ${rest[0]}`)];
  if (verb === 'grep' && rest.some((r) => /^(-O|--open-files-in-pager)/.test(r))) return [...out, confirm('git.options-exec', { en: '{part} opens the matches in a pager program', fr: '{part} ouvre les résultats dans un programme de pagination' }, `${part} ${rest.find((r) => /^(-O|--open-files-in-pager)/.test(r))}`)];
  if (rest.some((r) => /^--(output|ext-diff|upload-pack|receive-pack|exec)(=|$)/.test(r)) || rest.some((r) => /^-u$/.test(r) && /^(ls-remote|fetch|clone|pull)$/.test(verb))) {
    out.push(confirm('git.options-exec', { en: '{part} uses an option that writes files or runs a program', fr: '{part} utilise une option qui écrit des fichiers ou exécute un programme' }, `${part} ${rest.find((r) => /^--(output|ext-diff|upload-pack|receive-pack|exec)|^-u$/.test(r))}`));
  }
  if (!verb) return read();
  // Subcommands that run shell code: judge that code.
  const codeArgs = args.slice(i + 1);
  const runs =
    verb === 'submodule' && codeArgs.some((a) => a.text === 'foreach') ? codeArgs.slice(codeArgs.findIndex((a) => a.text === 'foreach') + 1).filter((a) => !a.text.startsWith('--')) :
    verb === 'bisect' && codeArgs[0]?.text === 'run' ? codeArgs.slice(1) :
    verb === 'rebase' ? codeArgs.flatMap((a, k) => (/^(-x|--exec)$/.test(a.text) ? [codeArgs[k + 1]].filter(Boolean) : a.text.startsWith('--exec=') ? [{ ...a, text: a.text.slice(7) }] : [])) :
    [];
  if (runs.length) {
    const dynamic = runs.some((a) => a.dynamic);
    return [
      ...out,
      confirm('git.runs-code', { en: '{part} runs shell commands', fr: '{part} exécute des commandes shell' }, part),
      ...(dynamic ? [deny('shell.dynamic-code', { en: '{part} runs code only known at run time', fr: "{part} exécute du code connu seulement à l'exécution" }, part)] : ctx.nested(runs.map((a) => a.text).join(' '), part)),
    ];
  }
  if (verb === 'config') {
    const setting = rest.filter((r) => !r.startsWith('-'));
    if (rest.some((r) => /^(--get|--get-all|--get-regexp|--list|-l|--show-origin|--show-scope|get|list)$/.test(r)) || setting.length <= 1) {
      if (!rest.some((r) => /^(--unset|--unset-all|--add|--replace-all|--edit|-e|set|unset|--rename-section|--remove-section)$/.test(r))) return read();
    }
    const key = setting[0] === 'set' ? setting[1] : setting[0];
    if (key && EXEC_KEYS.test(key)) return [...out, deny('git.config-exec', { en: '{part} configures a program for git to run', fr: '{part} configure un programme que git exécutera' }, `${part} ${key}`)];
    return [...out, confirm('git.config', { en: '{part} changes git configuration', fr: '{part} modifie la configuration git' }, part)];
  }
  if (READ.has(verb) && out.length === 0) return read();
  if (READ.has(verb)) return out;
  if (verb === 'branch' && rest.every((r) => /^(-a|-r|-v|-vv|--list|-l|--all|--remotes|--show-current|--contains|--merged|--no-merged|--verbose|--sort=.*|--format=.*)$/.test(r))) return read();
  if (verb === 'tag' && rest.every((r) => /^(-l|--list|-n\d*|--contains|--sort=.*|--points-at)$/.test(r) || !rest.includes('-d') && r.includes('*'))) return read();
  if (verb === 'remote' && (rest.length === 0 || /^(-v|--verbose|show|get-url)$/.test(rest[0]))) return read();
  if (verb === 'stash' && /^(list|show)$/.test(rest[0] ?? '')) return read();
  if (verb === 'worktree' && rest[0] === 'list') return read();
  if (verb === 'submodule' && (rest.length === 0 || rest[0] === 'status')) return read();
  if (verb === 'push' && rest.some((r) => /^(-f|--force|--force-with-lease.*|--mirror|--delete|-d|\+.*)$/.test(r) || r.startsWith(':'))) {
    return [...out, confirm('git.force-push', { en: '{part} rewrites or deletes remote history', fr: "{part} réécrit ou supprime l'historique distant" }, `${part} ${rest.join(' ')}`)];
  }
  if ((verb === 'reset' && rest.includes('--hard')) || (verb === 'clean' && rest.some((r) => /^-[a-zA-Z]*f/.test(r))) || (verb === 'checkout' && rest.includes('--') && rest.includes('.'))) {
    return [...out, confirm('git.discard', { en: '{part} throws away uncommitted work', fr: '{part} jette le travail non commité' }, `${part} ${rest.join(' ')}`)];
  }
  return [...out, confirm('git.change', { en: '{part} changes the repository or a remote', fr: '{part} modifie le dépôt ou un dépôt distant' }, part)];
};

export const GIT_RULES: Record<string, FamilyRule> = { git };
