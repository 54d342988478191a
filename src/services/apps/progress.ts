/** Live counters of a playbook run (task N of M, current task, changed/failed), fed by its events; shared by every front end. */
import type { AnsibleEvent } from '../ansible/events.js';

export interface ProgressView {
  /** Tasks started so far (handlers included). */
  index: number;
  /** Tasks the plays announce (an estimate: handlers and loops are not counted ahead). */
  total?: number;
  current?: string;
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  unreachable: number;
}

/** Accumulates events into a ProgressView. */
export class RunProgress {
  readonly view: ProgressView = { index: 0, ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0 };

  /** Takes one event into account; returns true when the view changed. */
  update(ev: AnsibleEvent): boolean {
    const v = this.view;
    switch (ev.type) {
      case 'play_start':
        if (ev.tasks !== undefined) v.total = (v.total ?? 0) + ev.tasks;
        return true;
      case 'task_start':
        v.index += 1;
        v.current = ev.task;
        return true;
      case 'ok':
        v.ok += 1;
        return true;
      case 'changed':
        v.changed += 1;
        return true;
      case 'failed':
        if (!ev.ignored) v.failed += 1;
        return true;
      case 'skipped':
        v.skipped += 1;
        return true;
      case 'unreachable':
        v.unreachable += 1;
        return true;
      default:
        return false;
    }
  }
}
