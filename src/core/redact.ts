/**
 * Secret redaction shared by logs, the audit log, config display and error messages.
 * Patterns cover what leaks in practice: cloud keys, bearer tokens, passwords in URLs
 * and in flags/assignments whose name says "secret".
 */
const MASK = '****';

/** Names that mark a value as secret (password, token, api_key...). */
export const SECRET_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)/i;

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // AWS access key ids and secret keys
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, `$1${MASK}`],
  [/(aws_secret_access_key\s*[=:]\s*)\S+?(?=;?(?:\s|$))/gi, `$1${MASK}`],
  // OpenAI/Stripe/GitHub style keys
  [/\b(sk|pk|rk)[-_](live_|test_|proj-)?[A-Za-z0-9_-]{12,}\b/g, `$1-${MASK}`],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, `gh_${MASK}`],
  // Authorization headers
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`],
  // user:password@host in URLs (the lookbehind keeps this linear on long words: a scheme starts a word)
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${MASK}@`],
  // --password=x, --password x, PASSWORD=x, password: x (a final ";" is the shell's: "X=s; ls" keeps "; ls";
  // in a URL query "token=x&page=2" the value ends at "&", and a closing quote is not part of it).
  // A space separates a value only after a flag: in prose "the OPENAI_API_KEY (it is...)" the next word is no secret.
  // A flag starts a word ("describe-secret --query" names no secret flag), a word starting with "-" after a space is the
  // next option, not a value (mysql --password -e ...), a flag naming a secret's id, name, file or path
  // (--secret-id db) holds no secret, sudoers' NOPASSWD: tag holds no password, and a placeholder
  // ("export OPENAI_API_KEY=..." in our own hints, <token>, an already-masked ****) is no value.
  [
    /((?:(?<![\w.-])--?(?![A-Za-z0-9_.-]*[_.-](?:ids?|names?|arns?|file|path|env|dir|type|length|stage|version(?:-ids?)?)(?=[=\s:]|$))[A-Za-z0-9_.-]*(?:pass(?:word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*(?:=|:\s*|\s+))|(?:\b(?!(?:NO)?PASSWD:)(?![A-Za-z0-9_.-]*[_.-](?:ids?|names?|arns?|file|path|env|dir|type|length|stage|version(?:-ids?)?)(?=[=\s:]|$))[A-Za-z0-9_.-]*(?:pass(?:word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*(?:=|:\s*)))(?!(?<=\s)-)(?!(?:\.\.\.|…|\*{4}|<[^>\s]*>)(?=[\s)\]}.,;]|$))("[^"]*"|'[^']*'|[^\s,&"']+?(?=;?(?:[\s,&"']|$)))/gi,
    (_m, prefix: string) => `${prefix}${MASK}`,
  ],
  // JSON-style "db_password": "x" (e.g. inside --params '{...}')
  [
    /("[A-Za-z0-9_.-]*(?:pass(?:word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    (_m, prefix: string) => `${prefix}"${MASK}"`,
  ],
  // Settings named after a secret, given as separate words: `aws configure set aws_secret_access_key X`,
  // `git config --global credential.password X`, `heroku config:set API_TOKEN X`. A name ending in
  // _env/_file/_path holds a variable name or a path, not the secret itself.
  [
    /(\b(?:set|config|config:set)\s+(?:--?[A-Za-z][\w-]*\s+)*(?!set-)[\w.-]*(?:pass(?:word|wd)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)(?![\w.-]*[_.-](?:env|file|path|id)\b)[\w.-]*\s+)("[^"]*"|'[^']*'|(?!-)[^\s;|&]+)/gi,
    (_m, prefix: string) => `${prefix}${MASK}`,
  ],
  // gh secret set NAME --body SECRET
  [/(\bsecret\s+set\b[^\n|;&]*?\s(?:--body|-b)(?:\s+|=))("[^"]*"|'[^']*'|\S+)/g, `$1${MASK}`],
  // docker/podman/helm registry login -p SECRET
  [/(\b(?:docker|podman|buildah|skopeo|helm(?:\s+registry)?)\s+login\b[^\n|;&]*?\s-p\s*)(?!-)\S+/g, `$1${MASK}`],
  // curl -u user:password / --user user:password
  [/((?:^|\s)(?:-u|--user|--proxy-user)(?:\s+|=)['"]?[^\s:'"]+:)[^\s'"]+/g, `$1${MASK}`],
  // mysql -pSECRET, sshpass -p SECRET
  [/(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]*?\s-p)(?!\s)\S+?(?=;?(?:\s|$))/g, `$1${MASK}`],
  [/(\bsshpass\s+-p\s*)\S+/g, `$1${MASK}`],
];

/** Masks secrets inside free text. */
export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) {
    out = out.replace(re, replacement as string);
  }
  return out;
}

/** Masks a secret value for display, keeping a hint of its shape ("sk-p****"). */
export function maskValue(value: string): string {
  if (!value) return value;
  if (value.length <= 8) return MASK;
  return `${value.slice(0, 4)}${MASK}`;
}

/** Returns a copy of an object with values under secret-looking keys masked, recursively. */
export function redactObject<T>(value: T, isSecretKey: (key: string) => boolean = (k) => SECRET_NAME.test(k)): T {
  if (Array.isArray(value)) return value.map((v) => redactObject(v, isSecretKey)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isSecretKey(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = MASK;
      else out[k] = redactObject(v, isSecretKey);
    }
    return out as T;
  }
  if (typeof value === 'string') return redact(value) as T;
  return value;
}
