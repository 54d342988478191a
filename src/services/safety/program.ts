/** Rules about the whole command line rather than one command: credential exfiltration, fork bombs, download-then-run. */
import type { ProgramFacts, SimpleCommand } from './extract.js';
import { SENDERS } from './families/network.js';
import { hasDownloader, INTERPRETERS, SHELLS } from './families/shells.js';
import { normalisePath } from './paths.js';
import { deny } from './reason.js';
import { judgeDeleteTarget } from './targets.js';
import { literalArg } from './words.js';
import type { Reason } from './types.js';

function base(text: string | undefined): string {
  return (text ?? '').split('/').pop() ?? '';
}

/** Names along the argv (wrappers included), e.g. ["sudo", "curl"]. */
function namesOf(c: SimpleCommand): string[] {
  return c.argv.map((a) => base(a.text));
}

/** Whole-program rules; `credentialReaders` are the commands already found to read credential files. */
export function programRules(facts: ProgramFacts, credentialReaders: SimpleCommand[], home: string): Reason[] {
  const out: Reason[] = [];
  // A function that calls itself: the fork bomb `:(){ :|:& };:` and its renamed variants.
  for (const [name, body] of facts.functions) {
    if (body.some((c) => base(c.argv[0]?.text) === name && c.argv[0]?.text === name)) {
      out.push(deny('shell.fork-bomb', { en: 'the function {part} calls itself (fork bomb)', fr: 'la fonction {part} s’appelle elle-même (fork bomb)' }, name));
    }
  }
  for (const loop of facts.loopBombs) {
    out.push(deny('shell.fork-bomb', { en: 'an endless loop starts a background job on every turn (process flood): {part}', fr: 'une boucle sans fin lance une tâche de fond à chaque tour (saturation de processus) : {part}' }, loop));
  }
  // Reading credentials and sending anything out in the same command line.
  if (credentialReaders.length) {
    const sender = facts.commands.find((c) => namesOf(c).some((n) => SENDERS.has(n)));
    if (sender) {
      out.push(deny('creds.exfiltrate', { en: 'reads credentials and sends data over the network in the same command ({part})', fr: 'lit des identifiants et envoie des données sur le réseau dans la même commande ({part})' }, `${credentialReaders[0].text.slice(0, 60)} … ${sender.text.slice(0, 60)}`));
    }
  }
  // Download to a file, then run that file.
  if (hasDownloader(facts.commands)) {
    const written = new Set<string>();
    for (const c of facts.commands) {
      const names = namesOf(c);
      if (names.some((n) => n === 'curl' || n === 'wget')) {
        c.argv.forEach((a, i) => {
          if (/^(-o|--output|-O|--output-document)$/.test(a.text) && c.argv[i + 1]) written.add(normalisePath(c.argv[i + 1].text, home));
          const m = /^--output(?:-document)?=(.+)$/.exec(a.text);
          if (m) written.add(normalisePath(m[1], home));
        });
        for (const r of c.redirects) if ((r.op === '>' || r.op === '>>') && r.target) written.add(normalisePath(r.target.text, home));
      }
    }
    for (const c of facts.commands) {
      const names = namesOf(c);
      const runsFile = c.argv.some((a, i) => {
        const p = normalisePath(a.text, home);
        if (!written.has(p)) return false;
        const prev = names.slice(0, i);
        return i === 0 || prev.some((n) => SHELLS.has(n) || INTERPRETERS.has(n) || n === 'source' || n === '.' || n === 'chmod');
      });
      if (runsFile) {
        out.push(deny('exec.download-exec', { en: 'downloads a file and then runs it: {part}', fr: 'télécharge un fichier puis l’exécute : {part}' }, c.text.slice(0, 80)));
        break;
      }
    }
  }
  out.push(...afterCd(facts, home));
  return out;
}

/** `cd / && rm -rf *`: a relative recursive delete after a cd is judged at the directory it lands in. */
function afterCd(facts: ProgramFacts, home: string): Reason[] {
  const out: Reason[] = [];
  let cwd: string | undefined;
  for (const c of facts.commands) {
    const name = base(c.argv[0]?.text);
    if (name === 'cd' || name === 'pushd') {
      const target = c.argv.find((a, i) => i > 0 && !a.text.startsWith('-'));
      if (!target) cwd = home;
      else if (target.dynamicStart) cwd = undefined;
      else if (target.text.startsWith('/') || target.text.startsWith('~')) cwd = normalisePath(target.text, home);
      else if (cwd) cwd = normalisePath(`${cwd}/${target.text}`, home);
      continue;
    }
    if (!cwd || name !== 'rm') continue;
    const args = c.argv.slice(1);
    if (!args.some((a) => /^-[a-zA-Z]*[rR]|^--recursive$/.test(a.text))) continue;
    for (const a of args) {
      if (a.text.startsWith('-') || a.text.startsWith('/') || a.text.startsWith('~') || a.dynamicStart) continue;
      const resolved = literalArg(normalisePath(`${cwd}/${a.text}`, home));
      out.push(...judgeDeleteTarget(resolved, true, home, `cd ${cwd} … rm ${a.raw}`).filter((r) => r.verdict === 'deny'));
    }
  }
  return out;
}
