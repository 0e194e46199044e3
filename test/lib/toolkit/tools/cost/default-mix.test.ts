import { requireStateMachine } from '../../../../../lib/toolkit/asl/model';
import { defaultMix } from '../../../../../lib/toolkit/tools/cost/default-mix';
import { resolveMix } from '../../../../../lib/toolkit/tools/cost/mix';
import { pathVariants } from '../../../../../lib/toolkit/tools/cost/path-metrics';
import { enumeratePaths } from '../../../../../lib/toolkit/tools/cost/paths';

const task = (rest: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'fn' },
  ...rest,
});
const transient = { ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 };

/**
 * Charge → Enough? (first rule: Ship; Default: Refuse) → Ship → Shipped. Charge catches its own
 * `Declined` (not retried: an answer) and anything else (a failure); Ship retries transient errors
 * and catches them after.
 */
const definition = {
  StartAt: 'Charge',
  States: {
    Charge: task({
      Next: 'Enough?',
      Retry: [transient],
      Catch: [
        { ErrorEquals: ['Declined'], Next: 'Declined' },
        { ErrorEquals: ['States.ALL'], Next: 'Broken' },
      ],
    }),
    'Enough?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.stock', NumericGreaterThan: 0, Next: 'Ship' }],
      Default: 'Refuse',
    },
    Ship: task({
      Next: 'Shipped',
      Retry: [transient],
      Catch: [{ ErrorEquals: ['Lambda.ServiceException'], Next: 'Broken' }],
    }),
    Refuse: { Type: 'Fail', Error: 'OutOfStock' },
    Declined: { Type: 'Fail', Error: 'Declined' },
    Broken: { Type: 'Fail', Error: 'Broken' },
    Shipped: { Type: 'Succeed' },
  },
};

function mixOf(json: unknown) {
  const machine = requireStateMachine(json);
  const variants = enumeratePaths(machine).paths.flatMap((p) => pathVariants(machine, p));
  return { mix: defaultMix(machine, variants), variants };
}

describe('the default mix, derived from the machine’s own paths', () => {
  const { mix, variants } = mixOf(definition);

  it('takes the path with no Catch whose Choices take their first rule as the happy path: 90%, +retry 2%', () => {
    expect(mix.happy).toBe('Shipped');
    expect(mix.happyRetries).toBe(true);
    expect(mix.spec.Shipped).toBeCloseTo(0.9, 12);
    expect(mix.spec['Shipped +retry']).toBeCloseTo(0.02, 12);
  });

  it('splits 7.5% over the other outcomes: another Choice branch, an app error caught without retry', () => {
    expect([...mix.outcomes].sort()).toEqual(['Declined', 'Refuse']);
    expect(mix.spec.Refuse).toBeCloseTo(0.0375, 12);
    expect(mix.spec.Declined).toBeCloseTo(0.0375, 12);
  });

  it('splits 0.5% over the failures, a States.* or retried error caught, with their retries used up', () => {
    expect([...mix.failures].sort()).toEqual([
      'Broken (Charge failed) +exhausted',
      'Broken (Ship failed) +exhausted',
    ]);
    for (const id of mix.failures) expect(mix.spec[id]).toBeCloseTo(0.0025, 12);
  });

  it('is a mix of this machine’s paths that adds up to 1', () => {
    const { entries } = resolveMix(mix.spec, variants);
    expect(entries.reduce((s, e) => s + e.share, 0)).toBeCloseTo(1, 12);
  });

  it('prefers a succeeding path over a Default that fails, and the first rule over a later one', () => {
    const machine = {
      StartAt: 'Which?',
      States: {
        'Which?': {
          Type: 'Choice',
          Choices: [
            { Variable: '$.a', IsPresent: true, Next: 'A' },
            { Variable: '$.b', IsPresent: true, Next: 'B' },
          ],
          Default: 'Nope',
        },
        A: { Type: 'Pass', End: true },
        B: { Type: 'Pass', End: true },
        Nope: { Type: 'Fail', Error: 'Nope' },
      },
    };
    expect(mixOf(machine).mix.happy).toBe('A');
  });

  it('gives the happy path the share of a group the machine lacks: one task, no Catch, no retry', () => {
    const { mix: single } = mixOf({ StartAt: 'Only', States: { Only: task({ End: true }) } });
    expect(single).toEqual({
      spec: { Only: 1 },
      happy: 'Only',
      happyRetries: false,
      outcomes: [],
      failures: [],
    });
  });
});
