import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    listening: 'Cloudya API listening on {url} ({dialect}: {db}; rate limits: {rate})',
    stopping: 'Stopping: finishing requests in progress...',
    stopped: 'Stopped.',
    portTaken: 'port {port} on {host} is already in use',
    portHint: 'stop the other server, or choose another port: cloudya serve --port 8001',
    dbFailed: 'cannot open the database {db}: {reason}',
    dbHint: 'check DATABASE_URL (PostgreSQL) or that CLOUDYA_HOME is writable (SQLite)',
    redisFailed: 'cannot reach Redis at REDIS_URL: {reason}',
    redisHint: 'start Redis, fix REDIS_URL, or unset it to keep rate limits in memory (one instance only)',
    rotated: 'New signing key {kid}; {count} previous key(s) keep verifying until their tokens expire (15 minutes).',
    keysUsage: 'unknown keys action "{action}"',
    keysHint: 'cloudya serve keys rotate',
    badEnv: '{reason}',
    badEnvHint: 'fix the variable in the environment of cloudya serve',
    secretMissing: 'CLOUDYA_SERVER_SECRET is not set: with DATABASE_URL the signing keys in the database are encrypted with it, and every instance must use the same one',
    secretMissingHint: 'give every cloudya serve of this database the same CLOUDYA_SERVER_SECRET in its environment (at least 32 characters, e.g. openssl rand -base64 48)',
    secretWrong: 'the server secret ({source}) does not decrypt the signing keys in {db} (key {kid})',
    secretWrongHint: 'start with the secret the keys were encrypted with (CLOUDYA_SERVER_SECRET, or without it the server.secret file beside an SQLite database)',
    secretMalformed: 'signing key {kid} in {db} is not stored in a format this version reads',
    secretMalformedHint: 'the database was written by a newer Cloudya: upgrade cloudya, or restore the database',
    adminUsage: 'usage: cloudya serve admin grant|revoke EMAIL, or cloudya serve admin list',
    adminHint: 'e.g. cloudya serve admin grant ops@example.com (the account must exist: cloudya register)',
    granted: '{email} is an admin of this server (GET /api/admin/analytics).',
    alreadyAdmin: '{email} already is an admin.',
    revoked: '{email} is no longer an admin.',
    notAdmin: '{email} was not an admin.',
    admins: 'Admins: {list}',
    noAdmins: 'No admin on this server; grant one with: cloudya serve admin grant EMAIL',
    noAccount: 'no account with the email {email} on this server ({db})',
    noAccountHint: 'the person registers first (cloudya register), then: cloudya serve admin grant {email}',
  },
  fr: {
    listening: 'API Cloudya à l’écoute sur {url} ({dialect} : {db} ; limites de débit : {rate})',
    stopping: 'Arrêt : fin des requêtes en cours...',
    stopped: 'Arrêté.',
    portTaken: 'le port {port} sur {host} est déjà utilisé',
    portHint: 'arrêtez l’autre serveur, ou choisissez un autre port : cloudya serve --port 8001',
    dbFailed: 'impossible d’ouvrir la base de données {db} : {reason}',
    dbHint: 'vérifiez DATABASE_URL (PostgreSQL) ou que CLOUDYA_HOME est accessible en écriture (SQLite)',
    redisFailed: 'impossible de joindre Redis via REDIS_URL : {reason}',
    redisHint: 'démarrez Redis, corrigez REDIS_URL, ou retirez-la pour garder les limites en mémoire (une seule instance)',
    rotated: 'Nouvelle clé de signature {kid} ; {count} clé(s) précédente(s) restent valides jusqu’à l’expiration de leurs jetons (15 minutes).',
    keysUsage: 'action keys inconnue « {action} »',
    keysHint: 'cloudya serve keys rotate',
    badEnv: '{reason}',
    badEnvHint: 'corrigez la variable dans l’environnement de cloudya serve',
    secretMissing: 'CLOUDYA_SERVER_SECRET n’est pas définie : avec DATABASE_URL, les clés de signature de la base sont chiffrées avec elle, et toutes les instances doivent utiliser la même',
    secretMissingHint: 'donnez à chaque cloudya serve de cette base la même CLOUDYA_SERVER_SECRET dans son environnement (au moins 32 caractères, par ex. openssl rand -base64 48)',
    secretWrong: 'le secret du serveur ({source}) ne déchiffre pas les clés de signature de {db} (clé {kid})',
    secretWrongHint: 'démarrez avec le secret qui a chiffré les clés (CLOUDYA_SERVER_SECRET, ou sans elle le fichier server.secret à côté d’une base SQLite)',
    secretMalformed: 'la clé de signature {kid} de {db} n’est pas stockée dans un format que cette version sait lire',
    secretMalformedHint: 'la base a été écrite par une version plus récente de Cloudya : mettez cloudya à jour, ou restaurez la base',
    adminUsage: 'usage : cloudya serve admin grant|revoke EMAIL, ou cloudya serve admin list',
    adminHint: 'par ex. cloudya serve admin grant ops@example.com (le compte doit exister : cloudya register)',
    granted: '{email} est administrateur de ce serveur (GET /api/admin/analytics).',
    alreadyAdmin: '{email} est déjà administrateur.',
    revoked: '{email} n’est plus administrateur.',
    notAdmin: '{email} n’était pas administrateur.',
    admins: 'Administrateurs : {list}',
    noAdmins: 'Aucun administrateur sur ce serveur ; nommez-en un avec : cloudya serve admin grant EMAIL',
    noAccount: 'aucun compte avec l’adresse {email} sur ce serveur ({db})',
    noAccountHint: 'la personne s’inscrit d’abord (cloudya register), puis : cloudya serve admin grant {email}',
  },
});

