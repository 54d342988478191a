/** Completion scripts generated from the command specs, so they never drift from the parser. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CommandSpec } from './core/command.js';
import { tr } from './core/i18n.js';
import { bundledPaths, userPaths } from './core/paths.js';
import { GLOBAL_OPTIONS } from './globals.js';

export interface CompletionModel {
  commands: Array<{ name: string; summary: string; actions: string[]; options: string[] }>;
  globals: string[];
  templates: string[];
}

function templateIds(dir: string): string[] {
  const root = path.join(dir, 'terraform');
  if (!existsSync(root)) return [];
  const ids: string[] = [];
  for (const provider of readdirSync(root, { withFileTypes: true })) {
    if (!provider.isDirectory()) continue;
    for (const name of readdirSync(path.join(root, provider.name), { withFileTypes: true })) {
      if (name.isDirectory()) ids.push(`${provider.name}/${name.name}`);
    }
  }
  return ids;
}

/** Commands, actions, options and template ids to complete. */
export function completionModel(commands: Map<string, CommandSpec>, env: NodeJS.ProcessEnv): CompletionModel {
  return {
    commands: [...commands].map(([name, spec]) => ({
      name,
      // In the language in force when the script is generated; a straight quote would end the shell string.
      summary: tr(spec.summary).replace(/'/g, '’'),
      actions: Object.keys(spec.actions ?? {}),
      options: Object.keys(spec.options ?? {}).map((o) => `--${o}`),
    })),
    globals: Object.keys(GLOBAL_OPTIONS).map((o) => `--${o}`),
    templates: [...new Set([...templateIds(bundledPaths().templates), ...templateIds(userPaths(env).templates)])].sort(),
  };
}

const words = (list: string[]) => list.join(' ');

function bash(model: CompletionModel): string {
  const cases = model.commands
    .map((c) => `    ${c.name}) actions="${words(c.actions)}"; opts="${words(c.options)}";;`)
    .join('\n');
  return `# cloudya bash completion: eval "$(cloudya completion bash)"
_cloudya() {
  local cur prev cmd actions opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  local globals="${words(model.globals)}"
  local templates="${words(model.templates)}"
  case "$prev" in
    --output|-o) COMPREPLY=( $(compgen -W "text json" -- "$cur") ); return;;
    --lang) COMPREPLY=( $(compgen -W "en fr" -- "$cur") ); return;;
  esac
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${words(model.commands.map((c) => c.name))} $globals" -- "$cur") ); return
  fi
  case "$cmd" in
${cases}
    *) actions=""; opts="";;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts $globals" -- "$cur") )
  elif [ "$COMP_CWORD" -eq 2 ] && [ -n "$actions" ]; then
    COMPREPLY=( $(compgen -W "$actions" -- "$cur") )
  elif [ "$cmd" = "deploy" ]; then
    case "\${COMP_WORDS[2]}" in
      show|template) COMPREPLY=( $(compgen -W "$templates" -- "$cur") );;
      status|outputs|logs|destroy|apply)
        # Deployment ids are read when completing: they change with every deployment.
        local ids; ids=$(ls "\${CLOUDYA_HOME:-$HOME/.cloudya}/deployments" 2>/dev/null)
        COMPREPLY=( $(compgen -W "$ids" -- "$cur") );;
    esac
  elif [ "$cmd" = "diagnose" ] && [ "\${COMP_WORDS[2]}" = "deployment" ]; then
    local ids; ids=$(ls "\${CLOUDYA_HOME:-$HOME/.cloudya}/deployments" 2>/dev/null)
    COMPREPLY=( $(compgen -W "$ids" -- "$cur") )
  fi
}
complete -F _cloudya cloudya
`;
}

function zsh(model: CompletionModel): string {
  const cmdList = model.commands.map((c) => `'${c.name}:${c.summary.replace(/'/g, '')}'`).join(' ');
  const cases = model.commands
    .map((c) => `    ${c.name}) _values 'action' ${c.actions.map((a) => `'${a}'`).join(' ')} ${[...c.options, ...model.globals].map((o) => `'${o}'`).join(' ')} ${c.name === 'deploy' ? model.templates.map((t) => `'${t}'`).join(' ') : ''};;`)
    .join('\n');
  return `#compdef cloudya
# cloudya zsh completion: eval "$(cloudya completion zsh)"
_cloudya() {
  if (( CURRENT == 2 )); then
    local -a cmds; cmds=(${cmdList})
    _describe 'command' cmds
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
if (( $+functions[compdef] )); then compdef _cloudya cloudya; fi
`;
}

function fish(model: CompletionModel): string {
  const lines = ['# cloudya fish completion', 'complete -c cloudya -f'];
  for (const c of model.commands) {
    lines.push(`complete -c cloudya -n '__fish_use_subcommand' -a '${c.name}' -d '${c.summary.replace(/'/g, '')}'`);
    for (const a of c.actions) lines.push(`complete -c cloudya -n '__fish_seen_subcommand_from ${c.name}' -a '${a}'`);
    for (const o of c.options) lines.push(`complete -c cloudya -n '__fish_seen_subcommand_from ${c.name}' -l '${o.slice(2)}'`);
  }
  for (const g of model.globals) lines.push(`complete -c cloudya -l '${g.slice(2)}'`);
  if (model.templates.length) lines.push(`complete -c cloudya -n '__fish_seen_subcommand_from deploy' -a '${model.templates.join(' ')}'`);
  return `${lines.join('\n')}\n`;
}

/** The completion script for one shell. */
export function renderCompletion(shell: 'bash' | 'zsh' | 'fish', model: CompletionModel): string {
  return shell === 'bash' ? bash(model) : shell === 'zsh' ? zsh(model) : fish(model);
}
