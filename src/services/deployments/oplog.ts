/** The operation log (operations.log): every Terraform line of every operation, timestamped and redacted. */
import { appendFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { redact } from '../../core/redact.js';

/** Masks the given secret values and known secret patterns in a line. */
export function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('****');
  return redact(out);
}

/** Appends to a deployment's log; one writer per deployment (the lock holder), so appends are safe. */
export class OperationLog {
  constructor(
    private readonly file: string,
    private readonly secrets: readonly string[] = [],
  ) {}

  /** Writes one line: "<time> [<op>] <text>". */
  write(op: string, text: string, stream: 'stdout' | 'stderr' | 'cloudya' = 'cloudya'): void {
    const tag = stream === 'stderr' ? `${op}:stderr` : op;
    const lines = scrub(text, this.secrets).split('\n');
    appendFileSync(this.file, lines.map((l) => `${new Date().toISOString()} [${tag}] ${l}\n`).join(''), { mode: 0o600 });
  }
}

/** Reads a deployment's log lines (empty when none yet). */
export async function readOperationLog(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
}
