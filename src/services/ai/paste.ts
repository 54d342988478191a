/**
 * Pasted tool output ("Error: Error acquiring the state lock" with its lock table, a dmesg excerpt, a CI log):
 * what names the problem is a few error lines and codes, drowned in paths, ids, timestamps, hex and table
 * furniture that the knowledge base cannot know. This picks the salient lines and strips their values, so
 * the search judges the error and not the noise around it.
 */

/** Words that make a line of tool output worth reading: it reports what went wrong. */
const SIGNAL_WORDS =
  /\b(error|err!|errors?|fail(?:ed|ure|s)?|fatal|denied|refused|forbidden|unauthori[sz]ed|invalid|cannot|can't|could not|couldn't|unable|not found|no such|too many|timed? ?out|warning|killed|oom[-_ ]?kill\w*|out of memory|panic|exception|rejected|immutable|conflict|unreachable|repeated|exceeded|not authorized|permission|inconsistent|changed|already|no matching|bad|missing|backoff|insufficient|emerg|crit)\b/i;
/** Error names as tools print them, case-sensitive: FailedScheduling, AccessDeniedException, ERESOLVE, EACCES. */
const SIGNAL_CODES = /\b[A-Z][a-z]+[A-Z]\w*(?:Error|Exception|Denied|BackOff|Failed|Killed|Scheduling)\b|\bFailed[A-Z]\w+|\bE[A-Z]{3,}\b/;

/** Whether a line reports an error. */
function signals(line: string): boolean {
  return SIGNAL_WORDS.test(line) || SIGNAL_CODES.test(line);
}

