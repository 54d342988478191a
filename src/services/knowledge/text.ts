/**
 * Text normalisation shared by indexing and querying, so both sides agree: accents folded,
 * French elisions split, stop words dropped, FR/EN synonyms mapped to one canonical word,
 * then a light suffix-stripping stemmer that works well enough for both languages.
 */

/** Lowercases and removes accents ("Sécurisé" -> "securise"). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œ]/g, 'oe')
    .replace(/[æ]/g, 'ae')
    .toLowerCase();
}

const STOP = new Set(
  (
    // English
    'a an the how do does did i im i\'m to my me mine in on of for with and or is are was be been being what whats which who whom can could should would will shall ' +
    'it its this that these those from by at as into onto using use used you your yours we our us they them their there here some all any about ' +
    'want wanted need needs needed please way ways so if then than just also get got getting let lets thing things something one ' +
    'has have had but when while before after every only over both still why where very really again other another same such too not no yes ' +
    'able any anyone anything each much many more most own am ok okay hi hello thanks ' +
    // French
    'le la les l un une des de du d et ou au aux en dans sur pour par avec comment quoi que qu quel quelle quels quelles est sont ' +
    'je j mon ma mes me m moi tu te toi ton ta tes vous votre vos nous notre nos il ils elle elles on ce cet cette ces ca cela se s y ' +
    'faire fait fais veux voudrais voudrait souhaite dois doit peux peut puis faut bien ne n pas c qui si son sa ses leur leurs ' +
    'etre avoir ai as a-t-il svp stp merci chose choses via entre tout tous toute toutes mais donc car ' +
    'pourquoi quand ou plus moins sans sous uniquement seulement juste tres trop aussi encore deja toujours jamais rien chaque meme autre autres ' +
    'alors ainsi puisque lorsque avant apres depuis pendant chez vers voila bonjour salut ' +
    // "voir"/"see" frame a question ("voir les ports ouverts", "how do I see its logs") without naming its topic
    'voir see ' +
    // Days name no topic, and "demain" would otherwise be read as a typo of "domain"
    'demain hier aujourd hui today tomorrow yesterday ' +
    // Calls for help and the filler of spoken questions (time, frequency, effort, politeness) name no topic either:
    // a closed list, unlike the open class of nouns ("tomatoes", "bicycle") that do name another topic
    'help aide urgent asap pls plz thx lol guys hey forever ever never first firstly again anymore now maintenant ' +
    'always sometimes suddenly soudain soudainement quickly quick vite rapidement easy easiest easily facile simple simply proper properly correctly ' +
    'done min mins minute minutes sec secs second seconds ' +
    // English negations written as one word ("doesn't" -> "doesnt", see terms()); "wont" stays a word: "won't start" is a symptom
    'cant dont doesnt isnt didnt wasnt arent werent couldnt shouldnt wouldnt hasnt havent ' +
    // What is left of "we're", "we'll", "I've" once split at the apostrophe, and the third-person pronouns
    're ll ve he she his her him hers ' +
    // "found" alone names nothing ("no vault secrets found"); "not found" is a phrase of its own (SYNONYMS)
    'found ' +
    // Connectives and intensifiers of a spoken sentence ("even though the task shows changed", "hyper lent")
    'though although hyper ' +
    'keep keeps kept keeping try trying tried essaye essayer essai work works worked working marche marcher fonctionne fonctionner ' +
    'whole entire weird bizarre normal normalement coup bon ok super cool genre truc trucs ' +
    // Spoken English and French filler around a symptom ("df says 100% used", "swapping like crazy", "qqn a modifié", "relou")
    'crazy kinda basically literally actually tons lots bunch oops qqn quelqu qqch relou galere ' +
    // Words that frame a question (explain, likely cause, finding...) but name no topic, in both languages
    'explain explique expliquer expliquez likely probable probablement cause causes finding findings constat constats evidence preuve preuves severity severite'
  ).split(/\s+/),
);

/**
 * Synonym groups: every variant (folded, may be several words) becomes the canonical words on the left.
 * French and English variants share one canonical so a French question finds an English-keyworded entry.
 */
