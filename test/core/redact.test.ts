import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';

describe('redact', () => {
  it('masks a secret given to a secret-named setting as a separate word', () => {
    expect(redact('aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe('aws configure set aws_secret_access_key ****');
    expect(redact('aws configure set aws_session_token FwoGZXIvYXdzEBYaDExample --profile prod')).toBe('aws configure set aws_session_token **** --profile prod');
    expect(redact('git config --global credential.password s3cr3t && ls')).toBe('git config --global credential.password **** && ls');
    expect(redact('heroku config:set API_TOKEN abcdef')).toBe('heroku config:set API_TOKEN ****');
    expect(redact('gh secret set DEPLOY_KEY --body abc123def')).toBe('gh secret set DEPLOY_KEY --body ****');
    expect(redact('docker login -u me -p hunter2 registry.example.com')).toBe('docker login -u me -p **** registry.example.com');
  });

  it('keeps names that are not secrets: an env var name, a key id, a region', () => {
    expect(redact('cloudya configure set ai.api_key_env MY_KEY')).toBe('cloudya configure set ai.api_key_env MY_KEY');
    expect(redact('aws configure set region eu-west-3')).toBe('aws configure set region eu-west-3');
    expect(redact('kubectl config set-credentials admin --token=abc123')).toBe('kubectl config set-credentials admin --token=****');
  });

  it('masks URL passwords and query tokens without eating what follows', () => {
    expect(redact('http://admin:hunter2@localhost:8000')).toBe('http://admin:****@localhost:8000');
    expect(redact('curl "https://x.example/api?token=abc123&page=2" -o out')).toBe('curl "https://x.example/api?token=****&page=2" -o out');
    expect(redact("curl --password=abc 'https://x' -H 'X-Api-Key: k3y'")).toBe("curl --password=**** 'https://x' -H 'X-Api-Key: ****'");
  });

  it('leaves placeholders alone: our own hints stay readable, real values are still masked', () => {
    expect(redact('hint: export OPENAI_API_KEY=... (or: cloudya configure set ai.api_key_env OTHER_VAR)')).toBe('hint: export OPENAI_API_KEY=... (or: cloudya configure set ai.api_key_env OTHER_VAR)');
    expect(redact('put the key in a variable (export OPENAI_API_KEY=...) and give its name')).toBe('put the key in a variable (export OPENAI_API_KEY=...) and give its name');
    expect(redact('mysql --password=<password> -h db')).toBe('mysql --password=<password> -h db');
    expect(redact('export OPENAI_API_KEY=sk-live-real-value-123')).toBe('export OPENAI_API_KEY=****');
    expect(redact('export DB_PASSWORD=...real')).toBe('export DB_PASSWORD=****');
  });
});
