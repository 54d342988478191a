/**
 * App parameters go through deploy's checks (terraform/params.ts: required, types, choices,
 * patterns, unknown keys with did-you-mean, all problems at once); only the command named in
 * the hints changes, so a user is pointed at `cloudya app show`, not `cloudya deploy show`.
 */
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { coerceParam, resolveParams } from '../terraform/params.js';
import type { ParamValue, TemplateParam } from '../terraform/types.js';
import type { AppInfo } from './types.js';

const m = defineMessages({
  en: {
    secretMissing: 'sensitive parameter "{name}" is needed again (it is never stored)',
    secretMissingHint: 'give its value again with --params {name}=VALUE',
  },
  fr: {
    secretMissing: 'le paramètre sensible « {name} » doit être redonné (il n’est jamais enregistré)',
    secretMissingHint: 'redonnez sa valeur avec --params {name}=VALEUR',
  },
});

function forApps(err: unknown): unknown {
  if (!(err instanceof UsageError)) return err;
  const fix = (s?: string) => s?.replace(/cloudya deploy show/g, 'cloudya app show');
  return new UsageError(fix(err.message) ?? err.message, { flag: 'params', hint: fix(err.hint), code: err.code });
}

/** Checks given values against the app's parameters; returns them with the defaults filled in. */
export function resolveAppParams(app: AppInfo, given: Record<string, unknown>, opts: { partial?: boolean } = {}): Record<string, ParamValue> {
  let values: Record<string, ParamValue>;
  // partial: new values for an existing installation, where nothing is required again.
  const parameters = opts.partial ? app.parameters.map((p) => ({ ...p, required: false })) : app.parameters;
  try {
    values = resolveParams({ id: app.id, parameters }, given);
  } catch (err) {
    throw forApps(err);
  }
  if (opts.partial) return values;
  // The manifest's defaults are passed explicitly, except a sensitive one (an empty "no password"),
  // which the playbook's own play vars supply: a default is no secret worth asking for again.
  for (const p of app.parameters) if (values[p.name] === undefined && p.default !== undefined && !p.sensitive) values[p.name] = p.default;
  return values;
}

/** Sensitive values for a re-run: given again now, or refused naming the parameter. */
export function secretsAgain(app: AppInfo, storedNames: readonly string[], given: Record<string, unknown>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of app.parameters.filter((x: TemplateParam) => x.sensitive)) {
    const raw = given[p.name];
    if (raw !== undefined && raw !== null) {
      try {
        out[p.name] = coerceParam(p, raw, app.id);
      } catch (err) {
        throw forApps(err);
      }
    } else if (storedNames.includes(p.name) || p.required) {
      throw new UsageError(m('secretMissing', { name: p.name }), { flag: 'params', hint: m('secretMissingHint', { name: p.name }), code: 'secret_missing' });
    }
  }
  return out;
}
