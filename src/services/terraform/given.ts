/** Parameter values as the user gives them: a YAML/JSON --params-file, then --params k=v,... (later wins). */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { CloudyaError, ExitCode } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { parseParamString } from './params.js';

const m = defineMessages({
  en: {
    badFile: 'cannot read --params-file {file}: {reason}',
    badFileAt: 'cannot read --params-file: {reason}',
    missing: 'no such file',
    shape: 'expected a mapping of parameter names to values',
    hint: 'a YAML or JSON mapping of parameter names to values, e.g. "{example}"',
  },
  fr: {
    badFile: 'impossible de lire --params-file {file} : {reason}',
    badFileAt: 'impossible de lire --params-file : {reason}',
    missing: 'fichier introuvable',
    shape: 'un dictionnaire nom de paramètre -> valeur est attendu',
    hint: 'un dictionnaire YAML ou JSON nom de paramètre -> valeur, par ex. « {example} »',
  },
});

/**
 * Merges the file's mapping and the --params strings (deploy, app, stack); errors name the file and
 * line, and the hint shows `example` as a valid line.
 */
export async function givenParams(file: string | undefined, params: unknown, example = 'domain: example.com'): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (file) {
    const bad = (reason: string, line?: number) =>
      // With a line, the "file:line: " prefix already names the file.
      new CloudyaError(line ? m('badFileAt', { reason }) : m('badFile', { file, reason }), { exitCode: ExitCode.USAGE, where: { flag: '--params-file', ...(line ? { file, line } : {}) }, hint: m('hint', { example }), code: 'bad_params_file' });
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw bad((err as NodeJS.ErrnoException).code === 'ENOENT' ? m('missing') : (err as Error).message);
    }
    let data: unknown;
    try {
      data = yaml.load(text, { filename: file });
    } catch (err) {
      // js-yaml's mark is 0-based; users and editors count lines from 1.
      const mark = (err as { mark?: { line: number } }).mark;
      throw bad((err as { reason?: string }).reason ?? (err as Error).message, mark ? mark.line + 1 : undefined);
    }
    if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) throw bad(m('shape'), 1);
    Object.assign(out, data ?? {});
  }
  for (const text of Array.isArray(params) ? params : params === undefined ? [] : [params]) Object.assign(out, parseParamString(String(text)));
  return out;
}
