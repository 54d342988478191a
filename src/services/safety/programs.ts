/**
 * Which programs a validated line runs, and what each can do, for the sandbox: a line may get the
 * host's view only when every program on it is a read-only inspector that cannot start another
 * program. Judged from the validator's own result (the words after unwrapping sudo/env/xargs...).
 */
import path from 'node:path';
import { READER_RULES } from './families/readers.js';
import type { ValidationResult } from './types.js';

/** One program of a line. */
export interface LineProgram {
  /** The program's name (basename of the command word). */
  name: string;
  /** The validator allowed this command, and the program is on the read-only allow list. */
  readOnly: boolean;
  /** The program can start other programs (a script command, an option, a pager, hooks...), whatever its arguments here. */
  runsPrograms: boolean;
}

/**
 * Programs able to run others: shells and interpreters, code-taking builtins, text tools with an
 * execute command (sed e, awk system()), pagers (!cmd), tools with program options (sort
 * --compress-program, tar --to-command, rg --pre, find -exec, git hooks/pager, man -P), wrappers.
 */
const RUNS_PROGRAMS = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox', 'env', 'sudo', 'doas', 'su', 'runuser', 'nohup', 'setsid', 'nice', 'ionice', 'chrt', 'taskset', 'timeout', 'time', 'stdbuf', 'unbuffer', 'xargs', 'parallel', 'watch', 'flock', 'script', 'screen', 'tmux', 'strace', 'ltrace', 'gdb', 'systemd-run', 'exec', 'eval', 'source', '.', 'command', 'builtin', 'trap', 'coproc', 'mapfile', 'readarray', 'complete', 'bind', 'enable',
  'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'php', 'lua', 'deno', 'bun', 'tclsh', 'Rscript', 'pwsh', 'osascript',
  'sed', 'awk', 'gawk', 'mawk', 'nawk', 'find', 'sort', 'tar', 'rg', 'less', 'more', 'most', 'zless', 'zmore', 'man', 'info', 'vi', 'vim', 'nvim', 'nano', 'emacs', 'ed', 'ex', 'git', 'make', 'npm', 'npx', 'pnpm', 'yarn', 'pip', 'pip3', 'go', 'cargo', 'ssh', 'scp', 'rsync', 'dc', 'zip', 'at', 'batch', 'crontab', 'kubectl', 'helm', 'terraform', 'ansible', 'ansible-playbook', 'docker', 'podman', 'journalctl', 'systemctl',
]);

/** Listers and text tools judged by other families: read-only whenever the validator allowed them. */
const LISTERS = new Set(['ss', 'netstat', 'ip', 'sed', 'awk', 'gawk', 'mawk', 'nawk', 'find', 'tar']);

function onReadOnlyList(name: string): boolean {
  return Object.hasOwn(READER_RULES, name) || LISTERS.has(name);
}

/** The programs of a validated line, in order, each with whether it only reads and whether it can run programs. */
export function linePrograms(result: Pick<ValidationResult, 'commands'>): LineProgram[] {
  return result.commands
    .filter((c) => c.argv.length > 0)
    .map((c) => {
      const name = path.posix.basename(c.argv[0]);
      return { name, readOnly: c.verdict === 'allow' && onReadOnlyList(name), runsPrograms: RUNS_PROGRAMS.has(name) || !onReadOnlyList(name) };
    });
}

/** True when some program of the line can start another program (or is not known to be unable to). */
export function lineRunsPrograms(result: Pick<ValidationResult, 'commands'>): boolean {
  return linePrograms(result).some((p) => p.runsPrograms);
}