const SYNONYMS: Array<[string, string[]]> = [
  // Framing phrases mapped to nothing (the diagnose screen asks "explain this diagnosis finding: ...").
  ['', ['diagnosis finding', 'constat de diagnostic', 'ce constat de diagnostic']],
  // "Too many open files", "too many requests": both words are stop words alone, the phrase is the symptom.
  ['toomany', ['too many', 'trop de', 'trop d']],
  ['notfound', ['not found', 'introuvable', 'introuvables']],
  // "déjà utilisé" is "already in use" (a port, a name): the words that say it in English are stop words but "already".
  ['already', ['deja utilise', 'deja utilisee', 'deja utilises', 'deja pris', 'deja occupe']],
  // A comparison ("ECS vs EKS", "différence entre un ALB et un NLB", "which to choose") is one intent whatever its wording:
  // comparison entries carry it, so "X vs Y" finds them and an entry about X alone is not taken for the answer.
  ['compare', ['vs', 'versus', 'compared', 'comparing', 'comparison', 'comparisons', 'comparer', 'comparaison', 'comparaisons', 'comparatif', 'difference', 'differences', 'diff between', 'diff entre', 'pros and cons', 'avantages et inconvenients', 'choose', 'choosing', 'choisir', 'rather than', 'plutot que']],
  ['encrypt', ['chiffrer', 'chiffrement', 'chiffre', 'chiffree', 'chiffrees', 'chiffres', 'crypter', 'cryptage', 'encryption', 'encrypted', 'encrypting', 'encrypts', 'encrypte', 'encrypter']],
  ['bucket', ['compartiment', 'compartiments', 'buckets']],
  ['subnet', ['sous-reseau', 'sous-reseaux', 'sous reseau', 'sous reseaux', 'subnets', 'subnetting']],
  ['loadbalancer', ['load balancer', 'load-balancer', 'load balancers', 'load balancing', 'load-balancing', 'equilibreur de charge', 'equilibreurs de charge', 'equilibrage de charge', 'repartiteur de charge', 'repartition de charge', 'loadbalancing', 'lb']],
  ['loadbalancer alb', ['alb', 'application load balancer']],
  ['loadbalancer nlb', ['nlb', 'network load balancer']],
  ['cluster', ['grappe', 'clusters', 'grappes']],
  ['container', ['conteneur', 'conteneurs', 'containers', 'conteneuriser', 'conteneurisation', 'containerize', 'containerise', 'dockeriser', 'dockerize']],
  ['kubernetes', ['k8s', 'kube', 'kubernete']],
  ['terraform', ['tf']],
  ['deploy', ['deployer', 'deploiement', 'deploiements', 'deploying', 'deployed', 'deploye', 'deployee', 'mise en production', 'mettre en production', 'ship']],
  // "deployment" is also the Kubernetes object: it keeps a word of its own next to deploy (the digit keeps the stemmer off it).
  ['deploy k8sdeployment', ['deployment', 'deployments']],
  ['autoscale', ['autoscaling', 'auto-scaling', 'auto scaling', 'autoscaler', 'auto-scale', 'mise a l echelle automatique', 'echelle automatique', 'mise a l echelle', 'passer a l echelle', 'scale automatically', 'scaling automatique', 'autoscalabilite', 'elasticite']],
  ['log', ['journaux', 'journal', 'logs', 'logging', 'journalisation', 'journaliser']],
  ['firewall', ['pare-feu', 'pare feu', 'parefeu', 'firewalls', 'pare-feux']],
  ['backup', ['sauvegarde', 'sauvegardes', 'sauvegarder', 'backups', 'back up', 'snapshot', 'snapshots', 'instantane', 'instantanes']],
  ['restore', ['restaurer', 'restauration', 'restoring']],
  ['recover', ['recuperer', 'recup', 'recupere', 'recovering', 'recovered', 'recovery']],
  ['password', ['mot de passe', 'mots de passe', 'mdp', 'passwords', 'passphrase']],
  ['user', ['utilisateur', 'utilisateurs', 'utilisatrice', 'users']],
  ['permission', ['droits', 'droit', 'permissions', 'autorisation', 'autorisations', 'privileges', 'privilege']],
  ['network', ['reseau', 'reseaux', 'networking', 'networks']],
  ['disk', ['disque', 'disques', 'disks', 'volume disque']],
  ['storage', ['stockage', 'stocker']],
  ['memory', ['memoire', 'ram']],
  ['certificate', ['certificat', 'certificats', 'certificates', 'cert', 'certs', 'certif', 'certifs']],
  // Done by a person rather than by the tool ("modifié à la main dans la console", "changed by hand"): drift, import.
  ['manual', ['a la main', 'manuellement', 'manually', 'by hand', 'manuel', 'manuelle', 'manuels']],
  ['state', ['etat', 'etats', 'tfstate', 'state file', 'fichier d etat']],
  ['monitor', ['surveiller', 'surveillance', 'supervision', 'superviser', 'monitoring', 'monitorer', 'observabilite', 'observability']],
  ['alert', ['alerte', 'alertes', 'alarme', 'alarmes', 'alarm', 'alarms', 'alerting', 'alerts']],
  ['install', ['installer', 'installation', 'installe', 'installing']],
  ['update', ['mettre a jour', 'mise a jour', 'mises a jour', 'mis a jour', 'met a jour', 'mets a jour', 'updates', 'updating', 'maj']],
  ['upgrade', ['mettre a niveau', 'mise a niveau', 'montee de version', 'monter de version']],
  ['delete', ['supprimer', 'suppression', 'effacer', 'remove', 'removing', 'retirer', 'detruire', 'destroy', 'nettoyer', 'cleanup', 'clean up', 'purger', 'purge', 'prune', 'uninstall', 'desinstaller', 'desinstallation']],
  ['create', ['creer', 'creation', 'cree', 'creee', 'make', 'mettre en place', 'setup', 'set up', 'provisionner', 'provision', 'provisioning', 'monter', 'spin up']],
  ['list', ['lister', 'liste', 'listing']],
  ['restart', ['redemarrer', 'redemarrage', 'reboot', 'rebooter', 'relancer']],
  ['start', ['demarrer', 'demarrage', 'lancer', 'startup']],
  ['stop', ['arreter', 'arret', 'stopper']],
  ['kill', ['tuer']],
  ['cicd', ['ci/cd', 'ci cd', 'ci-cd', 'integration continue', 'deploiement continu', 'livraison continue', 'continuous integration', 'continuous delivery', 'continuous deployment', 'pipeline', 'pipelines']],
  // The forge stays a word of its own: "github actions" is CI on GitHub, not any pipeline.
  ['cicd github', ['github actions', 'github action', 'github workflow', 'github workflows', 'gh actions', 'gha']],
  ['cicd gitlab', ['gitlab ci', 'gitlab-ci', 'gitlab pipeline', 'gitlab pipelines']],
  // Node.js the runtime is one word, so it is not confused with a Kubernetes node.
  ['nodejs', ['node.js', 'node js', 'nodejs', 'node app', 'node application', 'application node', 'app node', 'npm']],
  // Weather is no DevOps topic: "quel temps fait-il" must not reach CPU temperature through "temps".
  ['weather', ['quel temps', 'meteo']],
  // "tail" would otherwise reach "taille" (size) through its stem.
  ['tail', ['tail', 'tail -f']],
  // Watching something as it happens, in both languages ("suivre les logs en temps réel", "follow the logs live").
  ['live', ['en direct', 'en temps reel', 'temps reel', 'real time', 'real-time', 'realtime']],
  ['timeout', ['times out', 'timed out', 'time out', 'timing out', 'timeouts', 'delai depasse', 'delai d attente']],
  ['cli', ['command line', 'command-line', 'ligne de commande', 'en ligne de commande']],
  ['configuration', ['config', 'configs']],
  ['webapp', ['web app', 'web application', 'application web', 'appli web', 'site web', 'website', 'webapp', 'web service']],
  ['app', ['application', 'applications', 'appli', 'apps']],
  ['server', ['serveur', 'serveurs', 'servers', 'machine', 'machines', 'vm', 'vms', 'host']],
  ['database', ['base de donnees', 'bases de donnees', 'bdd', 'db', 'databases', 'sgbd']],
  ['key', ['cle', 'cles', 'keys', 'clef', 'clefs']],
  ['policy', ['politique', 'politiques', 'policies', 'strategie', 'strategies']],
  ['rule', ['regle', 'regles', 'rules']],
  ['namespace', ['espace de noms', 'espaces de noms', 'namespaces']],
  ['rollback', ['revenir en arriere', 'retour arriere', 'retour en arriere', 'roll back', 'annuler le deploiement', 'revenir a la version precedente']],
  ['versioning', ['versionnage', 'versionning', 'versionnement', 'historique des versions']],
  ['private', ['prive', 'privee', 'prives', 'privees']],
  ['public', ['publique', 'publiques', 'publics']],
  ['error', ['erreur', 'erreurs', 'errors', 'echec', 'echoue', 'failed', 'failing', 'fails']],
  ['slow', ['lent', 'lente', 'lenteur', 'lenteurs', 'ralenti', 'ralentir', 'ralentit', 'ralentissent', 'ralentissement', 'ralentissements', 'rame', 'rament', 'ramer', 'slowness', 'slowly']],
  ['full', ['plein', 'pleine', 'sature', 'saturee', 'filling up', 'out of space', 'plus de place']],
  ['cost', ['cout', 'couts', 'facture', 'factures', 'facturation', 'billing', 'bill', 'bills', 'costs', 'depenses', 'budget']],
  ['multiregion', ['multi-region', 'multi region', 'multi-regions', 'multiregions', 'plusieurs regions', 'multiple regions', 'several regions', 'cross-region', 'cross region', 'deux regions', 'two regions']],
  ['file', ['fichier', 'fichiers', 'files']],
  ['directory', ['dossier', 'dossiers', 'repertoire', 'repertoires', 'folder', 'folders', 'directories', 'dir']],
  ['process', ['processus', 'processes']],
  // The crontab is the host's scheduler: it keeps a word of its own next to schedule (not a Kubernetes CronJob).
  ['schedule crontab', ['crontab', 'crontabs']],
  ['schedule', ['planifier', 'planification', 'tache planifiee', 'taches planifiees', 'cronjob', 'scheduled', 'periodique', 'periodically']],
  // Plain "cron" is the host's scheduler too (a Kubernetes one says "cronjob").
  ['schedule crontab', ['cron']],
  ['environment', ['environnement', 'environnements', 'environments', 'env']],
  ['development', ['developpement', 'dev', 'local development', 'developpeur']],
  ['production', ['prod']],
  ['download', ['telecharger', 'telechargement']],
  ['upload', ['televerser', 'envoyer', 'uploader']],
  ['access', ['acces', 'acceder', 'accessing']],
  ['check', ['verifier', 'verification', 'controler', 'controle', 'checking', 'inspect', 'inspecter']],
  ['limit', ['limite', 'limites', 'limiter', 'limits', 'quota', 'quotas', 'restreindre']],
  ['probe', ['sonde', 'sondes', 'healthcheck', 'health check', 'health checks', 'bilan de sante']],
  // Kubernetes probe kinds keep their own word: "readiness probe failed" is about pods, not any health check.
  ['probe liveness', ['liveness']],
  ['probe readiness', ['readiness']],
  ['replica', ['replique', 'repliques', 'replicas', 'replicat', 'replicats']],
  ['node', ['noeud', 'noeuds', 'nodes']],
  ['registry', ['registre', 'registres', 'registries']],
  ['build', ['construire', 'construction', 'compiler', 'builder', 'building']],
  ['template', ['modele', 'modeles', 'gabarit', 'gabarits', 'templates']],
  ['provider', ['fournisseur', 'fournisseurs', 'providers']],
  ['lock', ['verrou', 'verrouillage', 'verrouiller', 'locking', 'locked', 'bloque']],
  ['inventory', ['inventaire', 'inventaires']],
  ['task', ['tache', 'taches', 'tasks']],
  ['package', ['paquet', 'paquets', 'packages', 'paquetage']],
  ['kernel', ['noyau']],
  ['cpu', ['processeur', 'cpus']],
  ['high', ['eleve', 'elevee', 'eleves', 'haut', 'haute', 'fort', 'forte']],
  ['connection', ['connexion', 'connexions', 'connections', 'connecter', 'connect', 'connecting']],
  ['traffic', ['trafic']],
  ['domain', ['domaine', 'domaines', 'nom de domaine']],
  ['size', ['taille', 'poids', 'lourd', 'lourde', 'smaller', 'plus petite', 'plus leger', 'alleger']],
  ['debug', ['deboguer', 'debugger', 'debogage', 'depanner', 'depannage', 'troubleshoot', 'troubleshooting', 'diagnostiquer', 'diagnostic', 'diagnose', 'investiguer']],
  ['crash', ['plante', 'plantage', 'crashe', 'crashes', 'crashing', 'redemarre en boucle', 'restart loop', 'crashloop', 'crashloopbackoff']],
  ['secure', ['securiser', 'securise', 'securisee', 'securises', 'securite', 'security', 'securely', 'harden', 'hardening', 'durcir', 'durcissement']],
  ['port', ['ports']],
  ['open', ['ouvrir', 'ouvert', 'ouverte', 'ouverts']],
  ['rotate', ['rotation', 'rotating']],
  ['secret', ['secrets']],
  ['variable', ['variables', 'var', 'vars']],
  ['output', ['sortie', 'sorties', 'outputs']],
  ['image', ['images']],
  ['space', ['espace', 'place']],
  ['service', ['services']],
  ['run', ['executer', 'execution', 'running', 'tourner']],
  ['copy', ['copier', 'copie', 'copying']],
  ['move', ['deplacer', 'migrer', 'migration', 'migrate']],
  ['vault', ['coffre', 'coffre-fort']],
  ['shell', ['terminal', 'console']],
  ['ssh', ['openssh', 'sshd']],
  ['audit', ['auditer', 'audits']],
  ['scan', ['scanner', 'analyser', 'analyse', 'vulnerabilite', 'vulnerabilites', 'vulnerability', 'vulnerabilities', 'cve']],
  ['tag', ['etiquette', 'etiquettes', 'tags', 'tagger', 'etiqueter']],
  ['plan', ['apercu', 'preview', 'dry run', 'dry-run']],
  ['ingress', ['ingresses', 'routage http']],
  // A job application's letter is no dead-letter queue: the phrase becomes one word the base does not know.
  ['coverletter', ['cover letter', 'cover letters', 'lettre de motivation', 'lettres de motivation']],
  ['dns', ['route53', 'route 53']],
  ['waf', ['web application firewall', 'pare-feu applicatif', 'pare-feu web']],
];

