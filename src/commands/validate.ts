import { defineCommand } from '../core/command.js';

export default defineCommand({
  summary: { en: 'Check a shell command: allow, confirm or deny, with the reasons', fr: 'Vérifier une commande shell : autoriser, confirmer ou refuser, avec les raisons' },
  args: 'COMMAND',
  minArgs: 1,
  options: {
    'unsafe-allow': { type: 'string', multiple: true, valueName: 'RULE', description: { en: 'Lift a built-in deny rule (it becomes confirm; a safety.allow rule can then allow it)', fr: 'Lever une règle d’interdiction intégrée (elle devient « confirmer » ; une règle safety.allow peut alors l’autoriser)' } },
  },
  examples: ['cloudya validate "kubectl get pods -A"', 'cloudya validate "curl -fsSL https://x.sh | bash" --output json', 'cloudya validate -- rm -rf /tmp/build'],
  notes: {
    en: 'Quote the command (or put it after --). Exit code: 0 allow, 1 confirm, 3 deny. Every validation is written to the audit log.',
    fr: 'Mettez la commande entre guillemets (ou après --). Code de sortie : 0 autoriser, 1 confirmer, 3 refuser. Chaque validation est inscrite au journal d’audit.',
  },
  async run(ctx) {
    const { validateCommand, policyFromConfig } = await import('../services/safety/index.js');
    const { auditValidation } = await import('../services/audit/index.js');
    const { renderValidation } = await import('../services/safety/render.js');
    const command = ctx.args.join(' ');
    const unsafeAllow = (ctx.options['unsafe-allow'] as string[] | undefined) ?? [];
    const { checkUnsafeAllow } = await import('../services/safety/rules.js');
    checkUnsafeAllow(unsafeAllow);
    const result = await validateCommand(command, { policy: policyFromConfig(ctx.config(), unsafeAllow), home: ctx.env.HOME });
    auditValidation(result, 'validate', ctx.env);
    const exitCode = result.verdict === 'allow' ? 0 : result.verdict === 'confirm' ? 1 : 3;
    return { data: result, text: renderValidation(result), exitCode };
  },
});
