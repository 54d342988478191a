/**
 * Terraform's machine-readable UI (`-json`): one JSON object per line. Each line becomes a
 * typed event; the types Cloudya does not use are kept as `log` so nothing is lost.
 */

export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'noop' | 'move' | 'remove' | 'import' | string;

export interface ChangeCounts {
  add: number;
  change: number;
  remove: number;
  import: number;
  operation: 'plan' | 'apply' | 'destroy' | string;
}

export interface DiagnosticInfo {
  severity: 'error' | 'warning' | string;
  summary: string;
  detail: string;
  address?: string;
  file?: string;
  line?: number;
}

export interface OutputInfo {
  sensitive: boolean;
  type?: unknown;
  value?: unknown;
  action?: string;
}

interface Base {
  /** Terraform's own human message for the line. */
  message: string;
  level: string;
  timestamp: string;
}

export type TfEvent =
  | (Base & { type: 'version'; terraform: string; ui: string })
  | (Base & { type: 'planned_change'; address: string; action: ChangeAction; reason?: string })
  | (Base & { type: 'resource_drift'; address: string; action: ChangeAction })
  | (Base & { type: 'change_summary'; changes: ChangeCounts })
  | (Base & { type: 'apply_start'; address: string; action: ChangeAction; idKey?: string; idValue?: string })
  | (Base & { type: 'apply_progress'; address: string; action: ChangeAction; elapsed: number })
  | (Base & { type: 'apply_complete'; address: string; action: ChangeAction; idKey?: string; idValue?: string; elapsed: number })
  | (Base & { type: 'apply_errored'; address: string; action: ChangeAction; elapsed: number })
  | (Base & { type: 'provision'; stage: 'start' | 'progress' | 'complete' | 'errored'; address: string; provisioner: string; output?: string })
  | (Base & { type: 'outputs'; outputs: Record<string, OutputInfo> })
  | (Base & { type: 'diagnostic'; diagnostic: DiagnosticInfo })
  | (Base & { type: 'log' });

export type TfEventType = TfEvent['type'];

type Raw = Record<string, unknown>;

function obj(v: unknown): Raw {
  return v && typeof v === 'object' ? (v as Raw) : {};
}

/** Parses one line of `terraform ... -json` output; undefined for blank or non-JSON lines. */
export function parseEventLine(line: string): TfEvent | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let raw: Raw;
  try {
    raw = JSON.parse(text) as Raw;
  } catch {
    return undefined;
  }
  const base: Base = { message: String(raw['@message'] ?? ''), level: String(raw['@level'] ?? 'info'), timestamp: String(raw['@timestamp'] ?? '') };
  const hook = obj(raw.hook);
  const hookAddr = String(obj(hook.resource).addr ?? '');
  const action = String(hook.action ?? '');
  const elapsed = Number(hook.elapsed_seconds ?? 0);
  switch (raw.type) {
    case 'version':
      return { ...base, type: 'version', terraform: String(raw.terraform ?? ''), ui: String(raw.ui ?? '') };
    case 'planned_change':
    case 'resource_drift': {
      const change = obj(raw.change);
      const address = String(obj(change.resource).addr ?? '');
      if (raw.type === 'resource_drift') return { ...base, type: 'resource_drift', address, action: String(change.action ?? '') };
      return { ...base, type: 'planned_change', address, action: String(change.action ?? ''), reason: change.reason === undefined ? undefined : String(change.reason) };
    }
    case 'change_summary': {
      const c = obj(raw.changes);
      return {
        ...base,
        type: 'change_summary',
        changes: { add: Number(c.add ?? 0), change: Number(c.change ?? 0), remove: Number(c.remove ?? 0), import: Number(c.import ?? 0), operation: String(c.operation ?? 'plan') },
      };
    }
    case 'apply_start':
      return { ...base, type: 'apply_start', address: hookAddr, action, idKey: hook.id_key as string | undefined, idValue: hook.id_value as string | undefined };
    case 'apply_progress':
      return { ...base, type: 'apply_progress', address: hookAddr, action, elapsed };
    case 'apply_complete':
      return { ...base, type: 'apply_complete', address: hookAddr, action, elapsed, idKey: hook.id_key as string | undefined, idValue: hook.id_value as string | undefined };
    case 'apply_errored':
      return { ...base, type: 'apply_errored', address: hookAddr, action, elapsed };
    case 'provision_start':
    case 'provision_progress':
    case 'provision_complete':
    case 'provision_errored':
      return {
        ...base,
        type: 'provision',
        stage: String(raw.type).slice('provision_'.length) as 'start',
        address: hookAddr,
        provisioner: String(hook.provisioner ?? ''),
        output: hook.output === undefined ? undefined : String(hook.output),
      };
    case 'outputs': {
      const outputs: Record<string, OutputInfo> = {};
      for (const [k, v] of Object.entries(obj(raw.outputs))) {
        const o = obj(v);
        outputs[k] = { sensitive: o.sensitive === true, type: o.type, value: o.value, action: o.action === undefined ? undefined : String(o.action) };
      }
      return { ...base, type: 'outputs', outputs };
    }
    case 'diagnostic': {
      const d = obj(raw.diagnostic);
      const range = obj(d.range);
      return {
        ...base,
        type: 'diagnostic',
        diagnostic: {
          severity: String(d.severity ?? 'error'),
          summary: String(d.summary ?? ''),
          detail: String(d.detail ?? ''),
          address: d.address === undefined ? undefined : String(d.address),
          file: range.filename === undefined ? undefined : String(range.filename),
          line: obj(range.start).line === undefined ? undefined : Number(obj(range.start).line),
        },
      };
    }
    default:
      return { ...base, type: 'log' };
  }
}

/** Parses a whole transcript (several lines). */
export function parseTranscript(text: string): TfEvent[] {
  return text.split('\n').map(parseEventLine).filter((e): e is TfEvent => e !== undefined);
}

/** One line saying what a diagnostic is and where. */
export function formatDiagnostic(d: DiagnosticInfo): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : d.address ? `${d.address}: ` : '';
  // The first paragraph, whole: Terraform wraps its details at ~80 columns, so a first line stops mid-sentence.
  const paragraph = d.detail?.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim();
  const detail = paragraph ? ` - ${paragraph.length > 400 ? `${paragraph.slice(0, 400)}…` : paragraph}` : '';
  return `${where}${d.summary}${detail}`;
}