const TOKEN_MAP = new Map<string, string[]>();
/** Multi-word variants by their first word, longest first: matched on the word sequence (fast, no big regex). */
const PHRASES = new Map<string, Array<{ words: string[]; canonical: string[] }>>();
for (const [canonical, variants] of SYNONYMS) {
  for (const v of variants) {
    const ws = v.split(/[^a-z0-9]+/).filter(Boolean);
    if (ws.length === 1 && !/[\s/-]/.test(v)) TOKEN_MAP.set(v, canonical.split(' '));
    else {
      const list = PHRASES.get(ws[0]) ?? [];
      list.push({ words: ws, canonical: canonical.split(' ') });
      PHRASES.set(ws[0], list);
    }
  }
}
for (const list of PHRASES.values()) list.sort((a, b) => b.words.length - a.words.length);

/** Conjugated or inflected forms ("redemarre", "chiffrons") reach their canonical word through their stem. */
const STEM_MAP = new Map<string, string[]>();

const SUFFIXES = ['issements', 'issement', 'ements', 'ement', 'ations', 'ation', 'ments', 'ment', 'iser', 'izer', 'ises', 'izes', 'ise', 'ize', 'ings', 'ing', 'ions', 'ion', 'ity', 'ite', 'eurs', 'eur', 'euse', 'ees', 'ee', 'ers', 'er', 'ed', 'es', 'e'];

