/** Shapes of audit log entries (one JSON object per line in ~/.cloudya/audit.log). */
import type { Reason, Verdict } from '../safety/types.js';

export type AuditSource = 'ask' | 'chat' | 'exec' | 'validate' | 'connect';
/** connection: a provider connection made, tested or removed (cloudya connect). */
export type AuditEvent = 'validation' | 'confirmation' | 'execution' | 'connection';

export interface AuditEntry {
  time: string;
  user: string;
  host: string;
  pid: number;
  source: AuditSource;
  event: AuditEvent;
  command: string;
  verdict?: Verdict;
  reasons?: Reason[];
  /** The user's answer to a confirmation. */
  answer?: boolean;
  executed?: boolean;
  backend?: string;
  exitCode?: number | null;
  durationMs?: number;
  killedBy?: string;
  error?: string;
}

/** What a caller supplies; time, user, host and pid are filled in. */
export type AuditInput = Omit<AuditEntry, 'time' | 'user' | 'host' | 'pid'>;
