import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    summary: '[{backend}] exit {code} in {duration}s{killed}',
    killed: ' - killed: {limit} limit reached',
    limit_timeout: 'time',
    limit_memory: 'memory',
    limit_cpu: 'CPU time',
    limit_output: 'output size',
    denied: 'Not run: the command is denied.',
    declined: 'Not run: not confirmed.',
    override: 'To override a built-in deny on purpose: --unsafe-allow RULE (it then needs a confirmation).',
  },
  fr: {
    summary: '[{backend}] code {code} en {duration} s{killed}',
    killed: ' - arrêtée : limite de {limit} atteinte',
    limit_timeout: 'durée',
    limit_memory: 'mémoire',
    limit_cpu: 'temps CPU',
    limit_output: 'taille de sortie',
    denied: 'Non exécutée : la commande est refusée.',
    declined: 'Non exécutée : pas de confirmation.',
    override: 'Pour lever volontairement une interdiction intégrée : --unsafe-allow RÈGLE (une confirmation est alors demandée).',
  },
});

export default defineCommand({
  summary: { en: 'Validate a shell command, confirm it if needed, and run it in a sandbox', fr: 'Valider une commande shell, la confirmer si besoin, et l’exécuter dans un bac à sable' },
  args: 'COMMAND',
  minArgs: 1,
  options: {
    'no-sandbox': { type: 'boolean', description: { en: 'Run on the host without isolation (always asks for confirmation)', fr: "Exécuter sur l'hôte sans isolation (demande toujours confirmation)" } },
    'unsafe-allow': { type: 'string', multiple: true, valueName: 'RULE', description: { en: 'Lift a built-in deny rule (the command then needs a confirmation)', fr: 'Lever une règle d’interdiction intégrée (la commande demande alors confirmation)' } },
    timeout: { type: 'number', min: 0, minExclusive: true, valueName: 'SECONDS', description: { en: 'Wall-clock limit (default: sandbox.timeout_seconds)', fr: 'Durée maximale (par défaut : sandbox.timeout_seconds)' } },
    memory: { type: 'number', min: 16, integer: true, valueName: 'MIB', description: { en: 'Memory limit in MiB (default: sandbox.memory_mb)', fr: 'Limite mémoire en Mio (par défaut : sandbox.memory_mb)' } },
    network: { type: 'boolean', description: { en: 'Grant network access (cloud CLIs get it anyway)', fr: "Accorder l'accès réseau (les CLI cloud l'ont déjà)" } },
    credentials: { type: 'string', multiple: true, choices: ['aws', 'gcloud', 'azure', 'kube'], valueName: 'FAMILY', description: { en: 'Also mount this credential directory read-only (e.g. for terraform)', fr: "Monter aussi ce dossier d'identifiants en lecture seule (ex. pour terraform)" } },
    workdir: { type: 'string', valueName: 'DIR', description: { en: 'Writable work directory (default: the current one)', fr: 'Dossier de travail inscriptible (par défaut : le dossier courant)' } },
  },
  examples: ['cloudya exec "df -h"', 'cloudya exec "kubectl get pods -A"', 'cloudya exec --credentials aws --network "terraform plan"', 'cloudya exec --output json "uname -a"'],
  notes: {
    en: 'Quote the command (or put it after --). Denied commands never run (exit 3). Commands that change something ask first (--yes answers yes). The exit code is the command\'s own; a run killed by a limit says which one. Piped input is passed to the command (cat log | cloudya exec "grep -c ERROR"). Every step is written to the audit log (cloudya audit).',
    fr: 'Mettez la commande entre guillemets (ou après --). Une commande refusée ne s’exécute jamais (code 3). Une commande qui modifie quelque chose demande d’abord (--yes répond oui). Le code de sortie est celui de la commande ; une exécution arrêtée par une limite dit laquelle. Une entrée redirigée est transmise à la commande (cat log | cloudya exec "grep -c ERROR"). Chaque étape est inscrite au journal d’audit (cloudya audit).',
  },
  async run(ctx) {
    const { executeCommand } = await import('../services/sandbox/index.js');
    const { renderValidation } = await import('../services/safety/render.js');
    const { redact } = await import('../core/redact.js');
    const json = ctx.global.output === 'json';
    const { checkUnsafeAllow } = await import('../services/safety/rules.js');
    checkUnsafeAllow((ctx.options['unsafe-allow'] as string[] | undefined) ?? []);
    const credentials = ctx.options.credentials as Array<'aws' | 'gcloud' | 'azure' | 'kube'> | undefined;
    const result = await executeCommand({
      command: ctx.args.join(' '),
      source: 'exec',
      config: ctx.config(),
      env: ctx.env,
      signal: ctx.signal,
      confirm: (r) => ctx.confirm({ message: redact(r.message), defaultAnswer: false }),
      onOutput: json ? undefined : (chunk, stream) => (stream === 'stdout' ? ctx.io.stdout : ctx.io.stderr).write(chunk),
      noSandbox: !!ctx.options['no-sandbox'],
      unsafeAllow: (ctx.options['unsafe-allow'] as string[] | undefined) ?? [],
      grants: { network: !!ctx.options.network, credentials: credentials ?? [] },
      timeoutSeconds: ctx.options.timeout as number | undefined,
      memoryMb: ctx.options.memory as number | undefined,
      workDir: ctx.options.workdir as string | undefined,
      // Piped input goes to the command; a terminal's keystrokes stay ours (confirmation, Ctrl+C).
      stdin: ctx.io.stdin.isTTY ? undefined : ctx.io.stdin,
    });
    // The command is echoed back (not its output, which the user asked for): mask secrets in it.
    const shown = { ...result, command: redact(result.command), reasons: result.reasons.map((r) => ({ ...r, message: redact(r.message), ...(r.part ? { part: redact(r.part) } : {}) })) };
    if (!result.executed) {
      const validation = { command: shown.command, verdict: result.verdict, reasons: shown.reasons, commands: [] };
      const why = result.notRunReason === 'denied' ? `${m('denied')}\n${m('override')}` : m('declined');
      return { data: shown, text: `${renderValidation(validation)}\n${why}`, exitCode: result.notRunReason === 'denied' ? 3 : 1 };
    }
    const killed = result.killedBy ? m('killed', { limit: m(`limit_${result.killedBy}`) }) : '';
    if (!json) ctx.progress(m('summary', { backend: result.backend ?? '-', code: result.exitCode ?? '-', duration: (result.durationMs / 1000).toFixed(1), killed }));
    const exitCode = result.killedBy === 'timeout' ? 124 : result.exitCode ?? 1;
    return { data: shown, exitCode };
  },
});
