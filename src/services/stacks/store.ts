/**
 * Stack records: `<home>/stacks/<id>/stack.json` (written atomically, 0600) and stack.log. A record
 * links the deployment id and the installation id with a status per phase; the deployment and the
 * installation keep their own records, logs and secrets rules.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudyaError, UsageError } from '../../core/errors.js';
import { parseJsonWithLine, writeFileAtomically } from '../../core/files.js';
import { defineMessages } from '../../core/i18n.js';
import { cloudyaHome } from '../../core/paths.js';
import { closest } from '../../core/suggest.js';
import { STACK_PHASES, type PhaseState, type StackPhase, type StackRecord, type StackStatus } from './types.js';

const m = defineMessages({
  en: {
    unknown: 'unknown stack deployment "{id}"',
    didYouMean: 'did you mean "{suggestion}"? cloudya stack status lists them',
    list: 'cloudya stack status lists them',
    parse: 'cannot read stack record {file}: {reason}',
    parseHint: 'the file was left untouched; fix it by hand or move the folder away',
  },
  fr: {
    unknown: 'pile déployée inconnue « {id} »',
    didYouMean: 'vouliez-vous dire « {suggestion} » ? cloudya stack status les liste',
    list: 'cloudya stack status les liste',
    parse: 'fiche de pile illisible {file} : {reason}',
    parseHint: "le fichier n'a pas été modifié ; corrigez-le à la main ou déplacez le dossier",
  },
});

/** `<home>/stacks`. */
export function stacksRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cloudyaHome(env), 'stacks');
}

/** Files of one stack. */
export function stackFiles(root: string, id: string) {
  const dir = path.join(root, id);
  return { dir, record: path.join(dir, 'stack.json'), log: path.join(dir, 'stack.log') };
}

/** Writes stack.json atomically (updated timestamp refreshed). */
export async function saveStack(root: string, s: StackRecord): Promise<StackRecord> {
  s.updated = new Date().toISOString();
  const { dir: _dir, ...onDisk } = s;
  await writeFileAtomically(stackFiles(root, s.id).record, `${JSON.stringify(onDisk, null, 2)}\n`, 0o600);
  return s;
}

export type NewStack = Omit<StackRecord, 'id' | 'status' | 'phases' | 'outputs' | 'created' | 'updated' | 'dir'>;

/** Creates the record (every phase pending). */
export async function createStack(root: string, n: NewStack): Promise<StackRecord> {
  let id = `stack-${randomBytes(3).toString('hex')}`;
  while (existsSync(path.join(root, id))) id = `stack-${randomBytes(3).toString('hex')}`;
  const files = stackFiles(root, id);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  const now = new Date().toISOString();
  const phases = Object.fromEntries(STACK_PHASES.map((p) => [p, { status: 'pending' } satisfies PhaseState])) as Record<StackPhase, PhaseState>;
  return saveStack(root, { ...n, id, status: 'creating', phases, outputs: {}, created: now, updated: now, dir: files.dir });
}

/** Every stack id in the store. */
export async function stackIds(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(path.join(root, e.name, 'stack.json'))).map((e) => e.name).sort();
}

/** Reads one record; unknown ids get a suggestion, unreadable ones name the file. */
export async function loadStack(root: string, id: string): Promise<StackRecord> {
  const files = stackFiles(root, id);
  if (!/^[A-Za-z0-9_.-]+$/.test(id) || !existsSync(files.record)) {
    const ids = await stackIds(root);
    const suggestion = closest(id, ids);
    throw new UsageError(m('unknown', { id }), { hint: suggestion ? m('didYouMean', { suggestion }) : m('list'), code: 'unknown_stack_deployment' });
  }
  let data: unknown;
  try {
    data = parseJsonWithLine(await readFile(files.record, 'utf8'));
  } catch (err) {
    throw new CloudyaError(m('parse', { file: files.record, reason: (err as Error).message }), { hint: m('parseHint'), where: { file: files.record }, code: 'stack_record_parse' });
  }
  const s = data as StackRecord;
  if (!s || typeof s !== 'object' || !s.phases || s.id !== id) throw new CloudyaError(m('parse', { file: files.record, reason: 'not a stack record' }), { hint: m('parseHint'), code: 'stack_record_parse' });
  return { ...s, dir: files.dir };
}

/** Every readable record, oldest first; unreadable ones are named. */
export async function listStackRecords(root: string): Promise<{ stacks: StackRecord[]; problems: string[] }> {
  const stacks: StackRecord[] = [];
  const problems: string[] = [];
  for (const id of await stackIds(root)) {
    try {
      stacks.push(await loadStack(root, id));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  stacks.sort((a, b) => a.created.localeCompare(b.created));
  return { stacks, problems };
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The record as it truly is: a phase left "running" by a process that is gone (killed, machine
 * rebooted) is interrupted, and so is the stack.
 */
export function effectiveStack(s: StackRecord): StackRecord {
  const running = s.status === 'creating' || s.status === 'destroying';
  if (!running || alive(s.pid)) return s;
  const out: StackRecord = { ...s, phases: { ...s.phases }, status: 'interrupted' as StackStatus };
  for (const p of STACK_PHASES) if (out.phases[p].status === 'running') out.phases[p] = { ...out.phases[p], status: 'interrupted' };
  if (out.destroy) out.destroy = { ...out.destroy, ...(out.destroy.app === 'running' ? { app: 'interrupted' } : {}), ...(out.destroy.infra === 'running' ? { infra: 'interrupted' } : {}) };
  return out;
}
