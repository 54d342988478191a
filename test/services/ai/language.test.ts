import { describe, expect, it } from 'vitest';
import { questionLang } from '../../../src/services/ai/language.js';
import { runCli, tempHome } from '../../helpers/cli.js';

describe('the answer follows the language of the question', () => {
  it('recognises French and English questions, and falls back when unclear', () => {
    expect(questionLang('Créer un bucket S3 sécurisé', 'en')).toBe('fr');
    expect(questionLang("comment configurer l'auto-scaling horizontal pour mes pods", 'en')).toBe('fr');
    expect(questionLang('how do I create a secure s3 bucket', 'fr')).toBe('en');
    expect(questionLang('kubectl hpa', 'fr')).toBe('fr');
    expect(questionLang('kubectl hpa', 'en')).toBe('en');
  });

  it('judges a line by the words typed before the English message pasted on it', () => {
    // The tool's English message says nothing of the asker; the few French words before it do.
    expect(questionLang("docker compose up dans /srv/app -> ERROR: manifest for web:latest not found", 'en')).toBe('fr');
    expect(questionLang('kubectl apply me renvoie error: the server could not find the requested resource', 'en')).toBe('fr');
    // English typed before the message, or a bare command, stays English.
    expect(questionLang('docker compose up in /srv/app -> ERROR: manifest for web:latest not found', 'fr')).toBe('en');
    expect(questionLang('terraform plan fails with Error: Unsupported argument', 'fr')).toBe('en');
  });

  it('reads the line typed above a pasted message: one French word and no English one make the question French', () => {
    expect(questionLang('terraform apply bloque :\nError: Error acquiring the state lock\nLock Info:\n  ID: 1234', 'en')).toBe('fr');
    expect(questionLang('npm install plante a chaque fois\nnpm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree', 'en')).toBe('fr');
    // A bare command above the message, or English words, say nothing French.
    expect(questionLang('terraform apply\nError: Error acquiring the state lock', 'fr')).toBe('fr');
    expect(questionLang('terraform apply fails:\nError: Error acquiring the state lock', 'fr')).toBe('en');
  });

  it('hears short French around an English message: a quoted message, "a" typed for "à", an accent, French after the paste', () => {
    // Before: English (the quoted message outvoted "me dit"; "a" counted as the English article; the accent was not evidence).
    expect(questionLang('helm upgrade me dit "another operation is in progress, try again later"', 'en')).toBe('fr');
    expect(questionLang('la derniere mise a jour a cassé nginx', 'en')).toBe('fr');
    expect(questionLang('E: Unable to locate package nginx-extras, du coup je peux rien faire', 'en')).toBe('fr');
    // English stays English, quotes, "a" and all.
    expect(questionLang('kubectl says "error: You must be logged in to the server" what now', 'fr')).toBe('en');
    expect(questionLang('what is a good way to rotate logs on a server', 'fr')).toBe('en');
    expect(questionLang('my ansible run gets "UNREACHABLE!" on one host', 'fr')).toBe('en');
  });

  it('cloudya ask answers a French question in French under an English LANG', async () => {
    const r = await runCli(['ask', 'Créer un bucket S3 sécurisé', '-o', 'json'], { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.explanation).toMatch(/^## Créer un bucket S3 sécurisé/);
  });

  it('--lang wins over the question even when LANG already says the same language (ask and chat)', async () => {
    // Under a French LANG, `--lang fr` was taken for the default and an English question got an English answer.
    const fr = { CLOUDYA_HOME: tempHome(), LANG: 'fr_FR.UTF-8' };
    const ask = await runCli(['ask', '--lang', 'fr', 'how do I create a secure s3 bucket', '-o', 'json'], fr);
    expect(ask.code).toBe(0);
    expect(JSON.parse(ask.stdout).explanation).toMatch(/^## Créer un bucket S3 sécurisé/);
    const chat = await runCli(['chat', '--lang', 'fr', '-o', 'json'], fr, 'how do I create a secure s3 bucket\n');
    expect(chat.code).toBe(0);
    expect(JSON.parse(chat.stdout.trim().split('\n')[0]).explanation).toMatch(/^## Créer un bucket S3 sécurisé/);
    // The other way round, and without --lang the question still decides.
    const en = await runCli(['ask', '--lang', 'en', 'créer un bucket s3 sécurisé', '-o', 'json'], { CLOUDYA_HOME: tempHome(), LANG: 'en_US.UTF-8' });
    expect(JSON.parse(en.stdout).explanation).toMatch(/^## Create a secure S3 bucket/);
    const free = await runCli(['ask', 'how do I create a secure s3 bucket', '-o', 'json'], fr);
    expect(JSON.parse(free.stdout).explanation).toMatch(/^## Create a secure S3 bucket/);
  });
});
