/** Audit log service: append validations, confirmations and executions; read them back. */
import type { ValidationResult } from '../safety/types.js';
import { appendAudit } from './log.js';
import type { AuditEntry, AuditSource } from './types.js';

export { appendAudit, readAudit, auditLine, toAuditEntry } from './log.js';
export type { AuditEntry, AuditEvent, AuditInput, AuditSource } from './types.js';
export { parseSince } from './since.js';

/** Records a validation shown to the user (ask/chat show every proposed command with its verdict). */
export function auditValidation(result: ValidationResult, source: AuditSource, env: NodeJS.ProcessEnv = process.env): AuditEntry {
  return appendAudit({ source, event: 'validation', command: result.command, verdict: result.verdict, reasons: result.reasons }, env);
}

/** Records the user's answer to a confirmation. */
export function auditConfirmation(command: string, answer: boolean, source: AuditSource, env: NodeJS.ProcessEnv = process.env, extra: { verdict?: ValidationResult['verdict']; reasons?: ValidationResult['reasons'] } = {}): AuditEntry {
  return appendAudit({ source, event: 'confirmation', command, answer, ...extra }, env);
}
