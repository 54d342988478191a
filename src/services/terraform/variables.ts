/** Reads the `variable` blocks of a module's .tf files with a real HCL parser (@cdktf/hcl2json). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import type { ParamRule } from './types.js';

export interface VariableDef {
  name: string;
  /** The type expression without the ${...} wrapper ("string", "list(string)"); "any" when absent. */
  type: string;
  description?: string;
  default?: unknown;
  hasDefault: boolean;
  sensitive: boolean;
  nullable: boolean;
  validations: ParamRule[];
  file: string;
}

const m = defineMessages({
  en: { parse: 'cannot parse this Terraform file: {reason}', hint: 'Run "terraform fmt" or "terraform validate" in the template folder to see the error.' },
  fr: { parse: 'fichier Terraform illisible : {reason}', hint: 'Lancez « terraform fmt » ou « terraform validate » dans le dossier du template pour voir l’erreur.' },
});

/** Strips the "${" "}" hcl2json wraps expressions in. */
export function unwrapExpression(value: unknown): string {
  const s = String(value ?? '');
  return s.startsWith('${') && s.endsWith('}') ? s.slice(2, -1) : s;
}

type RawVariable = Record<string, unknown>;

/** Parses one .tf text and returns its variables. */
export async function parseVariables(text: string, file: string): Promise<VariableDef[]> {
  const { parse } = await import('@cdktf/hcl2json');
  let json: { variable?: Record<string, RawVariable[]> };
  try {
    json = (await parse(path.basename(file), text)) as typeof json;
  } catch (err) {
    const reason = String((err as Error).message ?? err).split('\n')[0];
    const line = /:(\d+),\d+/.exec(reason)?.[1];
    throw new CloudyaError(m('parse', { reason }), { where: { file, line: line ? Number(line) : undefined }, hint: m('hint'), code: 'hcl_parse' });
  }
  const out: VariableDef[] = [];
  for (const [name, blocks] of Object.entries(json.variable ?? {})) {
    const b = blocks[0] ?? {};
    const validations = (Array.isArray(b.validation) ? (b.validation as RawVariable[]) : []).map((v) => ({
      condition: unwrapExpression(v.condition),
      message: String(v.error_message ?? ''),
    }));
    out.push({
      name,
      type: b.type === undefined ? 'any' : unwrapExpression(b.type),
      description: typeof b.description === 'string' ? b.description : undefined,
      default: b.default,
      hasDefault: Object.prototype.hasOwnProperty.call(b, 'default'),
      sensitive: b.sensitive === true,
      nullable: b.nullable !== false,
      validations,
      file,
    });
  }
  return out;
}

/** Reads every variable declared in the .tf files of a module folder. */
export async function readVariables(dir: string): Promise<VariableDef[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf') && !f.endsWith('_override.tf') && f !== 'override.tf').sort();
  const all: VariableDef[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const text = await readFile(file, 'utf8');
    // Parsing is costly (hundreds of ms for a big main.tf): only files declaring variables are parsed.
    if (!/^\s*variable\s+"/m.test(text)) continue;
    all.push(...(await parseVariables(text, file)));
  }
  return all;
}