/** Values that name nothing a knowledge entry can know (they stay out of the search). */
const VALUES: RegExp[] = [
  /\[[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ [\d:]+ \d{4}\]/g, // [Sat Dec  5 02:14:09 2026] (dmesg -T)
  /\b\d{4}[-/]\d{2}[-/]\d{2}[T ]?[\d:.,]*Z?\b/g, // 2026/12/01 03:12:44, ISO timestamps
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b/g, // 03:12:44
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // uuids
  /\b[a-z][-a-z0-9]*-[bcdfghjklmnpqrstvwxz2-9]{6,10}-[bcdfghjklmnpqrstvwxz2-9]{5}\b/g, // Kubernetes pod names (api-7d9f8b6c5-x2kqp): a Deployment's name, then two generated suffixes
  /\b(?:0x)?(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, // hex ids and hashes (7+ characters mixing digits and a-f: "ec2" stays)
  /\barn:[\w:/.*-]+/g, // ARNs
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, // IPv4 (and port)
  /(?:^|[\s(="'])(?:~|\.{1,2})?\/[\w@%+=:,./-]*/g, // absolute and relative paths
  /\bSHA256:[\w+/=]+/g, // key fingerprints
  /[│┃|@*=~─-]{2,}|[│┃╷╵]/g, // box drawing, banners, separators
  /\b\d[\d.,:]*(?:s|ms|m|h|[kmg]i?b)?\b/gi, // numbers, durations, sizes
];

/**
 * The tool that printed a paste, from marks its output always carries (Ansible's "fatal: [host]: UNREACHABLE!",
 * Terraform's boxed "│ Error:", Jenkins' "[Pipeline]"...) or its name in the paths: the salient lines lose those
 * marks, and the tool decides between entries that share the error ("docker: not found" in a Jenkins job).
 */
const SIGNATURES: Array<[RegExp, string]> = [
  [/^(?:TASK|PLAY|RUNNING HANDLER) \[|\bfatal: \[[^\]]*\]: (?:FAILED|UNREACHABLE)!|\bansible\b/im, 'ansible'],
  [/^\s*│\s*(?:Error|Warning):|\bterraform\b|\.tf(?:state)?\b/im, 'terraform'],
  [/\[Pipeline\]|\bjenkins\b/i, 'jenkins'],
  [/\bgitlab\b|\$CI_[A-Z_]+/i, 'gitlab'],
  [/\bactions\/[\w-]+@|\bgithub\b/i, 'github'],
  [/\bkubectl\b|Error from server\b/i, 'kubectl'],
  [/Error response from daemon|\bdocker\b/i, 'docker'],
  [/\bhelm\b/i, 'helm'],
];

/**
 * Names of machines and accounts in a paste ("Who: runner@gitlab-runner-3", "ip-10-0-1-5", "web-01"): a tool's name
 * inside one names a host, not the tool that printed the paste (a Terraform lock taken from a GitLab runner is a Terraform error).
 */
const HOST_NAMES = /[\w.-]*@[\w.-]+|\b[\w.]*[a-z][\w.]*-[\w.-]*\d[\w.-]*/gi;

/** The tools whose output a paste is (see SIGNATURES), as words to search with. */
export function pasteTools(question: string): string[] {
  const text = question.replace(HOST_NAMES, ' ');
  return SIGNATURES.filter(([re]) => re.test(text)).map(([, tool]) => tool);
}

/** The question looks like pasted tool output rather than a sentence someone typed. */
export function isPaste(question: string): boolean {
  const lines = question.split('\n').filter((l) => l.trim());
  if (lines.length >= 2) return true;
  // One long line with the marks of tool output: a JSON object, a timestamp, several colons.
  if (question.length >= 120 && /[{}]|\d{2}:\d{2}:\d{2}|(?::[^:]+){3}/.test(question)) return true;
  // One error line as a tool prints it: "Error: ...", "fatal: ...", "curl: (7) Failed ...", "E: Unable to ...".
  // Also a log line with its level in brackets, as nginx prints it: "nginx: [emerg] bind() to 0.0.0.0:443 failed (98: ...)".
  return question.length >= 40 && /^\s*(?:[\w.-]+:\s*(?:\(\d+\)\s*)?)?(?:\[(?:emerg|alert|crit|error|warn)\]|(?:error|fatal|failed|warning|e)\b)[^\n]*:/i.test(question) && signals(question);
}

/** A token of code rather than words: a struct or JSON dump ({"app":"api"}, v1.LabelSelector{...}, "system:serviceaccount:ci:x"). */
const CODE_TOKEN = /\S*(?:[{}[\]":=]\S*){3,}/g;

/** A line without its values: what is left is the words of the message. */
export function stripValues(line: string): string {
  let out = line.replace(CODE_TOKEN, ' ');
  for (const re of VALUES) out = out.replace(re, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

/** A counter as a tool's summary prints it: "failed=0", "unreachable=1", "skipped=2". */
const COUNTER = /\b[a-z_]+=\d+\b/gi;

/**
 * A tally line (Ansible's PLAY RECAP "web02 : ok=0 changed=0 unreachable=1 failed=0 ..."): its words are counter
 * names, so it "reports" every failure kind at once and names none; the error is told on the lines above it.
 */
function tally(line: string): boolean {
  return (line.match(COUNTER)?.length ?? 0) >= 3;
}

/** A table's header as kubectl, docker or ps print it ("NAME  READY  STATUS  RESTARTS  AGE"): column names, not words someone typed. */
function tableHeader(line: string): boolean {
  const words = line.split(/\s+/);
  return words.length >= 3 && words.every((w) => /^[A-Z][A-Z0-9_%()/-]*$/.test(w));
}

/** The error lines of a paste's salient text (what `salientText` kept because it reports something wrong). */
export function errorLines(salient: string): string[] {
  return salient.split('\n').filter(signals);
}

/**
 * The salient text of a paste: its error lines (by SIGNAL) and the lines the person typed around it (prose,
 * no machine marks), each without values, then the tools that printed it. Empty for a question that is not a
 * paste or whose lines report no error (a pasted recipe is not tool output).
 */
export function salientText(question: string): string {
  if (!isPaste(question)) return '';
  const lines = question
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // A banner ("PLAY RECAP *****") is furniture, not something the person typed.
  const prose = (l: string) => !/[{}[\]|│=<>@#$]|^\W|\d{2}:\d{2}|^[\w.-]+:\s|\*{3}/.test(l) && /\s/.test(l) && !tableHeader(l);
  const picked = lines.filter((l) => !tally(l) && (signals(l) || prose(l)));
  const chosen = picked.map(stripValues).filter((l) => /[a-z]{3}/i.test(l));
  // Repeated lines (the same error for several resources) count once.
  if (!picked.some(signals)) return '';
  return [...new Set(chosen), ...pasteTools(question)].join('\n');
}
