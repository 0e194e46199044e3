import { requireStateMachine, type TaskState } from '../../../../../lib/toolkit/asl/model';
import {
  DurationAssumptions,
  lambdaTarget,
  pathVariants,
} from '../../../../../lib/toolkit/tools/cost/path-metrics';
import { enumeratePaths } from '../../../../../lib/toolkit/tools/cost/paths';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const retry = {
  ErrorEquals: ['Lambda.ServiceException'],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};
const lambda = (name: string, rest: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: `${FN}${name}`, 'Payload.$': '$' },
  ...rest,
});

/** Round figures, so durations are easy to check by hand. */
const TIMES: DurationAssumptions = {
  lambdaMs: 100,
  invokeOverheadMs: 0,
  serviceTaskMs: 50,
  stateOverheadMs: 0,
  mapIterations: 4,
};

function metricsOf(definitionValue: unknown, times = TIMES) {
  const definition = requireStateMachine(definitionValue);
  const { paths } = enumeratePaths(definition);
  return Object.fromEntries(
    paths.flatMap((p) => pathVariants(definition, p, times)).map((m) => [m.id, m] as const),
  );
}

/** Validate (retried) → Charge (retried; transient errors exhausted → Charge Failed) → Record (DynamoDB) → Done. */
const FLOW = {
  StartAt: 'Validate',
  States: {
    Validate: lambda('validate', { Retry: [retry], Next: 'Charge' }),
    Charge: lambda('charge', {
      Retry: [retry],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Charge Failed' }],
      Next: 'Record',
    }),
    Record: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Next: 'Done' },
    Done: { Type: 'Succeed' },
    'Charge Failed': { Type: 'Fail', Error: 'ChargeFailed' },
  },
};

describe('path metrics', () => {
  const m = metricsOf(FLOW);

  it('counts one transition per state entered, the final Succeed or Fail included', () => {
    expect(m.Done.transitions).toBe(4);
    expect(m['Charge Failed'].transitions).toBe(3);
  });

  it('adds one transition per retry attempt: +retry retries each retrying state once', () => {
    expect(m['Done +retry'].transitions).toBe(4 + 2); // Validate and Charge retry; Record has no Retry
    expect(m['Done +retry'].retries).toBe(2);
  });

  it('uses every retry before the Catch on +exhausted, and only where a retrier matches the caught error', () => {
    expect(m['Charge Failed +exhausted'].transitions).toBe(3 + 3);
    expect(m['Charge Failed +exhausted'].lambdaInvocations).toEqual({
      [`${FN}validate`]: 1,
      [`${FN}charge`]: 4,
    });
    // The success path takes no Catch: it has no +exhausted variant.
    expect(m['Done +exhausted']).toBeUndefined();
  });

  it('counts each Lambda invocation, retries included, by the function the task names', () => {
    expect(m.Done.lambdaInvocations).toEqual({ [`${FN}validate`]: 1, [`${FN}charge`]: 1 });
    expect(m['Done +retry'].lambdaInvocations).toEqual({ [`${FN}validate`]: 2, [`${FN}charge`]: 2 });
  });

  it('estimates the wall time from task times and half of each full-jitter wait, or all of it without jitter', () => {
    expect(m.Done.durationMs).toBe(100 + 100 + 50);
    // One retry each: a second attempt and the first wait (1 s, no jitter strategy: all of it).
    expect(m['Done +retry'].durationMs).toBe(2 * 100 + 2 * 100 + 50 + 2 * 1000);
    // Three retries at 1, 2 and 4 s.
    expect(m['Charge Failed +exhausted'].durationMs).toBe(100 + 4 * 100 + 7000);
    const jittered = metricsOf({
      ...FLOW,
      States: {
        ...FLOW.States,
        Validate: lambda('validate', { Retry: [{ ...retry, JitterStrategy: 'FULL' }], Next: 'Charge' }),
      },
    });
    expect(jittered['Done +retry'].durationMs).toBe(2 * 100 + 2 * 100 + 50 + 500 + 1000);
  });

  it('records the history events each path writes, by type', () => {
    expect(m['Charge Failed +exhausted'].events).toEqual({
      ExecutionStarted: 1,
      TaskStateEntered: 2,
      TaskScheduled: 5,
      TaskStarted: 5,
      TaskSucceeded: 1,
      TaskFailed: 4,
      TaskStateExited: 2,
      FailStateEntered: 1,
      ExecutionFailed: 1,
    });
  });

  it('counts a Parallel as itself plus every branch, and a Map as itself plus its items × its states (assumed item count)', () => {
    const nested = metricsOf({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Next: 'Each',
          Branches: [
            { StartAt: 'A', States: { A: lambda('a', { End: true }) } },
            { StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'B2' }, B2: lambda('b', { End: true }) } },
          ],
        },
        Each: {
          Type: 'Map',
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'Item', States: { Item: lambda('item', { End: true }) } },
          End: true,
        },
      },
    });
    expect(nested.Each.transitions).toBe(1 + 1 + 2 + 1 + 4 * 1);
    expect(nested.Each.lambdaInvocations).toEqual({ [`${FN}a`]: 1, [`${FN}b`]: 1, [`${FN}item`]: 4 });
    // Branches side by side (the longer, 100 ms); 4 items two at a time: two rounds of 100 ms.
    expect(nested.Each.durationMs).toBe(100 + 2 * 100);
  });

  it('resolves the function a Lambda task invokes, or says it is computed at run time', () => {
    /** The model of a lone Task state. */
    const task = (state: object) =>
      requireStateMachine({ StartAt: 'T', States: { T: { ...state, End: true } } }).States.T as TaskState;
    expect(lambdaTarget(task(lambda('x')))).toBe(`${FN}x`);
    expect(lambdaTarget(task({ Type: 'Task', Resource: `${FN}legacy` }))).toBe(`${FN}legacy`);
    expect(
      lambdaTarget(
        task({
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'FunctionName.$': '$.fn' },
        }),
      ),
    ).toBe('(dynamic)');
    expect(lambdaTarget(task({ Type: 'Task', Resource: 'arn:aws:states:::sns:publish' }))).toBeUndefined();
  });
});
