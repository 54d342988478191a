/**
 * Form fields shared by the Apps and Stacks sections: one per parameter (or target setting), the
 * text the user typed, and its inline error. Nothing typed is ever thrown away by a check.
 */
import type { TemplateParam } from '../../src/services/terraform/types.js';
import { defaultText, fieldError } from './useDeploy.js';

export interface FormField {
  /** "param:port", "infra:host", "target", "ssh-key"... */
  id: string;
  /** The name shown. */
  name: string;
  text: string;
  error?: string;
  param?: TemplateParam;
  /** Whose parameter it is (the template or app id, for messages). */
  owner?: string;
  description?: string;
  required?: boolean;
  /** Checks a non-parameter field's text. */
  validate?: (text: string) => string | undefined;
}

/** A field for one parameter, starting from its default (or a given value). */
export function paramField(p: TemplateParam, owner: string, prefix = 'param', initial?: unknown): FormField {
  const text = initial === undefined || initial === null ? defaultText(p) : typeof initial === 'string' ? initial : JSON.stringify(initial);
  const field: FormField = { id: `${prefix}:${p.name}`, name: prefix === 'param' ? p.name : `${prefix}.${p.name}`, text, param: p, owner, description: p.description, required: p.required };
  return { ...field, error: checkField(field, text) };
}

/** The error of a field's text now. */
export function checkField(f: FormField, text: string): string | undefined {
  // Under its field, "invalid value for "port": " (or « port ») says nothing the row does not.
  if (f.param) return fieldError(f.param, text, f.owner ?? '')?.replace(/^[^"«]*["«]\s?[A-Za-z0-9_]+\s?["»]\s?:\s*/, '');
  if (text === '' && f.required) return 'required';
  return text === '' ? undefined : f.validate?.(text);
}

/** The fields with one edited (its error recomputed). */
export function editFields(fields: FormField[], index: number, update: (text: string) => string): FormField[] {
  const f = fields[index];
  if (!f) return fields;
  const text = update(f.text);
  const out = fields.slice();
  out[index] = { ...f, text, error: checkField(f, text) };
  return out;
}

/** Given values of the fields with this prefix: typed text only (an empty field means "the default"). */
export function givenValues(fields: FormField[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if (f.param && f.id.startsWith(`${prefix}:`) && f.text !== '') out[f.param.name] = f.text;
  return out;
}

/** The index of the field a usage error is about: its flag, or the parameter it quotes. */
export function fieldOfError(fields: FormField[], err: { message?: string; flag?: string }, prefix = 'param'): number {
  const quoted = /"([A-Za-z0-9_]+)"/.exec(err.message ?? '')?.[1];
  if (quoted) {
    const i = fields.findIndex((f) => f.id === `${prefix}:${quoted}`);
    if (i >= 0) return i;
  }
  return err.flag ? fields.findIndex((f) => f.id === err.flag) : -1;
}
