import { JSONSchemaProps } from '../crd/resourceType';
import { compileRule } from './celSubset';
import {
  applyDefaults,
  pruneUnknownFields,
  validateAgainstSchema,
} from './structuralSchema';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['interval'],
      properties: {
        interval: { type: 'string', pattern: '^[0-9]+m$' },
        replicas: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
        },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
        values: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        list: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'set',
        },
        note: { type: 'string', nullable: true },
      },
      'x-kubernetes-validations': [
        {
          rule: "self.mode != 'b' || has(self.note)",
          message: 'mode b needs a note',
        },
      ],
    },
    status: {
      type: 'object',
      default: { observedGeneration: -1 },
      properties: { observedGeneration: { type: 'integer' } },
    },
  },
};

/** The schema has CEL rules: after schema errors the server adds a cause saying they were not run. */
const RULES_SKIPPED = '<nil> FieldValueInvalid';

const object = (spec: Record<string, unknown>) => ({
  apiVersion: 'x/v1',
  kind: 'X',
  metadata: { name: 'x' },
  spec,
});
const fields = (spec: Record<string, unknown>) =>
  validateAgainstSchema(object(spec), schema).map(
    e => `${e.field} ${e.reason}`,
  );

describe('the structural schema of a CRD', () => {
  it('prunes unknown fields, but keeps what preserve-unknown-fields and maps allow', () => {
    const o = object({
      interval: '1m',
      bogus: 1,
      values: { any: { thing: 1 } },
      labels: { a: 'b' },
    });
    expect(pruneUnknownFields(o, schema)).toEqual(['spec.bogus']);
    expect(o.spec).toEqual({
      interval: '1m',
      values: { any: { thing: 1 } },
      labels: { a: 'b' },
    });
  });

  it('fills in defaults, including a default status', () => {
    const o: Record<string, any> = object({ interval: '1m' });
    applyDefaults(o, schema);
    expect(o.spec.mode).toBe('a');
    expect(o.status).toEqual({ observedGeneration: -1 });
  });

  it.each([
    [{ interval: '1m' }, []],
    [{}, ['spec.interval FieldValueRequired', RULES_SKIPPED]],
    [{ interval: 5 }, ['spec.interval FieldValueTypeInvalid', RULES_SKIPPED]],
    [{ interval: '5s' }, ['spec.interval FieldValueInvalid', RULES_SKIPPED]],
    [{ interval: '1m', replicas: 3 }, []],
    [{ interval: '1m', replicas: '30%' }, []],
    [
      { interval: '1m', replicas: true },
      ['spec.replicas FieldValueTypeInvalid', RULES_SKIPPED],
    ],
    [
      { interval: '1m', mode: 'c' },
      ['spec.mode FieldValueNotSupported', RULES_SKIPPED],
    ],
    [
      { interval: '1m', labels: { a: 1 } },
      ['spec.labels.a FieldValueTypeInvalid', RULES_SKIPPED],
    ],
    [
      { interval: '1m', list: ['a', 'a'] },
      ['spec.list[1] FieldValueDuplicate', RULES_SKIPPED],
    ],
    [{ interval: '1m', note: null }, []],
    [{ interval: '1m', mode: 'b' }, ['spec FieldValueInvalid']],
    [{ interval: '1m', mode: 'b', note: 'why' }, []],
    // With schema errors the CEL rules are not run, and a last cause says so.
    [
      { interval: 1, mode: 'b' },
      ['spec.interval FieldValueTypeInvalid', '<nil> FieldValueInvalid'],
    ],
  ])('%j → %j', (spec, expected) => {
    expect(fields(spec)).toEqual(expected);
  });
});

describe('the CEL rules of the official CRDs', () => {
  it.each([
    [
      "!has(self.retryInterval) || self.name != 'RemediateOnFailure'",
      { name: 'RemediateOnFailure', retryInterval: '1m' },
      false,
    ],
    [
      "!has(self.retryInterval) || self.name != 'RemediateOnFailure'",
      { name: 'RetryOnFailure', retryInterval: '1m' },
      true,
    ],
    [
      '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))',
      { chart: {} },
      true,
    ],
    [
      '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))',
      {},
      false,
    ],
    [
      "self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'",
      { provider: 'aws', sts: { provider: 'ldap' } },
      false,
    ],
  ])('%s on %j is %s', (rule, self, expected) => {
    expect(compileRule(rule)!(self)).toBe(expected);
  });

  it('leaves rules outside the supported slice unenforced', () => {
    expect(compileRule('self.items.all(i, i.size() < 3)')).toBeUndefined();
  });
});