/** A light stemmer for English and French (consistent on both sides of the search, not linguistically perfect). */
export function stem(token: string): string {
  let t = token;
  if (t.length <= 3 || /\d/.test(t)) return t;
  if (t.endsWith('ies') && t.length > 5) t = `${t.slice(0, -3)}y`;
  else if (/(aux|eux)$/.test(t)) t = t.slice(0, -1);
  else if (t.endsWith('s') && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1);
  for (const suffix of SUFFIXES) {
    if (t.endsWith(suffix) && t.length - suffix.length >= 3) {
      t = t.slice(0, -suffix.length);
      break;
    }
  }
  // "logging" -> "logg" -> "log", "running" -> "run"
  if (t.length > 3 && t[t.length - 1] === t[t.length - 2] && !/[aeiouy]/.test(t[t.length - 1])) t = t.slice(0, -1);
  return t;
}

/** The /var directory ("/var is at 97%", /var/log): a place on disk, not the "var" of a variable (see SYNONYMS). */
const VAR_DIR = /(^|[^a-z0-9._-])\/var\b/g;

/** Splits folded text into words, replacing multi-word variants ("load balancer", "ci/cd", "l'echelle") by their canonical words. */
function words(folded: string): string[] {
  const raw = folded.replace(VAR_DIR, '$1vardir').split(/[^a-z0-9]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const candidates = PHRASES.get(raw[i]);
    const hit = candidates?.find((p) => p.words.every((w, j) => raw[i + j] === w));
    if (hit) {
      out.push(...hit.canonical);
      i += hit.words.length;
    } else out.push(raw[i++]);
  }
  return out;
}

