/** The service's own configuration test (nginx -t, apachectl configtest, sshd -t, haproxy -c, php-fpm -t, mysqld --validate-config...). */
import { finding, skipped, t } from '../../finding.js';
import { runTool } from '../../host/command.js';
import { serviceFound, serviceTarget } from '../../service/resolve.js';
import type { Check } from '../../types.js';

const ID = 'config-test';

/** The "FILE:LINE" a config test points at, when it names one. */
export function errorLocation(output: string): { file: string; line: number } | undefined {
  const m = /in (\/[^\s:]+):(\d+)/.exec(output) ?? /(\/[^\s:,]+), line (\d+)/.exec(output) ?? /(\/[^\s:]+) line (\d+)/.exec(output) ?? /\[(\/[^\s:\]]+):(\d+)\]/.exec(output);
  return m ? { file: m[1], line: Number(m[2]) } : undefined;
}

/** The output's lines, the error ones first (MariaDB prints warnings before the error that matters). */
function errorsFirst(output: string, errorLines: RegExp | undefined): string[] {
  const lines = output.split('\n');
  return errorLines ? [...lines.filter((l) => errorLines.test(l)), ...lines.filter((l) => !errorLines.test(l))] : lines;
}

const check: Check = {
  id: ID,
  title: t('Configuration test', 'Test de configuration'),
  applies: serviceFound,
  async run(ctx) {
    const s = await serviceTarget(ctx);
    const label = s.known?.name ?? s.name;
    const test = s.known?.configTest;
    if (!test) return [skipped(ID, this.title, t(`no configuration test known for ${label}`, `aucun test de configuration connu pour ${label}`))];
    const missing: string[] = [];
    for (const bin of test.binaries) {
      const version = test.askVersion ? await runTool(bin, ['--version'], { signal: ctx.signal, timeoutMs: 15000 }) : undefined;
      if (version && !version.found) {
        missing.push(bin);
        continue;
      }
      const args = test.args(ctx.options?.serviceConfig, version?.stdout ?? '');
      const r = await runTool(bin, args, { signal: ctx.signal, timeoutMs: 15000 });
      if (!r.found) {
        missing.push(bin);
        continue;
      }
      const command = [bin, ...args].join(' ');
      const output = `${r.stderr}${test.ignoreStdout ? '' : r.stdout}`.trim();
      if (r.failure) return [skipped(ID, this.title, `${command}: ${r.failure}`)];
      const errorLine = test.errorLines ? output.split('\n').some((l) => test.errorLines!.test(l)) : false;
      if (r.exitCode === 0 && !errorLine) return [finding(ID, 'ok', t(`${command} passes`, `${command} réussit`), output.split('\n').slice(-3).join('\n') || t('exit 0', 'code 0'))];
      const where = errorLocation(output);
      return [
        finding(
          ID,
          'critical',
          t(`${command} fails${where ? ` at ${where.file}:${where.line}` : ''}`, `${command} échoue${where ? ` en ${where.file}:${where.line}` : ''}`),
          `${command} -> ${t('exit', 'code')} ${r.exitCode}\n${errorsFirst(output, test.errorLines).slice(0, 12).join('\n')}`,
          t(
            `${where ? `Fix line ${where.line} of ${where.file}. ` : 'Fix the error shown. '}Run "${command}" again until it passes before any reload: a reload with a broken configuration keeps the old one running, but the next restart or reboot will fail to start ${label}.`,
            `${where ? `Corrigez la ligne ${where.line} de ${where.file}. ` : "Corrigez l'erreur affichée. "}Relancez « ${command} » jusqu'à ce qu'il réussisse avant tout rechargement : un rechargement avec une configuration cassée garde l'ancienne, mais le prochain redémarrage ou reboot ne pourra pas lancer ${label}.`,
          ),
        ),
      ];
    }
    return [skipped(ID, this.title, t(`${missing.join(', ')} not installed, cannot test the configuration`, `${missing.join(', ')} non installé, configuration non testable`))];
  },
};

export default check;
