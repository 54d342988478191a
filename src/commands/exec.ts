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
    stopped_processes: ' - stopped: process limit {value} reached (sandbox.max_processes)',
    'stopped_file-size': ' - stopped: file size limit {value} MiB reached (sandbox.max_file_size_mb)',
    denied: 'Not run: the command is denied.',
    declined: 'Not run: not confirmed.',
    noTty: 'confirmation needed ({reasons}), but there is no terminal to ask on',
    override: 'To override a built-in deny on purpose: --unsafe-allow RULE (it then needs a confirmation).',
  },
  fr: {
    summary: '[{backend}] code {code} en {duration} s{killed}',
    killed: ' - arrêtée : limite de {limit} atteinte',
    limit_timeout: 'durée',
    limit_memory: 'mémoire',
    limit_cpu: 'temps CPU',
    limit_output: 'taille de sortie',
    stopped_processes: ' - arrêtée : limite de {value} processus atteinte (sandbox.max_processes)',
    'stopped_file-size': ' - arrêtée : limite de taille de fichier de {value} Mio atteinte (sandbox.max_file_size_mb)',
    denied: 'Non exécutée : la commande est refusée.',
    declined: 'Non exécutée : pas de confirmation.',
    noTty: 'confirmation nécessaire ({reasons}), mais aucun terminal pour la demander',
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
    write: { type: 'boolean', description: { en: 'Let the command write its work dir even when judged read-only', fr: 'Permettre à la commande d’écrire dans son dossier de travail même jugée en lecture seule' } },
    workdir: { type: 'string', valueName: 'DIR', description: { en: 'Directory the command runs in (default: the current one)', fr: 'Dossier où la commande s’exécute (par défaut : le dossier courant)' } },
  },
  examples: ['cloudya exec "df -h"', 'cloudya exec "kubectl get pods -A"', 'cloudya exec --credentials aws --network "terraform plan"', 'cloudya exec --output json "uname -a"'],
  notes: {
    en: 'Quote the command (or put it after --). Denied commands never run (exit 3). Commands that change something ask first (--yes answers yes). The exit code is the command\'s own; a run killed by a limit says which one. Piped input is passed to the command (cat log | cloudya exec "grep -c ERROR"). Every step is written to the audit log (cloudya audit). The command runs in the current directory (or --workdir DIR), which it may write when the command was confirmed (or with --write: a line judged read-only sees it read-only, so a wrong judgement writes nothing; .git/config and .git/hooks stay read-only unless the confirmed line is only git); /, system directories (/etc, /usr, /var...), a home directory itself and /tmp itself are shown read-only (a one-line note says so, JSON has workDir and workDirWritable), and a credential directory is shown empty. Read-only inspectors alone (ps, pgrep, top -b, lsof, free, uptime, possibly piped into grep/head/sort...) see the host\'s processes, and ss, netstat, ip show, lsof -i its sockets, read-only (they cannot signal a process or open a connection); any other line has its own process and network view (a note says so when it runs ps, ss...; --no-sandbox shows the host). A line using sudo is not run in the sandbox, where it cannot work: use --no-sandbox (asks for confirmation). A pipeline\'s exit code is its last command\'s, as in bash (no pipefail: "... | head" must not fail). A run stopped at the time limit exits 124. Limits: sandbox.timeout_seconds, memory_mb, cpu_seconds, output_kb, max_processes (a fork storm is stopped), max_file_size_mb (a larger write is stopped); everything the command started, even in the background, ends with it.',
    fr: 'Mettez la commande entre guillemets (ou après --). Une commande refusée ne s’exécute jamais (code 3). Une commande qui modifie quelque chose demande d’abord (--yes répond oui). Le code de sortie est celui de la commande ; une exécution arrêtée par une limite dit laquelle. Une entrée redirigée est transmise à la commande (cat log | cloudya exec "grep -c ERROR"). Chaque étape est inscrite au journal d’audit (cloudya audit). La commande s’exécute dans le dossier courant (ou --workdir DOSSIER), où elle peut écrire si elle a été confirmée (ou avec --write : une ligne jugée en lecture seule le voit en lecture seule, une erreur de jugement n’écrit donc rien ; .git/config et .git/hooks restent en lecture seule sauf pour une ligne confirmée faite uniquement de git) ; /, les dossiers système (/etc, /usr, /var...), un dossier personnel lui-même et /tmp lui-même sont montrés en lecture seule (une ligne le signale, le JSON donne workDir et workDirWritable), et un dossier d’identifiants est montré vide. Des inspecteurs en lecture seule, seuls (ps, pgrep, top -b, lsof, free, uptime, éventuellement filtrés par grep/head/sort...), voient les processus de l’hôte, et ss, netstat, ip show, lsof -i ses sockets, en lecture seule (ils ne peuvent ni envoyer un signal à un processus ni ouvrir une connexion) ; toute autre ligne a sa propre vue des processus et du réseau (une remarque le signale quand elle lance ps, ss... ; --no-sandbox montre l’hôte). Une ligne avec sudo n’est pas exécutée dans le bac à sable, où elle ne peut pas fonctionner : utilisez --no-sandbox (demande confirmation). Le code de sortie d’un pipeline est celui de sa dernière commande, comme dans bash (pas de pipefail : « ... | head » ne doit pas échouer). Une exécution arrêtée par la limite de durée sort avec le code 124. Limites : sandbox.timeout_seconds, memory_mb, cpu_seconds, output_kb, max_processes (une rafale de fork est arrêtée), max_file_size_mb (une écriture plus grande est arrêtée) ; tout ce que la commande a lancé, même en arrière-plan, se termine avec elle.',
  },
  async run(ctx) {
    const { executeCommand } = await import('../services/sandbox/index.js');
    const { renderValidation } = await import('../services/safety/render.js');
    const { redact } = await import('../core/redact.js');
    const json = ctx.global.output === 'json';
    const { checkUnsafeAllow } = await import('../services/safety/rules.js');
    checkUnsafeAllow((ctx.options['unsafe-allow'] as string[] | undefined) ?? []);
    const credentials = ctx.options.credentials as Array<'aws' | 'gcloud' | 'azure' | 'kube'> | undefined;
    const { checkWorkDir } = await import('../services/sandbox/workdir.js');
    const { CloudyaError } = await import('../core/errors.js');
    if (ctx.options.workdir !== undefined) checkWorkDir(ctx.options.workdir as string);
    const confirm = async (r: { message: string; reasons?: string }) => {
      try {
        return await ctx.confirm({ message: redact(r.message), defaultAnswer: false });
      } catch (err) {
        // Without a terminal, say why the command needed confirming, not only that it did.
        if (err instanceof CloudyaError && err.code === 'confirmation_required' && r.reasons) {
          throw new CloudyaError(m('noTty', { reasons: redact(r.reasons) }), { hint: err.hint, code: err.code, exitCode: err.exitCode });
        }
        throw err;
      }
    };
    const result = await executeCommand({
      command: ctx.args.join(' '),
      source: 'exec',
      config: ctx.config(),
      env: ctx.env,
      signal: ctx.signal,
      confirm,
      onNotice: json ? undefined : (text) => ctx.io.stderr.write(`${text}\n`),
      onOutput: json ? undefined : (chunk, stream) => (stream === 'stdout' ? ctx.io.stdout : ctx.io.stderr).write(chunk),
      noSandbox: !!ctx.options['no-sandbox'],
      unsafeAllow: (ctx.options['unsafe-allow'] as string[] | undefined) ?? [],
      grants: { network: !!ctx.options.network, credentials: credentials ?? [] },
      timeoutSeconds: ctx.options.timeout as number | undefined,
      memoryMb: ctx.options.memory as number | undefined,
      workDir: ctx.options.workdir as string | undefined,
      writeWorkDir: !!ctx.options.write,
      // Piped input goes to the command; a terminal's keystrokes stay ours (confirmation, Ctrl+C).
      stdin: ctx.io.stdin.isTTY ? undefined : ctx.io.stdin,
    });
    // The command is echoed back (not its output, which the user asked for): mask secrets in it.
    const shown = { ...result, command: redact(result.command), reasons: result.reasons.map((r) => ({ ...r, message: redact(r.message), ...(r.part ? { part: redact(r.part) } : {}) })) };
    if (!result.executed) {
      const validation = { command: shown.command, verdict: result.verdict, reasons: shown.reasons, commands: [] };
      if (result.notRunReason === 'needs-host') return { data: shown, text: `${renderValidation(validation)}\n${result.notices?.[0] ?? ''}`, exitCode: 1 };
      const why = result.notRunReason === 'denied' ? `${m('denied')}\n${m('override')}` : m('declined');
      return { data: shown, text: `${renderValidation(validation)}\n${why}`, exitCode: result.notRunReason === 'denied' ? 3 : 1 };
    }
    const config = ctx.config();
    const killed = !result.killedBy
      ? ''
      : result.killedBy === 'processes'
        ? m('stopped_processes', { value: config.get<number>('sandbox.max_processes') })
        : result.killedBy === 'file-size'
          ? m('stopped_file-size', { value: config.get<number>('sandbox.max_file_size_mb') })
          : m('killed', { limit: m(`limit_${result.killedBy}`) });
    // The code printed is the one cloudya exits with (124 for the time limit, as timeout(1)).
    const exitCode = result.exitCode ?? 1;
    if (!json) ctx.progress(m('summary', { backend: result.backend ?? '-', code: exitCode, duration: (result.durationMs / 1000).toFixed(1), killed }));
    return { data: shown, exitCode };
  },
});
