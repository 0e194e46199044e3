import { requireStateMachine } from '../../../../../lib/toolkit/asl/model';
import type { FunctionFacts } from '../../../../../lib/toolkit/tools/cost/app-facts';
import { worstCaseDuration } from '../../../../../lib/toolkit/tools/cost/worst-case';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const fn = (name: string, timeoutSeconds: number): FunctionFacts => ({
  name,
  arn: `${ARN}${name}`,
  memoryMb: 128,
  architecture: 'x86_64',
  timeoutSeconds,
});
const FUNCTIONS = [fn('Quick', 10), fn('Slow', 120)];
const invoke = (functionName: string, rest: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, 'Payload.$': '$' },
  End: true,
  ...rest,
});
const worst = (state: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  worstCaseDuration(requireStateMachine({ StartAt: 'T', States: { T: state }, ...top }), {
    functions: FUNCTIONS,
  });

describe('the worst-case duration', () => {
  it('runs a Lambda task without TimeoutSeconds to its function’s Timeout, named by ARN, alias or name', () => {
    expect(worst(invoke(`${ARN}Quick`)).seconds).toBe(10);
    expect(worst(invoke(`${ARN}Slow:live`)).seconds).toBe(120);
    expect(worst(invoke('Quick')).attempts).toEqual([{ state: 'T', seconds: 10, source: 'function' }]);
    // The legacy form: the function's ARN as the Resource.
    expect(worst({ Type: 'Task', Resource: `${ARN}Slow`, End: true }).seconds).toBe(120);
  });

  it('prefers the task’s own TimeoutSeconds, and adds every retry with its full backoff', () => {
    expect(worst(invoke(`${ARN}Slow`, { TimeoutSeconds: 5 })).attempts[0]).toEqual({
      state: 'T',
      seconds: 5,
      source: 'task',
    });
    const retried = worst(
      invoke(`${ARN}Quick`, { Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3 }] }),
    );
    // 4 attempts × 10 s + waits 2 + 4 + 8 s.
    expect([retried.seconds, retried.retries]).toEqual([54, true]);
  });

  it('bounds a call to a function outside the app by Lambda’s 900 s; other waits by AWS’s default', () => {
    expect(worst(invoke('arn:aws:lambda:us-east-1:999999999999:function:Elsewhere')).attempts[0]).toEqual({
      state: 'T',
      seconds: 900,
      source: 'lambda-maximum',
    });
    expect(
      worst(invoke('Quick', { Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken' })).attempts[0],
    ).toEqual({ state: 'T', seconds: 99_999_999, source: 'aws-default' });
    expect(
      worst({ Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true }).attempts[0].source,
    ).toBe('aws-default');
  });

  it('reads the tasks inside a Parallel, and caps the whole by the state machine’s TimeoutSeconds', () => {
    const branch = (name: string) => ({ StartAt: name, States: { [name]: invoke(name) } });
    const parallel = { Type: 'Parallel', Branches: [branch('Quick'), branch('Slow')], End: true };
    expect(worst(parallel).seconds).toBe(120);
    expect(worst(parallel).attempts.map((a) => [a.state, a.seconds])).toEqual([
      ['Quick', 10],
      ['Slow', 120],
    ]);
    expect(worst(parallel, { TimeoutSeconds: 60 })).toMatchObject({
      seconds: 60,
      pathSeconds: 120,
      timeoutSeconds: 60,
    });
  });
});
