/**
 * The connect form, opened from the Deploy screen (c): choose a provider, fill in what
 * `cloudya connect <provider>` asks (secrets masked, never shown again), test the connection
 * (spinner; Ctrl+C cancels), read the result in words, and save it to credentials.yaml only after
 * the provider accepted it. State lives in hooks/useConnectForm.ts.
 */
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { ReactNode } from 'react';
import { defineMessages } from '../src/core/i18n.js';
import { typedEdits } from '../components/typedKeys.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { useCancelHandler, useTextCapture } from './ShellContext.js';
import { useConnectForm, type Outcome, type Row } from './hooks/useConnectForm.js';
import { isEnvName } from '../src/services/providers/attempt.js';
import type { ScreenProps } from './types.js';

const m = defineMessages({
  en: {
    title: 'Connect a provider',
    loading: 'Loading providers...',
    connected: '✓ connected',
    notConnected: 'not connected',
    providerHint: '↑↓ choose · Enter: fill in · Esc: back to Deploy',
    fieldsTitle: 'Connect to {name}',
    fieldsHint: '↑↓ field · type to edit · Space: toggle · Enter: next / test · Esc: providers',
    optional: 'optional',
    secretMode: 'Keep the secret in',
    modeEnv: 'an environment variable (recommended)',
    modeStore: 'credentials.yaml (mode 0600)',
    envSet: '✓ {name} is set in this environment',
    envUnset: '{name} is not set in this environment: export it before starting cloudya',
    hidden: 'hidden while typing, never shown again; saved only in credentials.yaml (mode 0600)',
    keepStored: 'empty: keep the secret credentials.yaml already holds',
    caHint: 'for endpoints whose certificate comes from a private CA',
    insecure: 'Skip TLS certificate checks (--insecure)',
    insecureWarning: '⚠ TLS certificates will NOT be checked: anyone on the path can read the credentials. Prefer a CA bundle.',
    testButton: '[ Test connection ]',
    blocked: 'credentials.yaml cannot be read, so nothing can be saved: {reason}',
    testing: 'Testing the connection to {name}...',
    testingHint: 'Ctrl+C or Esc: cancel · nothing is saved before you confirm',
    okTitle: '✓ {name} accepted the connection',
    okHint: 'Enter: save to credentials.yaml · Esc: back to the form',
    failHint: 'Enter or Esc: back to the form (nothing was saved, what you typed is kept)',
    secretEnvLine: 'Secret: read from ${name} at each use',
    secretStoredLine: 'Secret: stored in credentials.yaml (mode 0600)',
    savedTitle: '✓ Saved in {file}',
    savedHint: 'Enter or Esc: back to Deploy',
    auditWarning: 'warning: the audit log could not be written: {reason}',
    hintLabel: 'hint: {hint}',
    k_auth: 'Wrong credentials',
    k_expired: 'Credentials expired',
    k_tls: 'Certificate not trusted',
    k_timeout: 'No answer in time',
    k_endpoint: 'Endpoint unreachable',
    k_malformed: 'Not the expected API',
    k_http: 'Unexpected answer',
    k_missing: 'Something is missing',
    k_other: 'Connection failed',
    k_cancelled: 'Test cancelled: nothing was saved.',
    tlsHint: 'fill in "CA bundle" with the PEM file of the CA that signed it (recommended), or turn on "Skip TLS certificate checks" (warned every time)',
    timeoutHint: 'check a firewall or proxy between here and the endpoint, and that the address and port are right',
    missingHint: 'fill in the value named above (or set the environment variable), then test again',
  },
  fr: {
    title: 'Connecter un fournisseur',
    loading: 'Chargement des fournisseurs...',
    connected: '✓ connecté',
    notConnected: 'non connecté',
    providerHint: '↑↓ choisir · Entrée : remplir · Échap : retour au déploiement',
    fieldsTitle: 'Connexion à {name}',
    fieldsHint: '↑↓ champ · tapez pour modifier · Espace : basculer · Entrée : suivant / tester · Échap : fournisseurs',
    optional: 'facultatif',
    secretMode: 'Garder le secret dans',
    modeEnv: "une variable d'environnement (recommandé)",
    modeStore: 'credentials.yaml (mode 0600)',
    envSet: '✓ {name} est définie dans cet environnement',
    envUnset: "{name} n'est pas définie dans cet environnement : exportez-la avant de lancer cloudya",
    hidden: 'masqué à la saisie, jamais réaffiché ; enregistré seulement dans credentials.yaml (mode 0600)',
    keepStored: 'vide : garder le secret déjà présent dans credentials.yaml',
    caHint: "pour les points d'accès dont le certificat vient d'une autorité privée",
    insecure: 'Ne pas vérifier les certificats TLS (--insecure)',
    insecureWarning: "⚠ Les certificats TLS ne seront PAS vérifiés : n'importe qui sur le chemin peut lire les identifiants. Préférez un fichier d'autorités.",
    testButton: '[ Tester la connexion ]',
    blocked: "credentials.yaml est illisible, rien ne peut être enregistré : {reason}",
    testing: 'Test de la connexion à {name}...',
    testingHint: "Ctrl+C ou Échap : annuler · rien n'est enregistré avant votre confirmation",
    okTitle: '✓ {name} a accepté la connexion',
    okHint: 'Entrée : enregistrer dans credentials.yaml · Échap : retour au formulaire',
    failHint: "Entrée ou Échap : retour au formulaire (rien n'a été enregistré, la saisie est gardée)",
    secretEnvLine: 'Secret : lu dans ${name} à chaque utilisation',
    secretStoredLine: 'Secret : enregistré dans credentials.yaml (mode 0600)',
    savedTitle: '✓ Enregistré dans {file}',
    savedHint: 'Entrée ou Échap : retour au déploiement',
    auditWarning: "attention : le journal d'audit n'a pas pu être écrit : {reason}",
    hintLabel: 'conseil : {hint}',
    k_auth: 'Identifiants refusés',
    k_expired: 'Identifiants expirés',
    k_tls: 'Certificat non reconnu',
    k_timeout: 'Pas de réponse à temps',
    k_endpoint: "Point d'accès injoignable",
    k_malformed: "Ce n'est pas l'API attendue",
    k_http: 'Réponse inattendue',
    k_missing: 'Il manque une valeur',
    k_other: 'Échec de la connexion',
    k_cancelled: "Test annulé : rien n'a été enregistré.",
    tlsHint: "indiquez dans « Fichier d'autorités » le PEM de l'autorité qui l'a signé (recommandé), ou activez « Ne pas vérifier les certificats TLS » (averti à chaque fois)",
    timeoutHint: "vérifiez un pare-feu ou un proxy entre ici et le point d'accès, et l'adresse et le port",
    missingHint: "renseignez la valeur citée (ou définissez la variable d'environnement), puis testez à nouveau",
  },
});

