import { defineCommand } from '../core/command.js';

export default defineCommand({
  summary: { en: 'Print a shell completion script (bash, zsh or fish)', fr: 'Afficher un script de complétion (bash, zsh ou fish)' },
  actions: {
    bash: { summary: { en: 'Bash: eval "$(cloudya completion bash)" in ~/.bashrc', fr: 'Bash : eval "$(cloudya completion bash)" dans ~/.bashrc' } },
    zsh: { summary: { en: 'Zsh: eval "$(cloudya completion zsh)" in ~/.zshrc', fr: 'Zsh : eval "$(cloudya completion zsh)" dans ~/.zshrc' } },
    fish: { summary: { en: 'Fish: cloudya completion fish > ~/.config/fish/completions/cloudya.fish', fr: 'Fish : cloudya completion fish > ~/.config/fish/completions/cloudya.fish' } },
  },
  examples: ['eval "$(cloudya completion bash)"', 'cloudya completion fish > ~/.config/fish/completions/cloudya.fish'],
  async run(ctx) {
    const { loadAllCommands } = await import('../registry.js');
    const { completionModel, renderCompletion } = await import('../completion-script.js');
    const model = completionModel(await loadAllCommands(), ctx.env);
    const script = renderCompletion(ctx.action as 'bash' | 'zsh' | 'fish', model);
    return { data: { shell: ctx.action, script }, text: script };
  },
});
