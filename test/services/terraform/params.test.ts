import { describe, expect, it } from 'vitest';
import { defaultRoots, findTemplate } from '../../../src/services/terraform/catalog.js';
import { evaluateCondition } from '../../../src/services/terraform/conditions.js';
import { coerceParam, looksSensitive, maskParams, mergeParameters, parseParamString, resolveParams, splitSensitive, tfVarEnv } from '../../../src/services/terraform/params.js';

describe('parameters', () => {
  it('parses k=v,k2=v2 keeping commas inside values', () => {
    expect(parseParamString('region=eu-west-3,vpc_cidr=10.0.0.0/16')).toEqual({ region: 'eu-west-3', vpc_cidr: '10.0.0.0/16' });
    expect(parseParamString('tags=["a","b"],name=x')).toEqual({ tags: '["a","b"]', name: 'x' });
    expect(() => parseParamString('region')).toThrow(/expected key=value/);
  });

  it('checks required, types and validation blocks before Terraform runs', async () => {
    const vpc = await findTemplate(defaultRoots(), 'aws/vpc');
    expect(resolveParams(vpc, { region: 'eu-west-3', az_count: '3', enable_nat_gateway: 'yes' })).toEqual({ region: 'eu-west-3', az_count: 3, enable_nat_gateway: true });
    expect(() => resolveParams(vpc, { region: 'Paris' })).toThrow(/AWS region name/);
    expect(() => resolveParams(vpc, { vpc_cidr: '10.0.0.0/33' })).toThrow(/valid IPv4 block/);
    expect(() => resolveParams(vpc, { az_count: 'two' })).toThrow(/must be a number/);
    expect(() => resolveParams(vpc, { az_count: '7' })).toThrow(/between 1 and 4/);
    expect(() => resolveParams(vpc, { enable_nat: 'true' })).toThrow(/unknown parameter "enable_nat"/);
    expect(() => resolveParams(vpc, { regoin: 'eu-west-3' })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/did you mean "region"/) }));
    const gcp = await findTemplate(defaultRoots(), 'gcp/vm');
    expect(() => resolveParams(gcp, {})).toThrow(/missing required parameter "project"/);
    const demo = await findTemplate(defaultRoots(), 'local/demo');
    expect(() => resolveParams(demo, { environment: 'qa' })).toThrow(/dev, staging or prod/);
    expect(() => resolveParams(demo, { node_count: '2.5' })).toThrow(/whole number/);
  });

  it('null means "not given", and every problem is reported at once', async () => {
    const demo = await findTemplate(defaultRoots(), 'local/demo');
    expect(resolveParams(demo, { name: null, node_count: 3 })).toEqual({ node_count: 3 });
    const gcp = await findTemplate(defaultRoots(), 'gcp/vm');
    expect(() => resolveParams(gcp, { project: null })).toThrow(/missing required parameter "project"/);
    let error: { message: string; code: string } | undefined;
    try {
      resolveParams(gcp, { zone: 'nowhere', machine_typ: 'e2-micro' });
    } catch (err) {
      error = err as typeof error;
    }
    expect(error, 'resolveParams must throw').toBeDefined();
    const lines = error!.message.split('\n');
    expect(lines[0]).toBe(`${lines.length - 1} problems with the parameters of template gcp/vm:`);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines).toContain('  - unknown parameter "machine_typ" for template gcp/vm (did you mean "machine_type"?)');
    expect(lines.some((l) => /^ {2}- missing required parameter "project"/.test(l))).toBe(true);
    expect(error!.code).toBe('bad_params');
  });

  it('refuses a value for a parameter variables.tf does not declare (the command line and the wizard alike)', () => {
    const { parameters, mismatches } = mergeParameters(
      { parameters: [{ name: 'nodes_count', description: 'Nodes', default: 2, required: true }, { name: 'label', description: 'Label', required: true }] } as never,
      [{ name: 'node_count', type: 'number', hasDefault: true, default: 2, description: '', sensitive: false, validations: [] }] as never,
    );
    expect(mismatches[0]).toMatch(/"nodes_count" is in manifest.yaml but not declared in variables.tf/);
    const template = { id: 'my/dis', parameters };
    expect(() => resolveParams(template, { nodes_count: '5' })).toThrow(/parameter "nodes_count" is listed in manifest.yaml but not declared in variables.tf/);
    expect(() => coerceParam(parameters[0], '5', 'my/dis')).toThrow(/not declared in variables.tf/);
    // A required one is the template's fault too: not asked for as "missing".
    expect(() => resolveParams(template, {})).toThrow(/parameter "label" is listed in manifest.yaml but not declared/);
  });

  it('evaluates validation conditions with three-valued logic', () => {
    expect(evaluateCondition('var.x == "" || can(regex("^https?://", var.x))', 'x', '')).toBe(true);
    expect(evaluateCondition('var.x == "" || can(regex("^https?://", var.x))', 'x', 'ftp://a')).toBe(false);
    expect(evaluateCondition('can(cidrhost(var.c, 0)) && tonumber(split("/", var.c)[1]) >= 16', 'c', '10.0.0.0/8')).toBeUndefined();
    expect(evaluateCondition('can(cidrhost(var.c, 0)) && tonumber(split("/", var.c)[1]) >= 16', 'c', 'nope')).toBe(false);
    expect(evaluateCondition('!contains(["root"], var.u)', 'u', 'root')).toBe(false);
    expect(evaluateCondition('length(var.s) <= 3', 's', 'abcd')).toBe(false);
  });

  it('keeps sensitive values out of tfvars and masks them for display', async () => {
    const demo = await findTemplate(defaultRoots(), 'local/demo');
    const values = resolveParams(demo, { name: 'x1', admin_password: 'hunter2hunter2' });
    const { plain, secret } = splitSensitive(demo.parameters, values);
    expect(plain).toEqual({ name: 'x1' });
    expect(tfVarEnv(secret)).toEqual({ TF_VAR_admin_password: 'hunter2hunter2' });
    expect(maskParams(demo.parameters, values)).toEqual({ name: 'x1', admin_password: '****' });
    expect(looksSensitive('db_password')).toBe(true);
    expect(looksSensitive('api_token')).toBe(true);
    expect(looksSensitive('access_key')).toBe(true);
    expect(looksSensitive('ssh_public_key')).toBe(false);
    expect(looksSensitive('key_name')).toBe(false);
  });
});
