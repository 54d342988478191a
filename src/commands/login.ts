import type { CommandContext } from '../core/command.js';
import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    email: 'Email: ',
    name: 'Name: ',
    password: 'Password: ',
    confirm: 'Password (again): ',
    noInput: 'no {what} given on standard input',
    noInputHint: 'run in a terminal to be asked, or pipe the answers one per line (printf "EMAIL\\nPASSWORD\\n" | cloudya login)',
    loggedIn: 'Logged in to {url} as {email} ({plan} plan, {balance} tokens).',
    sessionSaved: 'Session saved in {file} (private to you).',
  },
  fr: {
    email: 'E-mail : ',
    name: 'Nom : ',
    password: 'Mot de passe : ',
    confirm: 'Mot de passe (confirmation) : ',
    noInput: 'aucun(e) {what} sur l’entrée standard',
    noInputHint: 'lancez dans un terminal pour être interrogé, ou envoyez les réponses une par ligne (printf "EMAIL\\nMOT_DE_PASSE\\n" | cloudya login)',
    loggedIn: 'Connecté à {url} en tant que {email} (offre {plan}, {balance} jetons).',
    sessionSaved: 'Session enregistrée dans {file} (accessible à vous seul).',
  },
});

export interface Question {
  key: 'email' | 'name' | 'password' | 'confirm';
  secret?: boolean;
}

/** Reads one line from a terminal without echoing it (raw mode; Backspace edits, Ctrl+C interrupts). */
function readHidden(ctx: CommandContext, label: string): Promise<string> {
  const { stdin, stderr } = ctx.io;
  return new Promise((resolve, reject) => {
    let value = '';
    stderr.write(label);
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return void import('../core/errors.js').then(({ InterruptedError }) => finish(new InterruptedError()));
        if (ch === '\u0004') return finish();
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

function readVisible(ctx: CommandContext, label: string): Promise<string> {
  return import('node:readline').then(
    ({ createInterface }) =>
      new Promise((resolve, reject) => {
        const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: true });
        rl.once('SIGINT', () => {
          rl.close();
          void import('../core/errors.js').then(({ InterruptedError }) => reject(new InterruptedError()));
        });
        rl.question(label, (answer) => {
          rl.close();
          resolve(answer);
        });
      }),
  );
}

// Standard input is read once per stream (one invocation may ask several times).
const pipedLines = new WeakMap<object, string[]>();

async function pipedInput(ctx: CommandContext): Promise<string[]> {
  const known = pipedLines.get(ctx.io.stdin);
  if (known) return known;
  let text = '';
  for await (const chunk of ctx.io.stdin) text += chunk.toString();
  const lines = text.split(/\r?\n/);
  pipedLines.set(ctx.io.stdin, lines);
  return lines;
}

/** Asks the questions: on a terminal with prompts (passwords hidden), otherwise one line each from stdin. */
export async function ask(ctx: CommandContext, questions: Question[]): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  const { UsageError } = await import('../core/errors.js');
  if (ctx.io.stdin.isTTY) {
    for (const q of questions) answers[q.key] = q.secret ? await readHidden(ctx, m(q.key)) : (await readVisible(ctx, m(q.key))).trim();
    return answers;
  }
  const lines = await pipedInput(ctx);
  for (const q of questions) {
    const line = lines.shift();
    if (line === undefined || line === '') throw new UsageError(m('noInput', { what: m(q.key).replace(/\s*:\s*$/, '').toLowerCase() }), { hint: m('noInputHint'), code: 'missing_input' });
    answers[q.key] = q.secret ? line : line.trim();
  }
  return answers;
}

/** The API client for the configured api_url. */
export async function apiClient(ctx: CommandContext) {
  const { ApiClient } = await import('../services/accounts/client.js');
  const config = ctx.config();
  return new ApiClient({ apiUrl: config.get('api_url') as string | undefined, env: ctx.env });
}

export default defineCommand({
  summary: { en: 'Log in to the Cloudya API (asks for email and password)', fr: "Se connecter à l'API Cloudya (demande e-mail et mot de passe)" },
  options: {
    email: { type: 'string', valueName: 'EMAIL', description: { en: 'Email (asked when not given)', fr: 'E-mail (demandé sinon)' } },
  },
  examples: ['cloudya login', 'cloudya login --email you@example.com', 'printf "you@example.com\\nPASSWORD\\n" | cloudya login'],
  notes: {
    en: 'The password is read from the terminal without echo (or from standard input), never from the command line. The session (a refresh token) is kept in ~/.cloudya/session.json, mode 0600; access tokens are renewed transparently. CLOUDYA_API_TOKEN, when set, is used instead of the session.',
    fr: "Le mot de passe est lu sur le terminal sans écho (ou sur l'entrée standard), jamais sur la ligne de commande. La session (un jeton de rafraîchissement) est conservée dans ~/.cloudya/session.json, mode 0600 ; les jetons d'accès sont renouvelés automatiquement. CLOUDYA_API_TOKEN, s'il est défini, remplace la session.",
  },
  async run(ctx) {
    const client = await apiClient(ctx);
    const given = ctx.options.email as string | undefined;
    const answers = await ask(ctx, [...(given ? [] : [{ key: 'email' as const }]), { key: 'password', secret: true }]);
    const session = await client.login(given ?? answers.email, answers.password);
    const { sessionFile } = await import('../services/accounts/session-store.js');
    const a = session.account;
    return {
      data: { api_url: client.url, account: a, session_file: sessionFile(ctx.env) },
      text: `${m('loggedIn', { url: client.url, email: a.email, plan: a.plan, balance: a.balance })}\n${m('sessionSaved', { file: sessionFile(ctx.env) })}`,
    };
  },
});