/** The props of the form: a screen's, plus where it starts and how it closes. */
export interface ConnectFormProps extends ScreenProps {
  initialProvider?: string;
  /** Esc from the provider list, or after saving (`saved` true then). */
  onClose(saved: boolean): void;
  /** Per-answer wait (default 20 s, as `cloudya connect --timeout`). */
  timeoutMs?: number;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function windowOf<T>(items: T[], selected: number, size: number): { items: T[]; offset: number } {
  const n = Math.max(1, size);
  const offset = Math.max(0, Math.min(selected - Math.floor(n / 2), items.length - n));
  return { items: items.slice(offset, offset + n), offset };
}

/** How a typed value is drawn: secrets (and a variable name that may be a pasted secret) as dots. */
function shownText(row: Extract<Row, { kind: 'text' }>, text: string): string {
  if (row.masked || (row.env && text && !isEnvName(text))) return '•'.repeat(Math.min(text.length, 24));
  return text;
}

/** The failure's headline, the message and a hint that names the form's fields rather than CLI flags. */
function failureLines(o: Extract<Outcome, { ok: false }>): { title: string; message: string; hint?: string } {
  const title = m(`k_${o.kind}`);
  const hint = o.kind === 'tls' ? m('tlsHint') : o.kind === 'timeout' ? m('timeoutHint') : o.kind === 'missing' ? m('missingHint') : o.hint;
  return { title, message: o.message, hint };
}

export function ConnectForm({ active, width, height, services, initialProvider, onClose, timeoutMs }: ConnectFormProps) {
  const { state, entry, draft, rows, errors, env, actions } = useConnectForm({ services, initialProvider, timeoutMs });
  const w = Math.max(30, width - 2);
  const focused = draft ? rows[draft.focus] : undefined;
  useTextCapture('deploy/connect', active && state.step === 'fields' && focused?.kind === 'text');
  useCancelHandler('deploy/connect', state.step === 'testing' ? actions.cancel : undefined);

  useLatestInput(
    (input, key) => {
      const { state: x, focused: row } = actions.current();
      // (Ink marks Esc as meta too.)
      if (key.ctrl || key.tab || (key.meta && !key.escape)) return;
      switch (x.step) {
        case 'provider':
          if (key.upArrow) actions.move(-1);
          else if (key.downArrow) actions.move(1);
          else if (key.return) void actions.choose();
          else if (key.escape && actions.back()) onClose(false);
          return;
        case 'testing':
          if (key.escape) {
            actions.cancel();
            actions.back();
          }
          return;
        case 'result':
          if (key.return && x.outcome?.ok) void actions.save();
          else if (key.return || key.escape) actions.back();
          return;
        case 'saved':
          if ((key.return || key.escape) && actions.back()) onClose(true);
          return;
        default:
          break;
      }
      if (key.upArrow) actions.move(-1);
      else if (key.downArrow) actions.move(1);
      else if (key.escape) actions.back();
      else if (key.return) actions.submit();
      else if (row?.kind === 'secretMode' || row?.kind === 'insecure') {
        if (input === ' ' || key.leftArrow || key.rightArrow) actions.toggle();
      } else if (row?.kind === 'text') {
        if (key.backspace || key.delete) actions.edit((t) => t.slice(0, -1));
        else if (input) {
          for (const e of typedEdits(input)) {
            if (e.kind === 'text') actions.edit((t) => t + e.text);
            else if (e.kind === 'backspace') actions.edit((t) => t.slice(0, -1));
            else actions.submit();
          }
        }
      }
    },
    { isActive: active },
  );

  const body = Math.max(3, height - 2);
  let content: ReactNode;
  let hint = '';
  const name = entry?.name ?? '';
  if (state.loading) content = <Text dimColor>{m('loading')}</Text>;
  else if (state.step === 'provider') {
    hint = m('providerHint');
    content = (
      <Box flexDirection="column">
        <Text bold>{m('title')}</Text>
        {windowOf(state.providers, state.providerIndex, body - 1).items.map((p) => {
          const selected = p.id === entry?.id;
          const st = state.status[p.id];
          const label = st?.connected ? `${m('connected')}${st.where ? ` (${st.where})` : ''}` : m('notConnected');
          return <Text key={p.id} inverse={selected}>{fit(`${selected ? '›' : ' '} ${p.id.padEnd(10)} ${p.name.padEnd(22)} ${label}`, w)}</Text>;
        })}
      </Box>
    );
  } else if (state.step === 'fields' && draft) {
    hint = m('fieldsHint');
    const labels = rows.map((r) => (r.kind === 'text' ? r.label : r.kind === 'secretMode' ? m('secretMode') : ''));
    const labelWidth = Math.min(Math.floor(w / 2), Math.max(...labels.map((l) => l.length)));
    const extra = (draft.insecure ? 1 : 0) + (draft.blocked ? 1 : 0);
    const win = windowOf(rows.map((r, i) => ({ r, i })), draft.focus, Math.floor((body - 1 - extra) / 2));
    content = (
      <Box flexDirection="column">
        <Text bold>{fit(m('fieldsTitle', { name }), w)}</Text>
        {draft.blocked ? <Text color="red">{fit(m('blocked', { reason: draft.blocked }), w)}</Text> : null}
        {win.items.map(({ r, i }) => {
          const isFocused = i === draft.focus;
          const marker = isFocused ? '›' : ' ';
          if (r.kind === 'test') return <Text key="test" inverse={isFocused} bold>{`${marker} ${m('testButton')}`}</Text>;
          if (r.kind === 'insecure') {
            return (
              <Box key="insecure" flexDirection="column">
                <Text inverse={isFocused}>{fit(`${marker} [${draft.insecure ? 'x' : ' '}] ${m('insecure')}`, w)}</Text>
                {draft.insecure ? <Text color="yellow">{fit(`    ${m('insecureWarning')}`, w * 2)}</Text> : null}
              </Box>
            );
          }
          if (r.kind === 'secretMode') {
            const choice = (on: boolean, text: string) => `(${on ? '•' : ' '}) ${text}`;
            return (
              <Text key="mode">
                <Text inverse={isFocused}>{`${marker} ${m('secretMode').padEnd(labelWidth)} `}</Text>
                <Text>{fit(` ${choice(draft.secretMode === 'env', m('modeEnv'))}  ${choice(draft.secretMode === 'store', m('modeStore'))}`, Math.max(10, w - labelWidth - 3))}</Text>
              </Text>
            );
          }
          const text = draft.texts[r.key] ?? '';
          const error = errors[r.key];
          let note = '';
          if (r.env) note = text && isEnvName(text) ? m(env[text] ? 'envSet' : 'envUnset', { name: text }) : '';
          else if (r.masked) note = draft.storedSecret ? `${m('hidden')}; ${m('keepStored')}` : m('hidden');
          else if (r.key === 'ca_bundle') note = m('caHint');
          else if (r.optional) note = m('optional');
          return (
            <Box key={r.key} flexDirection="column">
              <Text>
                <Text inverse={isFocused}>{`${marker} ${fit(r.label, labelWidth).padEnd(labelWidth)} `}</Text>
                <Text>{` ${fit(shownText(r, text), Math.max(5, w - labelWidth - 5))}${isFocused ? '▏' : ''}`}</Text>
              </Text>
              {error ? <Text color="red">{fit(`    ✗ ${error}`, w)}</Text> : isFocused && note ? <Text dimColor>{fit(`    ${note}`, w)}</Text> : null}
            </Box>
          );
        })}
      </Box>
    );
  } else if (state.step === 'testing') {
    hint = m('testingHint');
    content = (
      <Text>
        <Text color="cyan">
          <Spinner type="dots" />
        </Text>
        {` ${m('testing', { name })}`}
      </Text>
    );
  } else if (state.step === 'result' && state.outcome) {
    const o = state.outcome;
    if (o.ok) {
      hint = m('okHint');
      const secretLine = o.secret.startsWith('env:') ? m('secretEnvLine', { name: o.secret.slice(4) }) : o.secret === 'stored' ? m('secretStoredLine') : '';
      content = (
        <Box flexDirection="column">
          <Text color="green" bold>{fit(m('okTitle', { name }), w)}</Text>
          {Object.entries(o.identity).slice(0, Math.max(1, body - 5)).map(([k, v]) => (
            <Text key={k}>{fit(`  ${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`, w)}</Text>
          ))}
          {secretLine ? <Text>{fit(`  ${secretLine}`, w)}</Text> : null}
          {o.values.insecure === 'true' ? <Text color="yellow">{m('insecureWarning')}</Text> : null}
        </Box>
      );
    } else if (o.kind === 'cancelled') {
      hint = m('failHint');
      content = <Text color="yellow">{m('k_cancelled')}</Text>;
    } else {
      hint = m('failHint');
      const f = failureLines(o);
      content = (
        <Box flexDirection="column" width={w}>
          <Text color="red" bold>{`✗ ${f.title}`}</Text>
          <Text>{f.message}</Text>
          {f.hint ? <Text dimColor>{m('hintLabel', { hint: f.hint })}</Text> : null}
        </Box>
      );
    }
  } else if (state.step === 'saved' && state.saved) {
    hint = m('savedHint');
    const sv = state.saved;
    content = (
      <Box flexDirection="column" width={w}>
        <Text color="green" bold>{m('savedTitle', { file: sv.file })}</Text>
        {sv.secret.startsWith('env:') ? <Text>{`  ${m('secretEnvLine', { name: sv.secret.slice(4) })}`}</Text> : sv.secret === 'stored' ? <Text>{`  ${m('secretStoredLine')}`}</Text> : null}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" paddingX={1}>
      {state.error ? <Text color="red">{fit(state.error, w)}</Text> : null}
      {state.warning ? <Text color="yellow">{fit(m('auditWarning', { reason: state.warning }), w)}</Text> : null}
      <Box flexDirection="column" height={Math.max(1, body - (state.error ? 1 : 0) - (state.warning ? 1 : 0))} overflow="hidden">
        {content}
      </Box>
      {hint ? <Text dimColor>{fit(hint, w)}</Text> : null}
    </Box>
  );
}
