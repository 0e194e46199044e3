import { TaskFailure, TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { classifyResource } from '../../../../lib/toolkit/asl/model';
import { faultFor, InjectedFault, injectFaults } from '../../../../lib/toolkit/local/fault-injection';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

function invocation(
  executionName: string,
  overrides: Partial<TaskInvocation> = {},
  resource = LAMBDA,
): TaskInvocation {
  return {
    resource,
    classifiedResource: classifyResource(resource),
    stateName: 'Process Payment',
    input: {},
    retryCount: 0,
    context: {
      Execution: {
        Id: `arn:x:${executionName}`,
        Input: {},
        Name: executionName,
        RoleArn: 'r',
        StartTime: '',
      },
      State: { EnteredTime: '', Name: 'Process Payment', RetryCount: 0 },
      StateMachine: { Id: 'sm', Name: 'sm' },
    },
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Runs `n` attempts (distinct executions) and records what the wrapped handler saw. */
async function attempts(n: number, options: Parameters<typeof injectFaults>[1], resource = LAMBDA) {
  let calls = 0;
  const faults: InjectedFault[] = [];
  const handler = injectFaults(
    async () => {
      calls++;
      return { ok: true };
    },
    options,
    (fault) => faults.push(fault),
  );
  const outcomes = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      handler(invocation(`order-${i}`, {}, resource)).then(
        () => 'ok',
        (error: TaskFailure) => error.error,
      ),
    ),
  );
  return { calls, faults, outcomes };
}

describe('fault injection', () => {
  it('fails the stated share of attempts, within three standard deviations', async () => {
    const { faults } = await attempts(10_000, { rate: 0.3, seed: 1 });
    const sigma = Math.sqrt((0.3 * 0.7) / 10_000);
    expect(Math.abs(faults.length / 10_000 - 0.3)).toBeLessThan(3 * sigma);
  });

  it('fails before the call without calling the task, with the integration’s retryable error', async () => {
    const { calls, faults, outcomes } = await attempts(200, { rate: 0.5, seed: 2, afterShare: 0 });
    expect(faults.every((f) => f.when === 'before' && f.error === 'Lambda.ServiceException')).toBe(true);
    expect(calls).toBe(200 - faults.length);
    expect(outcomes.filter((o) => o === 'Lambda.ServiceException')).toHaveLength(faults.length);
  });

  it('fails after the call did its work, as a lost response (States.Timeout)', async () => {
    const { calls, faults, outcomes } = await attempts(200, { rate: 0.5, seed: 3, afterShare: 1 });
    expect(faults.length).toBeGreaterThan(50);
    expect(calls).toBe(200);
    expect(outcomes.filter((o) => o === 'States.Timeout')).toHaveLength(faults.length);
  });

  it('names DynamoDB and SNS faults before the call as those services’ retryable errors', async () => {
    const dynamo = await attempts(50, { rate: 0.9, afterShare: 0 }, 'arn:aws:states:::dynamodb:updateItem');
    expect(new Set(dynamo.outcomes)).toContain('DynamoDB.InternalServerErrorException');
    const sns = await attempts(50, { rate: 0.9, afterShare: 0 }, 'arn:aws:states:::sns:publish');
    expect(new Set(sns.outcomes)).toContain('SNS.InternalErrorException');
  });

  it('reproduces the same faults from the same seed and others from another', async () => {
    const key = (faults: InjectedFault[]) => faults.map((f) => `${f.executionName}:${f.when}`).sort();
    const a = await attempts(300, { rate: 0.3, seed: 7 });
    const b = await attempts(300, { rate: 0.3, seed: 7 });
    const c = await attempts(300, { rate: 0.3, seed: 8 });
    expect(key(a.faults)).toEqual(key(b.faults));
    expect(key(a.faults)).not.toEqual(key(c.faults));
  });

  it('draws each retry of a task afresh', async () => {
    const handler = injectFaults(async () => 'ok', { rate: 0.5, seed: 5 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, retryCount) =>
        handler(invocation('one-order', { retryCount })).then(
          () => 'ok',
          () => 'fault',
        ),
      ),
    );
    expect(new Set(results)).toEqual(new Set(['ok', 'fault']));
  });

  it('draws each Map item apart', () => {
    const options = { rate: 0.5, seed: 9 };
    const item = (mapItemIndex?: number) =>
      faultFor(options, { executionName: 'order-1', stateName: 'Ship Order', retryCount: 0, mapItemIndex });
    const items = Array.from({ length: 40 }, (_, i) => item(i));
    expect(new Set(items)).toEqual(new Set([undefined, 'before', 'after']));
  });

  it('passes the Map item index from the context object', async () => {
    const seen: InjectedFault[] = [];
    const handler = injectFaults(
      async () => 'ok',
      { rate: 0.5, seed: 9 },
      (f) => seen.push(f),
    );
    const inMap = (index: number) => {
      const task = invocation('order-1', { stateName: 'Ship Order' });
      return { ...task, context: { ...task.context, Map: { Item: { Index: index, Value: {} } } } };
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        handler(inMap(i)).then(
          () =>
            faultFor(
              { rate: 0.5, seed: 9 },
              { executionName: 'order-1', stateName: 'Ship Order', retryCount: 0, mapItemIndex: i },
            ) === undefined,
          () =>
            faultFor(
              { rate: 0.5, seed: 9 },
              { executionName: 'order-1', stateName: 'Ship Order', retryCount: 0, mapItemIndex: i },
            ) !== undefined,
        ),
      ),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(seen.length).toBeGreaterThan(5);
  });

  it('leaves states outside `states` alone', async () => {
    const { faults } = await attempts(100, { rate: 0.99, states: ['Ship Order'] });
    expect(faults).toEqual([]);
  });

  it.each([
    [{ rate: 1 }, /fault rate must be a number from 0 up to \(not including\) 1, got 1/],
    [{ rate: -0.1 }, /fault rate .* got -0.1/],
    [{ rate: 0.3, seed: 1.5 }, /fault seed must be a whole number, got 1.5/],
    [{ rate: 0.3, afterShare: 2 }, /afterShare must be a number from 0 to 1, got 2/],
  ])('refuses %j, naming the problem', (options, message) => {
    expect(() => injectFaults(async () => 'ok', options)).toThrow(message);
  });
});
