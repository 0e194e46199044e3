import {
  evaluateRule as evaluateCondition,
  wildcardToRegExp,
} from '../../../../lib/toolkit/asl/choice-rules';
import { StatesError } from '../../../../lib/toolkit/asl/errors';
import { buildStateMachine } from '../../../../lib/toolkit/asl/model/build';
import type { ChoiceJsonPath } from '../../../../lib/toolkit/asl/model/state-machine';
import { DataScope } from '../../../../lib/toolkit/asl/payload';
import { VariableScope } from '../../../../lib/toolkit/asl/variables';
import { run, single } from './helpers';

const data = {
  s: 'beta',
  n: 10,
  f: 2.5,
  b: true,
  nil: null,
  t: '2024-03-01T12:00:00Z',
  tFrac: '2024-03-01T12:00:00.000000001Z',
  tOffset: '2024-03-01T13:00:00+01:00',
  other: { s: 'alpha', n: 10, b: true, t: '2024-03-01T12:00:00Z' },
  list: [],
};

function scope(variables = new VariableScope()): DataScope {
  return { data, context: {}, variables, random: () => 0.5 };
}

/** A rule as a definition writes it, read by the model, then evaluated. */
function evaluateRule(rule: Record<string, unknown>, within: DataScope): boolean {
  const machine = buildStateMachine({
    StartAt: 'C',
    States: { C: { Type: 'Choice', Choices: [{ ...rule, Next: 'C' }] } },
  });
  return evaluateCondition((machine.States.C as ChoiceJsonPath).Choices[0], within);
}

const check = (rule: Record<string, unknown>) => evaluateRule(rule, scope());

describe('Choice comparison operators', () => {
  it.each([
    ['StringEquals', '$.s', 'beta', true],
    ['StringEquals', '$.s', 'Beta', false],
    ['StringLessThan', '$.s', 'gamma', true],
    ['StringGreaterThan', '$.s', 'alpha', true],
    ['StringLessThanEquals', '$.s', 'beta', true],
    ['StringGreaterThanEquals', '$.s', 'betb', false],
    ['NumericEquals', '$.n', 10, true],
    ['NumericEquals', '$.f', 2.5, true],
    ['NumericLessThan', '$.n', 10, false],
    ['NumericLessThanEquals', '$.n', 10, true],
    ['NumericGreaterThan', '$.f', 2, true],
    ['NumericGreaterThanEquals', '$.f', 3, false],
    ['BooleanEquals', '$.b', true, true],
    ['BooleanEquals', '$.b', false, false],
    ['TimestampEquals', '$.t', '2024-03-01T12:00:00Z', true],
    ['TimestampEquals', '$.tOffset', '2024-03-01T12:00:00Z', true],
    ['TimestampGreaterThan', '$.tFrac', '2024-03-01T12:00:00Z', true],
    ['TimestampLessThan', '$.t', '2024-03-01T12:00:00.5Z', true],
    ['TimestampLessThanEquals', '$.t', '2024-03-01T12:00:00Z', true],
    ['TimestampGreaterThanEquals', '$.t', '2024-03-01T12:00:01Z', false],
  ])('%s %s vs %j is %s', (operator, variable, value, expected) => {
    expect(check({ Variable: variable, [operator]: value })).toBe(expected);
  });

  it.each([
    ['StringEqualsPath', '$.s', '$.other.s', false],
    ['StringGreaterThanPath', '$.s', '$.other.s', true],
    ['NumericEqualsPath', '$.n', '$.other.n', true],
    ['NumericLessThanPath', '$.f', '$.other.n', true],
    ['BooleanEqualsPath', '$.b', '$.other.b', true],
    ['TimestampEqualsPath', '$.tOffset', '$.other.t', true],
    ['TimestampGreaterThanEqualsPath', '$.t', '$.other.t', true],
  ])('%s %s vs %s is %s', (operator, variable, path, expected) => {
    expect(check({ Variable: variable, [operator]: path })).toBe(expected);
  });

  it('is false, not an error, when the types differ', () => {
    expect(check({ Variable: '$.s', NumericEquals: 10 })).toBe(false);
    expect(check({ Variable: '$.n', StringEquals: '10' })).toBe(false);
    expect(check({ Variable: '$.s', BooleanEquals: true })).toBe(false);
    expect(check({ Variable: '$.s', TimestampEquals: '2024-03-01T12:00:00Z' })).toBe(false);
    expect(check({ Variable: '$.nil', NumericGreaterThan: 0 })).toBe(false);
  });

  it('fails with States.Runtime when the variable is missing (except for IsPresent)', () => {
    expect(() => check({ Variable: '$.missing', NumericEquals: 1 })).toThrow(StatesError);
    expect(() => check({ Variable: '$.missing', NumericEquals: 1 })).toThrow(
      /condition path references an invalid value/,
    );
    expect(check({ Variable: '$.missing', IsPresent: false })).toBe(true);
  });

  it('reads variables', () => {
    const variables = new VariableScope();
    variables.assign({ guess: 'beta' });
    expect(evaluateRule({ Variable: '$guess', StringEqualsPath: '$.s' }, scope(variables))).toBe(true);
  });
});

