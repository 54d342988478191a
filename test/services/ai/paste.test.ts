/**
 * Pasted tool output: the offline engine answers from its error lines, not from the paths, ids and timestamps
 * around them. The pastes here are written for this test (none is taken from the frozen question sets).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerOffline } from '../../../src/services/ai/offline.js';
import { isPaste, pasteTools, salientText, stripValues } from '../../../src/services/ai/paste.js';
import { KnowledgeIndex, loadKnowledge } from '../../../src/services/knowledge/index.js';
import { ROOT, runCli, tempHome } from '../../helpers/cli.js';

const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
const knowledge = { base, index: new KnowledgeIndex(base.entries), loadMs: 0 };

const TF_LOCK = [
  '╷',
  '│ Error: Error acquiring the state lock',
  '│ ',
  '│ Error message: ConditionalCheckFailedException: The conditional request failed',
  '│ Lock Info:',
  '│   ID:        3b9e0c1a-77d2-4c55-8f10-9d2e6a4b1f08',
  '│   Path:      corp-state/app/prod/terraform.tfstate',
  '│   Operation: OperationTypeApply',
  '│   Who:       runner@ci-7f3c9',
  '│   Created:   2026-11-30 22:41:07.118 +0000 UTC',
  '╵',
].join('\n');

const DMESG = [
  '[Mon Nov 30 04:02:51 2026] node invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
  '[Mon Nov 30 04:02:51 2026] Out of memory: Killed process 23817 (node) total-vm:4718592kB, anon-rss:3870112kB',
].join('\n');

const ANSIBLE = [
  'TASK [Gathering Facts] *********************************************************',
  'fatal: [app02]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: deploy@172.31.4.9: Permission denied (publickey).", "unreachable": true}',
  'PLAY RECAP *********************************************************************',
  'app02                      : ok=0    changed=0    unreachable=1    failed=0',
].join('\n');

describe('pasted tool output', () => {
  it('keeps the error lines and drops timestamps, ids, paths and table furniture', () => {
    expect(isPaste(TF_LOCK)).toBe(true);
    expect(isPaste('how do I unlock terraform state')).toBe(false);
    const salient = salientText(TF_LOCK);
    expect(salient).toContain('Error acquiring the state lock');
    expect(salient).not.toMatch(/3b9e0c1a|corp-state|22:41|│/);
    // The tool that printed it is named, for the entries that share the error.
    expect(salient.split('\n')).toContain('terraform');
    expect(stripValues('[Mon Nov 30 04:02:51 2026] Out of memory: Killed process 23817 (node)')).toBe('Out of memory: Killed process (node)');
  });

  it('answers a paste by the entry its error names, confidently', () => {
    for (const [paste, id] of [
      [TF_LOCK, 'tf-state-lock-force-unlock'],
      [DMESG, 'linux-memory-oom'],
      [ANSIBLE, 'ansible-ssh-troubleshooting'],
    ] as const) {
      const a = answerOffline(knowledge, paste, 'en');
      expect({ id, unknown: a.unknown, tentative: a.tentative, entries: a.entries }).toEqual({ id, unknown: undefined, tentative: undefined, entries: [id] });
    }
  });

  it('reads a pasted table by its rows: the header and the pod names are furniture, the command typed above names no problem', () => {
    const GET_PODS = ['kubectl get pods -n shop', 'NAME                        READY   STATUS             RESTARTS       AGE', 'cart-6c9b7d8f4-wq2zt        0/1     ImagePullBackOff   0              5m'].join('\n');
    const salient = salientText(GET_PODS);
    expect(salient).toContain('ImagePullBackOff');
    expect(salient).not.toMatch(/READY|RESTARTS|6c9b7d8f4|wq2zt/);
    // "kubectl get pods" alone would name the kubectl entry with full confidence; only an error line may vouch for an answer.
    const a = answerOffline(knowledge, GET_PODS, 'en');
    expect(a.entries?.[0] === 'k8s-kubectl-inspect' && !a.tentative && !a.unknown).toBe(false);
  });

  it("reads an Ansible run by its error line, not by the recap's counters (failed=0, unreachable=1, rescued=0...)", () => {
    // The recap names every kind of failure as a counter: it led to the error-handling entry, as sure, before.
    const run = [
      'PLAY [deploy the api] **********************************************************',
      'TASK [Gathering Facts] *********************************************************',
      'ok: [api01]',
      'fatal: [api03]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host 192.168.40.13 port 22: No route to host", "unreachable": true}',
      'PLAY RECAP *********************************************************************',
      'api01                      : ok=9    changed=1    unreachable=0    failed=0    skipped=3    rescued=0    ignored=0',
      'api03                      : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0',
    ].join('\n');
    expect(salientText(run)).not.toMatch(/rescued|skipped/);
    const a = answerOffline(knowledge, `one host fails in the playbook:\n${run}`, 'en');
    expect({ unknown: a.unknown, entries: a.entries }).toEqual({ unknown: undefined, entries: ['ansible-ssh-troubleshooting'] });
  });

  it('does not take a tool named inside a host or account name for the tool that printed the paste', () => {
    // A Terraform lock taken by a job on a host called "gitlab-runner-12" is a Terraform error, not GitLab CI output.
    const lock = TF_LOCK.replace('runner@ci-7f3c9', 'deploy@gitlab-runner-12');
    expect(pasteTools(lock)).toEqual(['terraform']);
    expect(answerOffline(knowledge, `terraform apply stopped with\n${lock}`, 'en').entries).toEqual(['tf-state-lock-force-unlock']);
    // Named as a word of its own, the tool still counts.
    expect(pasteTools('gitlab job log:\nERROR: Job failed: exit code 1')).toEqual(['gitlab']);
  });

  it('reads a one-line log with its level in brackets as a paste', () => {
    expect(isPaste('nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/sites-enabled/app:12')).toBe(true);
    expect(isPaste('how do I read nginx logs for errors')).toBe(false);
  });

  it('reads one error line as a tool prints it, and an SDK exception name as its error name', () => {
    const git = "fatal: unable to access 'https://git.example.com/team/app.git/': SSL certificate problem: unable to get local issuer certificate";
    expect(isPaste(git)).toBe(true);
    expect(answerOffline(knowledge, git, 'en').entries).toEqual(['linux-tls-unknown-ca']);
    const sdk = 'An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: arn:aws:sts::111122223333:assumed-role/app/i-0abc is not authorized to perform: secretsmanager:GetSecretValue';
    const a = answerOffline(knowledge, sdk, 'en');
    expect({ entries: a.entries, unknown: a.unknown }).toEqual({ entries: ['aws-access-denied'], unknown: undefined });
  });

  it('does not treat several lines without an error as tool output (a pasted recipe is declined)', () => {
    const recipe = 'Preheat the oven to 180 degrees.\nMix 200 g of flour with 3 eggs and the melted butter.\nBake for 35 minutes, then let it cool in the tin.';
    expect(salientText(recipe)).toBe('');
    expect(answerOffline(knowledge, recipe, 'en').unknown).toBe(true);
  });

  it('cloudya ask answers a pasted Terraform lock error from the shell', async () => {
    const r = await runCli(['ask', TF_LOCK, '-o', 'json'], { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.explanation).toMatch(/^## Fix a stuck state lock/);
    expect(doc.commands.map((c: { command: string }) => c.command).join('\n')).toMatch(/terraform force-unlock/);
  });
});
