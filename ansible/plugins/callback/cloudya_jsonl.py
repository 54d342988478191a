# Cloudya's event stream: one JSON object per line for each playbook event, so Cloudya can follow a
# run live without scraping Ansible's human output. Shipped with Cloudya and enabled only by it.
from __future__ import annotations

DOCUMENTATION = '''
    name: cloudya_jsonl
    type: notification
    short_description: JSON lines of playbook events for Cloudya
    description:
      - Writes one JSON object per line for each playbook event (play, task start, per-host result, recap)
        to the file descriptor named by CLOUDYA_EVENTS_FD, or appends them to the file CLOUDYA_EVENTS_FILE.
      - Results of tasks marked no_log carry no message.
    requirements:
      - CLOUDYA_EVENTS_FD or CLOUDYA_EVENTS_FILE in the environment (the plugin is silent otherwise)
'''

import json
import os
import time

from ansible import context
from ansible.playbook.block import Block
from ansible.playbook.task import Task
from ansible.plugins.callback import CallbackBase

# Long outputs (apt logs, stack traces) are cut: the event stream is for following a run, the full
# text stays in Ansible's own output.
MAX_TEXT = 2000


def _short(value):
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = text.strip()
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + '...'


def _count_tasks(blocks):
    """Tasks a play will run, handlers and the meta tasks Ansible adds itself left out (an estimate:
    handlers run only when notified)."""
    total = 0
    for item in blocks:
        if isinstance(item, Block):
            total += _count_tasks(item.block or []) + _count_tasks(item.rescue or []) + _count_tasks(item.always or [])
        elif isinstance(item, Task) and not getattr(item, 'implicit', False):
            total += 1
    return total


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'cloudya_jsonl'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super().__init__(display=display)
        self._out = None
        fd = os.environ.get('CLOUDYA_EVENTS_FD')
        path = os.environ.get('CLOUDYA_EVENTS_FILE')
        if fd:
            number = int(fd)
            # Programs Ansible starts (modules, daemons they launch) must not inherit the pipe, or
            # Cloudya would wait for its end after Ansible is gone.
            os.set_inheritable(number, False)
            self._out = os.fdopen(number, 'w', buffering=1, encoding='utf-8')
        elif path:
            self._out = open(path, 'a', buffering=1, encoding='utf-8')

    def _emit(self, event, **fields):
        if self._out is None:
            return
        fields['event'] = event
        fields['time'] = round(time.time(), 3)
        try:
            self._out.write(json.dumps(fields, default=str) + '\n')
        except (BrokenPipeError, OSError):
            # The reader went away (Cloudya stopped): keep Ansible's own run going undisturbed.
            self._out = None

    def _result(self, event, result, **extra):
        task = result._task
        res = result._result or {}
        hidden = bool(res.get('_ansible_no_log')) or bool(getattr(task, 'no_log', False))
        fields = {
            'host': result._host.get_name(),
            'task': task.get_name(),
            'task_uuid': task._uuid,
            'action': task.action,
            'changed': bool(res.get('changed', False)),
        }
        if hidden:
            fields['no_log'] = True
        else:
            msg = res.get('msg') or res.get('reason')
            if msg:
                fields['msg'] = _short(msg)
            if event in ('failed', 'unreachable'):
                for key in ('stderr', 'stdout', 'module_stderr'):
                    if res.get(key):
                        fields[key] = _short(res[key])
            if 'rc' in res:
                fields['rc'] = res['rc']
        fields.update(extra)
        self._emit(event, **fields)

    def v2_playbook_on_start(self, playbook):
        args = context.CLIARGS or {}
        self._emit('playbook_start', playbook=os.path.basename(playbook._file_name), check=bool(args.get('check')))

    def v2_playbook_on_play_start(self, play):
        try:
            total = _count_tasks(play.compile())
        except Exception:  # an estimate only: never break the run for it
            total = None
        self._emit('play_start', play=play.get_name(), hosts=list(play.hosts or []), tasks=total)

    def v2_playbook_on_no_hosts_matched(self):
        self._emit('no_hosts')

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._emit('task_start', task=task.get_name(), task_uuid=task._uuid, action=task.action, path=task.get_path())

    def v2_playbook_on_handler_task_start(self, task):
        self._emit('task_start', task=task.get_name(), task_uuid=task._uuid, action=task.action, path=task.get_path(), handler=True)

    def v2_runner_on_ok(self, result):
        self._result('changed' if (result._result or {}).get('changed') else 'ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result('failed', result, ignored=bool(ignore_errors))

    def v2_runner_on_skipped(self, result):
        self._result('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._result('unreachable', result)

    def v2_runner_retry(self, result):
        res = result._result or {}
        self._emit('retry', host=result._host.get_name(), task=result._task.get_name(), attempt=res.get('attempts'), retries=res.get('retries'))

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for host in sorted(stats.processed.keys()):
            s = stats.summarize(host)
            hosts[host] = {
                'ok': s.get('ok', 0),
                'changed': s.get('changed', 0),
                'unreachable': s.get('unreachable', 0),
                'failed': s.get('failures', 0),
                'skipped': s.get('skipped', 0),
                'rescued': s.get('rescued', 0),
                'ignored': s.get('ignored', 0),
            }
        self._emit('recap', hosts=hosts)
