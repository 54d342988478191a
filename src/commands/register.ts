import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    mismatch: 'the two passwords differ',
    mismatchHint: 'run cloudya register again',
    created: 'Account created on {url} for {email}: {plan} plan, {balance} tokens. You are logged in.',
  },
  fr: {
    mismatch: 'les deux mots de passe diffèrent',
    mismatchHint: 'relancez cloudya register',
    created: 'Compte créé sur {url} pour {email} : offre {plan}, {balance} jetons. Vous êtes connecté.',
  },
});

export default defineCommand({
  summary: { en: 'Create a Cloudya account (Free plan, 1,000 tokens) and log in', fr: 'Créer un compte Cloudya (offre Free, 1 000 jetons) et se connecter' },
  options: {
    email: { type: 'string', valueName: 'EMAIL', description: { en: 'Email (asked when not given)', fr: 'E-mail (demandé sinon)' } },
    name: { type: 'string', valueName: 'NAME', description: { en: 'Your name (asked when not given)', fr: 'Votre nom (demandé sinon)' } },
  },
  examples: ['cloudya register', 'printf "you@example.com\\nYour Name\\nPASSWORD\\n" | cloudya register'],
  notes: {
    en: 'The password (8 characters or more) is read without echo, twice on a terminal, never from the command line.',
    fr: 'Le mot de passe (8 caractères ou plus) est lu sans écho, deux fois sur un terminal, jamais sur la ligne de commande.',
  },
  async run(ctx) {
    const { ask, apiClient } = await import('./login.js');
    const { CloudyaError } = await import('../core/errors.js');
    const client = await apiClient(ctx);
    const email = ctx.options.email as string | undefined;
    const name = ctx.options.name as string | undefined;
    const tty = !!ctx.io.stdin.isTTY;
    const answers = await ask(ctx, [
      ...(email ? [] : [{ key: 'email' as const }]),
      ...(name ? [] : [{ key: 'name' as const }]),
      { key: 'password', secret: true },
      ...(tty ? [{ key: 'confirm' as const, secret: true }] : []),
    ]);
    if (tty && answers.password !== answers.confirm) throw new CloudyaError(m('mismatch'), { hint: m('mismatchHint'), code: 'password_mismatch' });
    const session = await client.register(email ?? answers.email, name ?? answers.name, answers.password);
    const a = session.account;
    return { data: { api_url: client.url, account: a }, text: m('created', { url: client.url, email: a.email, plan: a.plan, balance: a.balance }) };
  },
});