const termCache = new Map<string, string[]>();

/**
 * Tool and product names a French word folds onto once its accents go ("composé" -> compose, "gité" -> git...).
 * Their folded stems, so every inflection ("composée", "composés") is caught.
 */
const PRODUCT_STEMS = new Set(
  'docker compose podman kubernetes kubectl helm terraform ansible jenkins gitlab github git nginx apache redis postgres mysql prometheus grafana envoy istio consul vault nomad traefik argo packer vagrant'
    .split(' ')
    .map(stem),
);
/** A word with a Latin accent (é, è, à, ç, ô...), read on the lowercased text before folding. */
const ACCENTED_WORD = /[a-zà-ÿœæ]*[à-ÿœæ][a-zà-ÿœæ]*/g;

/**
 * A word typed with a French accent is the French word: when folding it lands on a tool's name with no French
 * meaning of its own ("le passé composé" is grammar, not Docker Compose), it becomes a word of its own, unknown to
 * every entry. Words the synonyms know ("envoyé" -> upload) keep their meaning.
 */
function frenchAccented(text: string): string {
  if (!/[à-ÿ]/i.test(text)) return text;
  return text.toLowerCase().replace(ACCENTED_WORD, (w) => {
    const folded = fold(w);
    const st = stem(folded);
    if (!PRODUCT_STEMS.has(st) || TOKEN_MAP.has(folded) || STEM_MAP.has(st)) return w;
    return `fr${folded}`;
  });
}

