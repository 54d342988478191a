/**
 * The built-in deny rules, by id: what `--unsafe-allow RULE` may name. A test checks that every deny
 * the validator gives over the corpus is listed here, so this list cannot silently fall behind.
 */
import { UsageError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { closest } from '../../core/suggest.js';

const m = defineMessages({
  en: { unknown: '--unsafe-allow: "{rule}" is not a built-in deny rule', didYouMean: 'did you mean "{suggestion}"? The rule id is shown in brackets by cloudya validate.', list: 'Deny rules: {rules}' },
  fr: { unknown: "--unsafe-allow : « {rule} » n'est pas une règle d'interdiction intégrée", didYouMean: 'vouliez-vous dire « {suggestion} » ? cloudya validate affiche l’identifiant de la règle entre crochets.', list: "Règles d'interdiction : {rules}" },
});

export const DENY_RULES: readonly string[] = [
  'creds.exfiltrate', 'disk.format', 'disk.overwrite', 'docker.host-takeover', 'env.hijack', 'exec.download-exec', 'exec.download-pipe-shell',
  'exec.pipe-to-shell', 'exec.untrusted-path', 'fs.delete-credentials', 'fs.delete-home', 'fs.delete-parent', 'fs.delete-root', 'fs.delete-system',
  'fs.delete-unresolved', 'fs.perms-system', 'fs.write-credentials', 'fs.write-etc', 'fs.write-shell-rc', 'fs.write-ssh', 'fs.write-system',
  'git.config-exec', 'history.wipe', 'logs.disable', 'logs.wipe', 'net.dev-tcp', 'net.reverse-shell', 'packages.remove-essential',
  'parse.dynamic-command', 'parse.empty', 'parse.error', 'parse.too-deep', 'parse.too-long', 'priv.chroot', 'priv.grant', 'priv.nsenter', 'priv.pkexec',
  'parse.too-complex', 'priv.root-shell', 'priv.setcap', 'priv.setuid', 'priv.su', 'priv.sudo-edit', 'shell.dynamic-code', 'shell.enable-load', 'shell.fork-bomb', 'shell.hash-path', 'shell.obfuscated', 'system.kill-all', 'system.power',
  'unicode.invisible', 'unicode.lookalike',
];

/** Unknown names among --unsafe-allow values (a typo would otherwise silently lift nothing). */
export function unknownRules(names: readonly string[]): string[] {
  return names.filter((n) => !DENY_RULES.includes(n));
}

/** Throws a usage error (with a did-you-mean) when an --unsafe-allow value is not a built-in deny rule. */
export function checkUnsafeAllow(names: readonly string[]): void {
  const unknown = unknownRules(names);
  if (!unknown.length) return;
  const suggestion = closest(unknown[0], DENY_RULES);
  throw new UsageError(m('unknown', { rule: unknown[0] }), {
    flag: '--unsafe-allow',
    hint: suggestion ? m('didYouMean', { suggestion }) : m('list', { rules: DENY_RULES.join(', ') }),
    code: 'unknown_rule',
  });
}
