import { describe, expect, it } from 'vitest';
import { describeFailure, parseAnsibleEvent, totalStats, type AnsibleEvent } from '../../../src/services/ansible/events.js';

describe('Ansible event lines (cloudya_jsonl callback)', () => {
  it('turns each line into a typed event', () => {
    expect(parseAnsibleEvent('{"event":"play_start","play":"Web","hosts":["all"],"tasks":7,"time":1}')).toEqual({ type: 'play_start', play: 'Web', hosts: ['all'], tasks: 7, time: 1 });
    expect(parseAnsibleEvent('{"event":"task_start","task":"Install nginx","task_uuid":"u1","action":"ansible.builtin.apt","path":"/p.yml:3","time":2}')).toMatchObject({ type: 'task_start', task: 'Install nginx', taskUuid: 'u1', handler: false });
    const failed = parseAnsibleEvent('{"event":"failed","host":"web1","task":"Start nginx","task_uuid":"u2","action":"service","changed":false,"msg":"Unable to start service nginx","rc":1,"ignored":false,"time":3}');
    expect(failed).toMatchObject({ type: 'failed', host: 'web1', task: 'Start nginx', msg: 'Unable to start service nginx', rc: 1, ignored: false });
    expect(describeFailure(failed as never)).toBe('Start nginx on web1: Unable to start service nginx');
  });

  it('sums the recap over hosts', () => {
    const ev = parseAnsibleEvent('{"event":"recap","hosts":{"a":{"ok":3,"changed":1,"failed":0,"skipped":2,"unreachable":0,"rescued":0,"ignored":0},"b":{"ok":1,"changed":1,"failed":1}},"time":4}');
    expect(ev?.type).toBe('recap');
    expect(totalStats((ev as Extract<AnsibleEvent, { type: 'recap' }>).hosts)).toEqual({ ok: 4, changed: 2, failed: 1, skipped: 2, unreachable: 0, rescued: 0, ignored: 0 });
  });

  it('drops what is not one of its events (human output, broken JSON, other objects)', () => {
    for (const line of ['PLAY [all] ****', '{"event":"task_start"', '[1,2]', '{"event":"something_else","time":1}', '']) expect(parseAnsibleEvent(line)).toBeUndefined();
  });

  it('says a no_log result was hidden instead of showing its message', () => {
    const ev = parseAnsibleEvent('{"event":"failed","host":"h","task":"Set the password","no_log":true,"ignored":false,"time":1}');
    expect(describeFailure(ev as never)).toBe('Set the password on h: (output hidden: no_log)');
  });
});
