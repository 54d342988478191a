/**
 * Pure text filters: programs that read only their standard input and write only their standard
 * output - no file operand, no option that names a file, runs a program or writes somewhere.
 * A cloud CLI's network and credentials may be shared with these without asking, because they
 * cannot read a credential file or send anything anywhere (cat, sed, awk, xargs, tee, sort -o and
 * grep -f FILE do not qualify).
 */
import path from 'node:path';

interface FilterSpec {
  /** Options that take the next argument as their value (when not attached: -n5, --lines=5). */
  valued: RegExp;
  /** Options that make the program read or write a file or run a program: never pure. */
  refused?: RegExp;
  /** Operands that are not files (grep's pattern, jq's filter, tr's sets). */
  operands: number;
}

const SPECS: Record<string, FilterSpec> = {
  grep: { valued: /^(-[ABCmeD]|--(after-context|before-context|context|max-count|regexp|label|color|colour))$/, refused: /^(-[a-zA-Z]*[frRd]|--(file|recursive|dereference-recursive|directories|devices|include|exclude|exclude-from|exclude-dir))/, operands: 1 },
  head: { valued: /^(-[nc]|--(lines|bytes))$/, operands: 0 },
  tail: { valued: /^(-[ncs]|--(lines|bytes|sleep-interval|pid|max-unchanged-stats))$/, operands: 0 },
  sort: { valued: /^(-[ktS]|--(key|field-separator|buffer-size|parallel|sort))$/, refused: /^(-[a-zA-Z]*[oT]|--(output|temporary-directory|compress-program|files0-from|random-source))/, operands: 0 },
  uniq: { valued: /^(-[fsw]|--(skip-fields|skip-chars|check-chars|group|all-repeated))$/, operands: 0 },
  wc: { valued: /^$/, refused: /^--files0-from/, operands: 0 },
  cut: { valued: /^(-[bcdf]|--(bytes|characters|delimiter|fields|output-delimiter))$/, operands: 0 },
  tr: { valued: /^$/, operands: 2 },
  column: { valued: /^(-[csoNRHlW]|--(output-width|separator|output-separator|table-columns|table-right|table-hide|table-wrap|table-name))$/, operands: 0 },
  nl: { valued: /^(-[bdfhilnsvw]|--(body-numbering|section-delimiter|footer-numbering|header-numbering|line-increment|join-blank-lines|number-format|number-separator|starting-line-number|number-width))$/, operands: 0 },
  jq: { valued: /^(--(indent|arg|argjson))$/, refused: /^(-[a-zA-Z]*[fL]|--(from-file|slurpfile|rawfile|args|jsonargs|run-tests))/, operands: 1 },
  fmt: { valued: /^(-[wpg]|--(width|prefix|goal))$/, operands: 0 },
  rev: { valued: /^$/, operands: 0 },
  echo: { valued: /^$/, operands: Infinity },
  printf: { valued: /^$/, refused: /^-v/, operands: Infinity },
  true: { valued: /^$/, operands: Infinity },
  false: { valued: /^$/, operands: Infinity },
};
SPECS.egrep = SPECS.grep!;
SPECS.fgrep = SPECS.grep!;

/** Whether a command only filters its standard input (see the module comment). */
export function isPureFilter(argv: readonly string[]): boolean {
  const spec = SPECS[path.posix.basename(argv[0] ?? '')];
  if (!spec) return false;
  let operands = 0;
  let allowed = spec.operands;
  let options = true;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && a.startsWith('-') && a !== '-') {
      if (spec.refused?.test(a)) return false;
      // jq's --arg NAME VALUE and --argjson NAME VALUE take two.
      if (/^--(arg|argjson)$/.test(a)) i += 2;
      else if (spec.valued.test(a)) i += 1;
      // grep -e PATTERN replaces the pattern operand: any operand left is a file.
      if (/^(-e|--regexp)/.test(a) && /grep$/.test(argv[0] ?? '')) allowed = 0;
      continue;
    }
    if (a === '-') continue;
    operands += 1;
  }
  return operands <= allowed;
}
