import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_THRESHOLD, KnowledgeIndex, loadKnowledge, terms } from '../../../src/services/knowledge/index.js';
import type { KnowledgeEntry } from '../../../src/services/knowledge/types.js';
import { ROOT } from '../../helpers/cli.js';

const kb = loadKnowledge([path.join(ROOT, 'test/fixtures/knowledge-mini')]);
const index = new KnowledgeIndex(kb.entries);

describe('text normalisation', () => {
  /** Two texts read as the same search terms, in any order. */
  const same = (a: string, b: string) => expect(terms(a).sort()).toEqual(terms(b).sort());

  it('folds accents, maps French and English synonyms to the same terms and stems', () => {
    same('Chiffrement du compartiment', 'encryption bucket');
    same('sous-réseaux privés', 'private subnets');
    same("mise à l'échelle automatique", 'autoscaling');
    same('deploying', 'déployer');
    // "deployment" is also the Kubernetes object: it keeps a word of its own beside deploy.
    expect(terms('deployments')).toEqual([...terms('déploiement'), 'k8sdeployment']);
    expect(terms('Sécurisé')).toEqual(terms('securise'));
  });

  it('reads the everyday French of a slowdown and of an update like the technical words', () => {
    same('la base ralentit', 'la base est lente');
    same('les serveurs rament', 'slow servers');
    same('un ralentissement', 'slowness');
    same('les paquets mis à jour', 'updated packages');
  });

  it('reads /var as a directory, not as the "var" of a variable', () => {
    expect(terms('/var is at 97%')).not.toContain(terms('variable')[0]);
    // A Terraform variable keeps its meaning.
    expect(terms('terraform -var region=eu')).toContain(terms('variable')[0]);
    expect(terms('var.region')).toContain(terms('variable')[0]);
  });

  it('drops stop words in both languages', () => {
    expect(terms('comment est-ce que je fais pour le')).toEqual([]);
    expect(terms('how do I do it with the')).toEqual([]);
    // What an English contraction leaves after its apostrophe is not a word of the question ("we're on nginx" is not "re").
    expect(terms("we're on nginx, they'll see what he's got")).toEqual(terms('nginx'));
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

describe('a command typed as a question', () => {
  const entry = (id: string, title: string, questions: string[], keywords: string[]): KnowledgeEntry => ({
    id,
    domain: 'docker',
    title: { en: title, fr: title },
    questions: { en: questions, fr: [] },
    keywords: { en: keywords, fr: [] },
    explanation: { en: title, fr: title },
    commands: [],
    risks: { en: [], fr: [] },
    docs: [],
    source: { file: 'test.yaml', line: 1 },
  });
  // Four entries mention docker and images; only one has "docker images" as a phrasing of its own.
  const entries = [
    entry('scan', 'Scan a docker image for vulnerabilities', ['scan docker images with trivy'], ['image scanning', 'trivy']),
    entry('push', 'Push a docker image to a registry', ['push docker images to ecr'], ['image push', 'registry']),
    entry('size', 'Make a docker image smaller', ['reduce the size of docker images'], ['image size', 'slim']),
    entry('basics', 'List and remove containers and images', ['docker ps', 'docker images', 'list containers'], ['docker', 'containers']),
    entry('cpu', 'High CPU load on a server', ['top', 'which process uses the cpu'], ['cpu', 'top', 'load']),
    entry('metrics', 'kubectl top with metrics-server', ['kubectl top not working'], ['kubectl top', 'metrics-server', 'top']),
  ];
  const small = new KnowledgeIndex(entries);

  it('is answered confidently by the entry whose curated phrasing it is, not called too broad', () => {
    const r = small.search('docker images');
    expect(r.hits[0].entry.id).toBe('basics');
    expect(r.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    // A one-word command reaches the entry that has it as a whole question.
    expect(small.search('top').hits[0].entry.id).toBe('cpu');
  });

  it('keeps a bare product name a broad question even when one entry has it as a keyword', () => {
    const r = small.search('docker');
    expect(r.tied).toBeGreaterThanOrEqual(3);
    expect(r.confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
  });
});