/** Text to search terms: folded, synonyms mapped, stop words dropped, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  // "won't", "doesn't" are one word each: split at the apostrophe they would read as "won" (a win) and "doesn".
  for (const w of words(fold(frenchAccented(text)).replace(/n['\u2019]t\b/g, 'nt'))) {
    let mapped = termCache.get(w);
    if (!mapped) {
      // An SDK's exception name is its error name ("AccessDeniedException" is AccessDenied, as entries spell it).
      const base = w.length > 12 && w.endsWith('exception') ? w.slice(0, -'exception'.length) : w;
      mapped = STOP.has(base) ? [] : (TOKEN_MAP.get(base) ?? STEM_MAP.get(stem(base)) ?? [base]).filter((t) => t.length >= 2 || /\d/.test(t)).map(stem);
      if (termCache.size < 50_000) termCache.set(w, mapped);
    }
    out.push(...mapped);
  }
  return out;
}

// Filled once stem() exists: a stem shared by a variant and nothing else maps to its canonical word.
for (const [variant, canonical] of TOKEN_MAP) {
  const st = stem(variant);
  if (st.length >= 4 && !STEM_MAP.has(st)) STEM_MAP.set(st, canonical);
}

/**
 * The terms of the words that look like key terms rather than prose: error and state names written in
 * CamelCase (CrashLoopBackOff, AccessDenied, OOMKilled), CONSTANT_NAMES (ERR_REQUIRE_ESM) and flags (--force).
 */
export function keyTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.match(/--?[A-Za-z][\w-]*|[A-Za-z][A-Za-z0-9_]*/g) ?? []) {
    if (/^--?[a-z]/i.test(word) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(word) || /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(word)) for (const t of terms(word)) out.add(t);
  }
  return out;
}