export default defineCommand({
  summary: { en: 'Run the Cloudya API server (accounts, token balances, /api/command)', fr: "Lancer le serveur d'API Cloudya (comptes, soldes de jetons, /api/command)" },
  actions: {
    start: { summary: { en: 'Start the server (default)', fr: 'Démarrer le serveur (par défaut)' } },
    keys: { summary: { en: 'Manage JWT signing keys: "keys rotate"', fr: 'Gérer les clés de signature JWT : « keys rotate »' }, args: 'rotate', minArgs: 1, maxArgs: 1 },
    admin: { summary: { en: 'Grant or revoke the admin role (revenue analytics): "admin grant|revoke EMAIL", "admin list"', fr: 'Donner ou retirer le rôle administrateur (statistiques de revenus) : « admin grant|revoke EMAIL », « admin list »' }, args: 'grant|revoke|list [EMAIL]', minArgs: 1, maxArgs: 2 },
  },
  defaultAction: 'start',
  options: {
    host: { type: 'string', valueName: 'HOST', actions: ['start', ''], description: { en: 'Address to listen on (default 127.0.0.1, or $CLOUDYA_SERVER_HOST)', fr: "Adresse d'écoute (127.0.0.1 par défaut, ou $CLOUDYA_SERVER_HOST)" } },
    port: { type: 'number', valueName: 'PORT', integer: true, min: 0, actions: ['start', ''], description: { en: 'Port to listen on (default 8000, or $PORT)', fr: "Port d'écoute (8000 par défaut, ou $PORT)" } },
  },
  examples: ['cloudya serve', 'cloudya serve --host 0.0.0.0 --port 8000', 'DATABASE_URL=postgres://cloudya@db/cloudya REDIS_URL=redis://cache:6379 cloudya serve', 'cloudya serve keys rotate', 'cloudya serve admin grant ops@example.com'],
  notes: {
    en: 'Storage: SQLite in ~/.cloudya/server.db by default; PostgreSQL when DATABASE_URL is set. REDIS_URL shares rate limits between instances. The model key (OPENAI_API_KEY) and every secret come from the environment. The server never runs a user\'s command: in supervised mode the client runs them in its own sandbox after confirmation.',
    fr: "Stockage : SQLite dans ~/.cloudya/server.db par défaut ; PostgreSQL si DATABASE_URL est définie. REDIS_URL partage les limites de débit entre instances. La clé du modèle (OPENAI_API_KEY) et tous les secrets viennent de l'environnement. Le serveur n'exécute jamais la commande d'un utilisateur : en mode supervisé, le client l'exécute dans son propre bac à sable après confirmation.",
  },
  async run(ctx) {
    const { CloudyaError, UsageError } = await import('../core/errors.js');
    const { redact } = await import('../core/redact.js');
    const { serverOptions } = await import('../server/options.js');
    const { secretEnvProblem, serverKeyCipher } = await import('../server/secret.js');
    let options;
    try {
      options = serverOptions(ctx.env, { host: ctx.options.host as string | undefined, port: ctx.options.port as number | undefined });
      const problem = secretEnvProblem(ctx.env);
      if (problem) throw new Error(problem);
    } catch (err) {
      throw new UsageError(m('badEnv', { reason: (err as Error).message }), { hint: m('badEnvHint'), code: 'bad_value' });
    }
    const dbName = options.databaseUrl ? 'DATABASE_URL' : options.sqliteFile;
    const failure = (err: unknown): Error => {
      const e = err as NodeJS.ErrnoException & { stage?: string; reason?: string; kid?: string; source?: string };
      if (e.stage === 'secret') {
        // The secret's source is a variable name or a file path, never the secret itself.
        if (e.reason === 'missing') return new CloudyaError(m('secretMissing'), { hint: m('secretMissingHint'), code: 'server_secret_missing' });
        if (e.reason === 'malformed') return new CloudyaError(m('secretMalformed', { kid: e.kid ?? '?', db: dbName }), { hint: m('secretMalformedHint'), code: 'signing_key_unreadable' });
        return new CloudyaError(m('secretWrong', { source: e.source ?? 'CLOUDYA_SERVER_SECRET', db: dbName, kid: e.kid ?? '?' }), { hint: m('secretWrongHint'), code: 'server_secret_wrong' });
      }
      if (e.code === 'EADDRINUSE') return new CloudyaError(m('portTaken', { port: options.port, host: options.host }), { hint: m('portHint'), code: 'port_in_use' });
      if (e.stage === 'redis') {
        return new CloudyaError(m('redisFailed', { reason: redact(String(e.message)) }), { hint: m('redisHint'), code: 'redis_unreachable' });
      }
      return new CloudyaError(m('dbFailed', { db: dbName, reason: redact(String(e.message)) }), { hint: m('dbHint'), code: 'database_unavailable' });
    };

    if (ctx.action === 'admin') {
      const [verb, email] = ctx.args;
      if (!(verb === 'list' ? email === undefined : (verb === 'grant' || verb === 'revoke') && !!email)) throw new UsageError(m('adminUsage'), { hint: m('adminHint'), code: 'usage' });
      const { openDatabase } = await import('../server/db/index.js');
      const { listAdmins, setRole, ServiceError } = await import('../services/accounts/index.js');
      const cipher = await serverKeyCipher(ctx.env, options).catch((err: unknown) => {
        throw failure(err);
      });
      const handle = await openDatabase({ databaseUrl: options.databaseUrl, sqliteFile: options.sqliteFile, cipher }).catch((err: unknown) => {
        throw failure(err);
      });
      try {
        if (verb === 'list') {
          const admins = await listAdmins(handle.db);
          return { data: { admins }, text: admins.length ? m('admins', { list: admins.join(', ') }) : m('noAdmins') };
        }
        const role = verb === 'grant' ? 'admin' : 'user';
        const r = await setRole(handle.db, email, role).catch((err: unknown) => {
          if (err instanceof ServiceError && err.code === 'not_found') throw new CloudyaError(m('noAccount', { email, db: dbName }), { hint: m('noAccountHint', { email }), code: 'not_found' });
          if (err instanceof ServiceError) throw new UsageError(err.message, { hint: m('adminHint'), code: 'bad_value' });
          throw err;
        });
        const text = role === 'admin' ? (r.changed ? m('granted', { email: r.email }) : m('alreadyAdmin', { email: r.email })) : r.changed ? m('revoked', { email: r.email }) : m('notAdmin', { email: r.email });
        return { data: { email: r.email, role, changed: r.changed }, text };
      } finally {
        await handle.close();
      }
    }

    if (ctx.action === 'keys') {
      if (ctx.args[0] !== 'rotate') throw new UsageError(m('keysUsage', { action: ctx.args[0] }), { hint: m('keysHint'), code: 'usage' });
      const { openDatabase } = await import('../server/db/index.js');
      const { rotateKeys } = await import('../services/accounts/keys.js');
      const cipher = await serverKeyCipher(ctx.env, options).catch((err: unknown) => {
        throw failure(err);
      });
      const handle = await openDatabase({ databaseUrl: options.databaseUrl, sqliteFile: options.sqliteFile, cipher }).catch((err: unknown) => {
        throw failure(err);
      });
      try {
        const r = await rotateKeys(handle.db, cipher).catch((err: unknown) => {
          throw failure(err);
        });
        return { data: { kid: r.kid, retired: r.retired }, text: m('rotated', { kid: r.kid, count: r.retired.length }) };
      } finally {
        await handle.close();
      }
    }

    const { startServer } = await import('../server/start.js');
    // Logs are JSON lines on stdout (the server's output); human notices go to stderr.
    const server = await startServer(options, ctx.env).catch((err: unknown) => {
      throw failure(err);
    });
    ctx.io.stderr.write(`${m('listening', { url: server.url, dialect: server.ctx.db.dialect, db: server.ctx.db.location, rate: server.ctx.rate.kind })}\n`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.io.stderr.write(`${m('stopping')}\n`);
    await server.stop();
    ctx.io.stderr.write(`${m('stopped')}\n`);
    return { data: { stopped: true, url: server.url } };
  },
});
