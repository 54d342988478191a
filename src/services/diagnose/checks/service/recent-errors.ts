/** Error lines of the last 24 hours, from the journal (systemd) and from the service's log files. */
import { stat } from 'node:fs/promises';
import { finding, skipped, t } from '../../finding.js';
import { runTool } from '../../host/command.js';
import { lineTime, recentErrorLines } from '../../service/log-lines.js';
import { logFiles, serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check } from '../../types.js';

const ID = 'recent-errors';
const WINDOW_MS = 24 * 3_600_000;
const SHOWN = 8;

const check: Check = {
  id: ID,
  title: t('Recent error lines', "Lignes d'erreur récentes"),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    const label = s.known?.name ?? s.name;
    const since = Date.now() - WINDOW_MS;
    const lines: string[] = [];
    const sources: string[] = [];
    const notes: string[] = [];
    if (s.unit) {
      const id = s.unit.get('Id') ?? s.name;
      const j = await runTool('journalctl', ['-u', id, '-p', 'err', '--since', '24 hours ago', '--no-pager', '-q', '-o', 'short-iso'], { signal: ctx.signal, timeoutMs: 8000 });
      if (j.found && j.exitCode === 0) {
        sources.push(`journalctl -u ${id} -p err`);
        lines.push(...j.stdout.split('\n').filter((l) => l.trim()));
      } else notes.push(`journalctl${t(':', ' :')} ${j.found ? j.stderr.trim().split('\n')[0] || j.failure || t(`exit ${j.exitCode}`, `code ${j.exitCode}`) : t('not installed', 'non installé')}`);
    } else notes.push(t(`no journal for it (${s.unitProblem ?? 'no unit'})`, `pas de journal systemd (${s.unitProblem ?? "pas d'unité"})`));
    for (const file of await logFiles(ctx, s)) {
      try {
        const st = await stat(file);
        sources.push(file);
        lines.push(...(await recentErrorLines(file, since, st.mtimeMs >= since)).map((l) => `${file}: ${l}`));
      } catch (err) {
        notes.push(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    if (!sources.length) return [skipped(ID, this.title, t(`no log source readable for ${label}: ${notes.join('; ') || 'no log file found'}`, `aucune source de journal lisible pour ${label} : ${notes.join(' ; ') || 'aucun fichier trouvé'}`))];
    if (!lines.length) return [finding(ID, 'ok', t('No error line in the last 24 h', "Aucune ligne d'erreur sur 24 h"), t(`read: ${sources.join(', ')}`, `lu : ${sources.join(', ')}`))];
    // The latest by time, across sources: the journal and each log file come one after the other.
    const now = new Date();
    const latest = lines
      .map((line, i) => ({ line, i, at: lineTime(line, now) ?? Number.NEGATIVE_INFINITY }))
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map((x) => x.line);
    return [
      finding(
        ID,
        'warning',
        t(`${lines.length} error line(s) from ${label} in the last 24 h`, `${lines.length} ligne(s) d'erreur de ${label} sur 24 h`),
        [t(`latest ${Math.min(SHOWN, lines.length)} of ${lines.length} (${sources.join(', ')}):`, `les ${Math.min(SHOWN, lines.length)} dernières sur ${lines.length} (${sources.join(', ')}) :`), ...latest.slice(-SHOWN).map((l) => (l.length > 300 ? `${l.slice(0, 300)}...` : l))].join('\n'),
        t('Read them from the most frequent: the message usually names the file, upstream or permission at fault. Errors that stopped long ago can be ignored once understood.', 'Lisez-les en commençant par la plus fréquente : le message nomme souvent le fichier, l\'amont ou le droit en cause. Des erreurs anciennes et comprises peuvent être ignorées.'),
      ),
    ];
  },
};

export default check;
