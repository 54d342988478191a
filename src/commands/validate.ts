import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: { auditLost: 'warning: this validation is not in the audit log: {reason}' },
  fr: { auditLost: "attention : cette validation n'est pas dans le journal d'audit : {reason}" },
});

/** Masks secrets in an argv, each word judged with the words before it (mysql -pX needs "mysql", --password X needs the flag). */
function redactArgv(argv: string[], redact: (text: string) => string): string[] {
  return argv.map((word, i) => {
    const head = redact(argv.slice(0, i).join(' '));
    const whole = redact(argv.slice(0, i + 1).join(' '));
    return i > 0 && whole.startsWith(`${head} `) ? whole.slice(head.length + 1) : redact(word);
  });
}

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
    try {
      auditValidation(result, 'validate', ctx.env);
    } catch (err) {
      // The exit code is the verdict (scripts read 1 as "confirm"): the lost entry is said on stderr instead.
      ctx.io.stderr.write(`${m('auditLost', { reason: (err as Error).message })}\n`);
    }
    const exitCode = result.verdict === 'allow' ? 0 : result.verdict === 'confirm' ? 1 : 3;
    // The command is echoed back: a password or token in it must not land in a terminal or CI log.
    const { redact, redactObject } = await import('../core/redact.js');
    const shown = { ...redactObject(result), commands: result.commands.map((c) => ({ ...redactObject(c), argv: redactArgv(c.argv, redact) })) };
    return { data: shown, text: renderValidation(shown), exitCode };
  },
});
