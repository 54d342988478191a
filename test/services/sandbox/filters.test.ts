/** Which programs may share a cloud CLI's grant without a question: pure text filters only. */
import { describe, expect, it } from 'vitest';
import { isPureFilter } from '../../../src/services/sandbox/filters.js';

const words = (line: string) => line.split(' ');

describe('pure text filters', () => {
  it('accepts filters that read only their input', () => {
    for (const line of ['grep -i ready', 'grep -c -e Running', 'head -n 5', 'tail -20', 'sort -k3 -nr', 'sort -t , -k 2', 'uniq -c', 'wc -l', 'cut -d : -f 1', "tr a-z A-Z", 'column -t', 'jq -r .items[].name', 'jq --arg n x .name', 'echo done', 'printf %s\\n x']) {
      expect(isPureFilter(words(line)), line).toBe(true);
    }
  });

  it('refuses anything that reads a file, writes one or runs a program', () => {
    for (const line of ['cat /root/.kube/config', 'grep x /root/.kube/config', 'grep -e x /root/.aws/credentials', 'grep -f /root/.kube/config', 'grep -r token .', 'head -n 5 /root/.aws/credentials', 'sort -o out.txt', 'sort --compress-program=sh', 'uniq in.txt out.txt', 'wc --files0-from=list', 'jq . /root/.kube/config', 'jq --rawfile k /root/.ssh/id_rsa .', 'tr a b c', 'sed -n p', 'awk 1', 'xargs cat', 'tee copy', 'base64 /root/.kube/config', 'printf -v x y', 'curl -s http://x']) {
      expect(isPureFilter(words(line)), line).toBe(false);
    }
  });
});
