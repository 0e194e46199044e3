import { adviseCost, MachineFacts, Needs, worstCaseDuration } from '../../../../../lib/toolkit/tools/cost';
import { requireStateMachine } from '../../../../../lib/toolkit/asl/model';
import { duration, money } from '../../../../../lib/toolkit/tools/cost/recommend';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:Work';
const retry = {
  ErrorEquals: ['States.ALL'],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  MaxDelaySeconds: 10,
};
const work = (rest: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: FN, 'Payload.$': '$' },
  TimeoutSeconds: 7,
  Retry: [retry],
  ...rest,
});

/** Three short retried Lambda steps; an Express candidate. */
function shortFlow(
  overrides: Record<string, unknown> = {},
  top: Record<string, unknown> = { TimeoutSeconds: 300 },
) {
  return {
    StartAt: 'One',
    ...top,
    States: {
      One: work({ Next: 'Two' }),
      Two: work({ Next: 'Three' }),
      Three: work({ End: true }),
      ...overrides,
    },
  };
}

function advise(definition: unknown, orders = 1_000_000, needs: Needs = {}) {
  const facts: MachineFacts = {
    machine: {
      logicalId: 'M',
      name: 'M',
      arn: 'arn:m',
      type: 'STANDARD',
      definition: definition as Record<string, unknown>,
    },
    logging: { level: 'ALL', includeExecutionData: true },
    functions: [{ name: 'Work', arn: FN, memoryMb: 256, architecture: 'arm64', timeoutSeconds: 30 }],
  };
  return adviseCost(facts, { orders, mix: { '*': 1 }, needs });
}

describe('the recommendation', () => {
  it('recommends Express when nothing rules it out and it costs clearly less', () => {
    const { recommendation: r, estimate } = advise(shortFlow());
    expect(estimate.total.express).toBeLessThan(estimate.total.standard);
    expect(r.choice).toBe('EXPRESS');
    expect(r.ruledOut).toEqual({ STANDARD: [], EXPRESS: [] });
    expect(r.reasons[0]).toMatch(/^Express costs \$[\d.,]+ a month less/);
    expect(r.considerations.join('\n')).toContain('worst-case duration 1 min 45 s');
    // Logs at ALL with data are the largest shared cost: the report prices the lighter levels.
    expect(r.considerations[r.considerations.length - 1]).toMatch(
      /^logs: \$[\d.]+ a month is \d+% of the cheaper total; they would cost \$[\d.]+ at ALL without execution data, \$[\d.]+ at ERROR/,
    );
  });

  it('rules out Express for a .waitForTaskToken task, naming the state', () => {
    const callback = shortFlow({
      Two: { ...work({ Next: 'Three' }), Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' },
    });
    const { recommendation: r } = advise(callback);
    expect(r.choice).toBe('STANDARD');
    expect(r.ruledOut.EXPRESS).toEqual([
      'Two uses .waitForTaskToken (callback) tasks, which Express does not support',
    ]);
  });

  it('rules out Express for a .sync job and for an activity', () => {
    const jobs = shortFlow({
      One: { ...work({ Next: 'Two' }), Resource: 'arn:aws:states:::ecs:runTask.sync' },
      Two: { ...work({ Next: 'Three' }), Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve' },
    });
    expect(advise(jobs).recommendation.ruledOut.EXPRESS).toEqual([
      'One uses .sync (run a job) tasks, which Express does not support',
      'Two uses activity tasks, which Express does not support',
    ]);
  });

  it('rules out Express when the state machine may run longer than five minutes', () => {
    const { recommendation: r } = advise(shortFlow({}, { TimeoutSeconds: 600 }));
    expect(r.choice).toBe('STANDARD');
    expect(r.ruledOut.EXPRESS).toEqual([
      "the state machine's TimeoutSeconds is 600 s: Express runs for at most five minutes",
    ]);
  });

  it('rules out Express when, with no execution timeout, the retries can outlast five minutes', () => {
    const long = shortFlow({ Two: work({ Next: 'Three', TimeoutSeconds: 60 }) }, {});
    // Two: 4 attempts × 60 s + waits 1 + 2 + 4 = 247 s; One and Three 35 s each.
    expect(worstCaseDuration(requireStateMachine(long)).seconds).toBe(35 + 247 + 35);
    expect(advise(long).recommendation.ruledOut.EXPRESS).toEqual([
      'with no TimeoutSeconds, the longest path, "Three", can run 5 min 17 s (every attempt to its timeout, every retry): ' +
        'Express runs for at most five minutes',
    ]);
    // A Lambda task with no TimeoutSeconds runs at most its function's Timeout (30 s): 4 × 30 + 7 s...
    const lambdaBound = shortFlow({ Two: { ...work({ Next: 'Three' }), TimeoutSeconds: undefined } }, {});
    expect(advise(lambdaBound).worstCase.pathSeconds).toBe(35 + 127 + 35);
    expect(advise(lambdaBound).recommendation.ruledOut.EXPRESS).toEqual([]);
    // ...any other task with none waits AWS's default 99,999,999 s.
    const sns = {
      ...work({ Next: 'Three' }),
      Resource: 'arn:aws:states:::sns:publish',
      TimeoutSeconds: undefined,
    };
    expect(advise(shortFlow({ Two: sns }, {})).recommendation.choice).toBe('STANDARD');
  });

  it('notes, without ruling anything out, retries that can outlast a five-minute execution timeout', () => {
    const { recommendation: r } = advise(shortFlow({ Two: work({ Next: 'Three', TimeoutSeconds: 60 }) }));
    expect(r.ruledOut.EXPRESS).toEqual([]);
    expect(r.considerations[0]).toBe(
      'the longest path, "Three", can outlast the 300 s execution timeout (5 min 17 s with every retry): ' +
        'such an execution ends in States.Timeout, either type',
    );
  });

  it('rules out Express when exactly-once execution or API history is required', () => {
    const { recommendation: r } = advise(shortFlow(), 1_000_000, { exactlyOnce: true, history: true });
    expect(r.choice).toBe('STANDARD');
    expect(r.ruledOut.EXPRESS).toEqual([
      'exactly-once execution is required: asynchronous Express runs at least once, synchronous Express at most once',
      'execution history is required: Express keeps none in Step Functions (no GetExecutionHistory)',
    ]);
  });

  it('says which steps the definition guards against a duplicate Express execution and which it does not', () => {
    const keyed = shortFlow({
      Two: work({
        Next: 'Three',
        Parameters: { FunctionName: FN, Payload: { 'idempotencyKey.$': '$.orderId' } },
      }),
    });
    const note = advise(keyed).recommendation.considerations.find((c) =>
      c.startsWith('Express runs at least once'),
    );
    expect(note).toContain('Guarded against a rerun in the definition: Two (idempotency key).');
    expect(note).toContain('Not guarded there, so idempotent by their own code or repeated: One, Three.');
  });

  it('prefers Standard when the two cost about the same: at 1,000 orders both are nearly free', () => {
    const { recommendation: r, estimate } = advise(shortFlow(), 1000);
    expect(Math.abs(estimate.total.standard - estimate.total.express)).toBeLessThan(1);
    expect(r.choice).toBe('STANDARD');
    expect(r.reasons[0]).toMatch(/^the two cost about the same/);
  });

  it('formats money and durations for the report', () => {
    expect(money(1234.5)).toBe('$1,234.50');
    expect(money(0.0042)).toBe('$0.0042');
    expect(duration(280)).toBe('4 min 40 s');
    expect(duration(12.5)).toBe('12.5 s');
    expect(duration(Infinity)).toBe('unbounded (a time from the input)');
  });
});
