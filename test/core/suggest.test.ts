import { describe, expect, it } from 'vitest';
import { closest } from '../../src/core/suggest.js';

describe('did-you-mean suggestions', () => {
  it('prefers the candidate one swapped pair away ("aws/vcp" means aws/vpc, not aws/ec2)', () => {
    const templates = ['aws/ec2', 'aws/vpc', 'azure/vm', 'gcp/vm', 'local/demo'];
    expect(closest('aws/vcp', templates)).toBe('aws/vpc');
    expect(closest('dpeloy', ['deploy', 'diagnose', 'monitor'])).toBe('deploy');
  });

  it('suggests a prefix or a near miss, and nothing for an unrelated word', () => {
    expect(closest('mon', ['monitor', 'configure'])).toBe('monitor');
    expect(closest('confgure', ['monitor', 'configure'])).toBe('configure');
    expect(closest('kubernetes', ['monitor', 'configure', 'deploy'])).toBeUndefined();
  });
});
