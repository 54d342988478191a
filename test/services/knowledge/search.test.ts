import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_THRESHOLD, KnowledgeIndex, loadKnowledge, terms } from '../../../src/services/knowledge/index.js';
import { ROOT } from '../../helpers/cli.js';

const kb = loadKnowledge([path.join(ROOT, 'test/fixtures/knowledge-mini')]);
const index = new KnowledgeIndex(kb.entries);

describe('text normalisation', () => {
  it('folds accents, maps French and English synonyms to the same terms and stems', () => {
    const same = (a: string, b: string) => expect(terms(a).sort()).toEqual(terms(b).sort());
    same('Chiffrement du compartiment', 'encryption bucket');
    same('sous-réseaux privés', 'private subnets');
    same("mise à l'échelle automatique", 'autoscaling');
    same('deploying deployments', 'déployer déploiement');
    expect(terms('Sécurisé')).toEqual(terms('securise'));
  });

  it('drops stop words in both languages', () => {
    expect(terms('comment est-ce que je fais pour le')).toEqual([]);
    expect(terms('how do I do it with the')).toEqual([]);
  });
});

describe('ranking', () => {
  const top = (q: string) => index.search(q).hits[0]?.entry.id;

  it('ranks the right entry first in English and in French, with or without accents', () => {
    expect(top('make my s3 bucket private and encrypted')).toBe('aws-s3-secure-bucket');
    expect(top('Comment chiffrer un compartiment S3 ?')).toBe('aws-s3-secure-bucket');
    expect(top('vpc avec sous reseaux prives')).toBe('aws-vpc-public-private');
    expect(top('docker compose pour developper en local')).toBe('docker-compose-development');
  });

  it('forgives a typo in a long word', () => {
    expect(top('compse file for developement')).toBe('docker-compose-development');
  });

  it('is confident on a covered question and not on an unrelated one', () => {
    expect(index.search('create a private encrypted s3 bucket').confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(index.search('how do I bake a chocolate cake').confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(index.search('recette de la tarte aux pommes').confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
    // One known word in a question about something else is not enough.
    expect(index.search('which bucket for harvesting strawberries in the garden').confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
  });
});
