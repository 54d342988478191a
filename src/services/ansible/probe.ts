/** Pre-flight reachability: a short SSH probe (key auth only, no prompt) before any playbook runs. */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { spawn, which } from '../../core/process.js';
import type { Target } from './inventory.js';
import { targetLabel } from './inventory.js';

const m = defineMessages({
  en: {
    unreachable: 'cannot reach {target} over SSH: {reason}',
    unreachableHint: 'check the address and port, that sshd runs there and accepts your key (--ssh-key FILE); nothing was installed and nothing recorded',
    noSsh: 'ssh not found: needed to reach {target}',
    noSshHint: 'install the OpenSSH client (apt-get install openssh-client)',
    timeout: 'no answer within {seconds} s',
  },
  fr: {
    unreachable: 'impossible de joindre {target} en SSH : {reason}',
    unreachableHint: "vérifiez l'adresse et le port, que sshd y tourne et accepte votre clé (--ssh-key FICHIER) ; rien n'a été installé ni enregistré",
    noSsh: 'ssh introuvable : nécessaire pour joindre {target}',
    noSshHint: 'installez le client OpenSSH (apt-get install openssh-client)',
    timeout: 'aucune réponse en {seconds} s',
  },
});

/** The ssh arguments of the probe (BatchMode: a password prompt would hang; accept-new as the runs do). */
export function probeArgs(t: Extract<Target, { kind: 'ssh' }>, knownHosts: string, timeoutSeconds: number): string[] {
  return [
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${timeoutSeconds}`,
    '-o', 'StrictHostKeyChecking=accept-new',
    '-o', `UserKnownHostsFile=${knownHosts}`,
    '-o', 'ControlMaster=no',
    '-p', String(t.port),
    ...(t.key ? ['-i', t.key, '-o', 'IdentitiesOnly=yes'] : []),
    `${t.user}@${t.host}`,
    'true',
  ];
}

/** Throws a CloudyaError naming the target and ssh's reason when it cannot be reached in time. */
export async function probeTarget(t: Target, knownHosts: string, env: NodeJS.ProcessEnv, timeoutSeconds = 8, signal?: AbortSignal): Promise<void> {
  if (t.kind !== 'ssh') return;
  const ssh = which('ssh', env);
  const label = targetLabel(t);
  if (!ssh) throw new CloudyaError(m('noSsh', { target: label }), { hint: m('noSshHint'), code: 'ssh_missing' });
  const r = await spawn(ssh, probeArgs(t, knownHosts, timeoutSeconds), { env, reject: false, stdin: 'ignore', timeout: (timeoutSeconds + 5) * 1000, cancelSignal: signal });
  if (r.exitCode === 0) return;
  const reason = r.timedOut
    ? m('timeout', { seconds: timeoutSeconds })
    : (String(r.stderr).split('\n').map((l) => l.trim()).filter((l) => l && !/^Warning: Permanently added/.test(l)).slice(-1)[0] ?? `ssh exit ${r.exitCode}`);
  throw new CloudyaError(m('unreachable', { target: label, reason }), { hint: m('unreachableHint'), code: 'target_unreachable' });
}
