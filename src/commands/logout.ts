import { defineCommand } from '../core/command.js';
import { defineMessages } from '../core/i18n.js';

const m = defineMessages({
  en: {
    done: 'Logged out of {url}: the session was revoked on the server and removed from {file}.',
    notIn: 'Not logged in to {url}; nothing to do.',
    offline: 'logged out locally ({file} removed), but {url} could not revoke the session: {reason}',
    offlineHint: 'the session stays valid on the server until it expires (30 days); log in and out again when the server is reachable to revoke it now',
  },
  fr: {
    done: 'Déconnecté de {url} : la session a été révoquée sur le serveur et retirée de {file}.',
    notIn: 'Non connecté à {url} ; rien à faire.',
    offline: "déconnecté localement ({file} supprimé), mais {url} n'a pas pu révoquer la session : {reason}",
    offlineHint: "la session reste valide sur le serveur jusqu'à son expiration (30 jours) ; reconnectez-vous puis déconnectez-vous quand le serveur est joignable pour la révoquer tout de suite",
  },
});

export default defineCommand({
  summary: { en: 'Log out: revoke the session on the server and remove it locally', fr: 'Se déconnecter : révoquer la session sur le serveur et la retirer localement' },
  examples: ['cloudya logout'],
  async run(ctx) {
    const { apiClient } = await import('./login.js');
    const { clearSession, sessionFile } = await import('../services/accounts/session-store.js');
    const client = await apiClient(ctx);
    const file = sessionFile(ctx.env);
    const session = client.session();
    if (!session) return { data: { api_url: client.url, logged_out: false, revoked: false }, text: m('notIn', { url: client.url }) };
    try {
      await client.logout(session.refresh_token);
    } catch (err) {
      clearSession(ctx.env);
      const { CloudyaError } = await import('../core/errors.js');
      throw new CloudyaError(m('offline', { file, url: client.url, reason: (err as Error).message }), { hint: m('offlineHint'), code: 'logout_not_revoked' });
    }
    clearSession(ctx.env);
    return { data: { api_url: client.url, logged_out: true, revoked: true }, text: m('done', { url: client.url, file }) };
  },
});
