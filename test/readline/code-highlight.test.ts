import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SAMPLES: Array<[string, string]> = [
  ['bash', 'kubectl get pods -n "prod" | grep -v Running # not ready\nexport KUBECONFIG=~/.kube/config'],
  ['yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3 # three\n  name: "web"'],
  ['json', '{ "bucket": "logs", "versioning": true, "days": 30 }'],
  ['python', 'import boto3\n\ndef main():\n    return boto3.client("s3")  # client'],
  ['dockerfile', 'FROM node:20-alpine\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]'],
  ['sql', "SELECT name FROM users WHERE id = 42 AND role = 'admin';"],
];

describe('code colouring in answers (the built CLI’s stand-in for cli-highlight)', () => {
  it('colours code blocks exactly as cli-highlight did, for the languages answers use', async () => {
    // cli-highlight's own chalk decides its colour level when first imported (here); ours is set to match.
    process.env.FORCE_COLOR = '1';
    (await import('chalk')).default.level = 1;
    const { highlight: lite } = await import('../../src/readline/code-highlight.js');
    const { highlight: full } = await import('cli-highlight');
    for (const [language, code] of SAMPLES) {
      const expected = full(code, { language, ignoreIllegals: true });
      expect(expected, `${language} is coloured at all`).not.toBe(code);
      expect(lite(code, { language, ignoreIllegals: true }), language).toBe(expected);
    }
  });

  it('an unknown language is an error, so marked-terminal prints the block in its plain code colour as before', async () => {
    const { highlight } = await import('../../src/readline/code-highlight.js');
    expect(() => highlight('resource "a" "b" {}', { language: 'hcl' })).toThrow();
  });

  it('the built markdown renderer carries highlight.js core and a few languages, not all ~190 nor an HTML parser', () => {
    const meta = JSON.parse(readFileSync(path.join(ROOT, 'dist/build-meta.json'), 'utf8')) as Record<string, string[]>;
    const inputs = Object.values(meta).flat();
    expect(inputs).toContain('src/readline/code-highlight.ts');
    expect(inputs.filter((i) => /node_modules\/highlight\.js\/lib\/languages\//.test(i)).length).toBeLessThan(25);
    expect(inputs.filter((i) => /node_modules\/(parse5|cli-highlight)\//.test(i))).toEqual([]);
  });
});