describe('Choice type tests', () => {
  it.each([
    ['IsNull', '$.nil', true],
    ['IsNull', '$.n', false],
    ['IsPresent', '$.nil', true],
    ['IsNumeric', '$.f', true],
    ['IsNumeric', '$.s', false],
    ['IsString', '$.s', true],
    ['IsString', '$.t', true],
    ['IsBoolean', '$.b', true],
    ['IsTimestamp', '$.t', true],
    ['IsTimestamp', '$.s', false],
  ])('%s(%s) is %s', (operator, variable, expected) => {
    expect(check({ Variable: variable, [operator]: true })).toBe(expected);
    expect(check({ Variable: variable, [operator]: false })).toBe(!expected);
  });

  it('accepts only RFC 3339 timestamps with a T and a zone', () => {
    const isTimestamp = (value: string) =>
      evaluateRule({ Variable: '$.v', IsTimestamp: true }, { ...scope(), data: { v: value } });
    expect(isTimestamp('2016-03-14T01:59:00Z')).toBe(true);
    expect(isTimestamp('2016-03-14T01:59:00.123456789+05:30')).toBe(true);
    expect(isTimestamp('2016-03-14T01:59:00')).toBe(false);
    expect(isTimestamp('2016-03-14 01:59:00Z')).toBe(false);
    expect(isTimestamp('2016-02-30T01:59:00Z')).toBe(false);
  });
});

describe('StringMatches', () => {
  it.each([
    ['log-*.txt', 'log-2024.txt', true],
    ['log-*.txt', 'log-.txt', true],
    ['log-*.txt', 'log-2024.csv', false],
    ['*', '', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axxb', false],
    ['a\\\\b', 'a\\b', true],
    ['(x).+[y]', '(x).+[y]', true],
  ])('%s matches %j: %s', (pattern, value, expected) => {
    expect(wildcardToRegExp(pattern).test(value)).toBe(expected);
  });
});

describe('And, Or, Not', () => {
  it('combine rules', () => {
    const small = { Variable: '$.n', NumericLessThan: 100 };
    const named = { Variable: '$.s', StringEquals: 'beta' };
    const wrong = { Variable: '$.s', StringEquals: 'zeta' };
    expect(check({ And: [small, named] })).toBe(true);
    expect(check({ And: [small, wrong] })).toBe(false);
    expect(check({ Or: [wrong, named] })).toBe(true);
    expect(check({ Not: wrong })).toBe(true);
    expect(check({ Not: { Or: [wrong, { Not: small }] } })).toBe(true);
  });
});

describe('Choice state', () => {
  const machine = {
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.inventory.inStock', BooleanEquals: true, Next: 'Yes' },
          { Variable: '$.count', NumericGreaterThan: 5, Next: 'Many' },
        ],
        Default: 'No',
      },
      Yes: { Type: 'Pass', Result: 'yes', End: true },
      Many: { Type: 'Pass', Result: 'many', End: true },
      No: { Type: 'Pass', Result: 'no', End: true },
    },
  };

  it('takes the first matching rule, else the Default', async () => {
    expect((await run(machine, { inventory: { inStock: true }, count: 9 })).outcome).toEqual({
      status: 'SUCCEEDED',
      output: 'yes',
    });
    expect((await run(machine, { inventory: { inStock: false }, count: 9 })).outcome).toMatchObject({
      output: 'many',
    });
    expect((await run(machine, { inventory: { inStock: 'true' }, count: 1 })).outcome).toMatchObject({
      output: 'no',
    });
  });

  it('fails with States.NoChoiceMatched without a Default', async () => {
    const { outcome } = await run(
      single({ Type: 'Choice', End: undefined, Choices: [{ Variable: '$.a', IsNull: true, Next: 'S' }] }),
      { a: 1 },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });
});
