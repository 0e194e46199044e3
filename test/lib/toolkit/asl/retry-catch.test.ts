import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import { TaskFailure, TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { retryDelayMs } from '../../../../lib/toolkit/asl/retry';
import { run, single } from './helpers';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** A handler failing with the given errors in turn, then returning `{ ok: attempt }`. */
function failing(...errors: Array<string | Error>) {
  const calls: TaskInvocation[] = [];
  const handler = async (task: TaskInvocation) => {
    calls.push(task);
    const next = errors[calls.length - 1];
    if (next instanceof Error) throw next;
    if (next !== undefined) throw new TaskFailure(next, `cause ${calls.length}`);
    return { ok: calls.length };
  };
  return { handler, calls };
}

describe('retry delays', () => {
  it('follow IntervalSeconds x BackoffRate ^ n, capped by MaxDelaySeconds, scaled by FULL jitter', () => {
    const retrier = { ErrorEquals: ['E'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10 };
    expect([0, 1, 2, 3].map((n) => retryDelayMs(retrier, n, () => 0.5))).toEqual([2000, 6000, 10000, 10000]);
    expect(retryDelayMs({ ErrorEquals: ['E'] }, 2, () => 0.5)).toBe(4000);
    expect(retryDelayMs({ ...retrier, JitterStrategy: 'FULL' }, 1, () => 0.25)).toBe(1500);
  });
});

describe('Retry', () => {
  it('retries with backoff and exposes the attempt as $$.State.RetryCount', async () => {
    const { handler, calls } = failing('Lambda.ServiceException', 'Lambda.ServiceException');
    const { outcome, elapsedMs } = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        Parameters: { 'attempt.$': '$$.State.RetryCount' },
        Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, BackoffRate: 2 }],
      }),
      {},
      { taskHandler: handler },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { ok: 3 } });
    expect(calls.map((c) => c.input)).toEqual([{ attempt: 0 }, { attempt: 1 }, { attempt: 2 }]);
    expect(calls.map((c) => c.retryCount)).toEqual([0, 1, 2]);
    expect(calls.map((c) => c.context.State.RetryCount)).toEqual([0, 1, 2]);
    expect(elapsedMs).toBe(1000 + 2000);
  });

  it('caps waits at MaxDelaySeconds and gives up after MaxAttempts with the last error', async () => {
    const { handler, calls } = failing('E', 'E', 'E', 'E', 'E');
    const { outcome, elapsedMs } = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [
          { ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 3, MaxDelaySeconds: 5, MaxAttempts: 3 },
        ],
      }),
      {},
      { taskHandler: handler },
    );
    expect(outcome).toEqual({ status: 'FAILED', error: 'E', cause: 'cause 4' });
    expect(calls).toHaveLength(4);
    expect(elapsedMs).toBe(3000 + 5000 + 5000);
  });

  it('applies FULL jitter with the execution random source', async () => {
    const { handler } = failing('E', 'E', 'E');
    const { elapsedMs } = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [{ ErrorEquals: ['E'], JitterStrategy: 'FULL', MaxDelaySeconds: 10 }],
      }),
      {},
      { taskHandler: handler, random: () => 0.25 },
    );
    expect(elapsedMs).toBe(250 + 500 + 1000);
  });

  it('lets the first matching retrier decide, each with its own count; MaxAttempts 0 never retries', async () => {
    const { handler, calls } = failing('A', 'B', 'A', 'A');
    const { outcome } = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [
          { ErrorEquals: ['A'], MaxAttempts: 2 },
          { ErrorEquals: ['B', 'A'], MaxAttempts: 5 },
        ],
      }),
      {},
      { taskHandler: handler },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'A' });
    expect(calls).toHaveLength(4);

    const never = failing('A');
    const result = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        Retry: [{ ErrorEquals: ['A'], MaxAttempts: 0 }, { ErrorEquals: ['States.ALL'] }],
      }),
      {},
      { taskHandler: never.handler },
    );
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'A' });
    expect(never.calls).toHaveLength(1);
  });

  it('retries a Parallel or Map state as a whole', async () => {
    const { handler, calls } = failing('E');
    const { outcome } = await run(
      single({
        Type: 'Parallel',
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1 }],
        Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } }],
      }),
      {},
      { taskHandler: handler },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [{ ok: 2 }] });
    expect(calls).toHaveLength(2);
  });
});

describe('error names', () => {
  it('turns anything a handler throws other than TaskFailure into States.TaskFailed', async () => {
    const { handler } = failing(new Error('socket hang up'));
    const { outcome, events } = await run(
      single({ Type: 'Task', Resource: LAMBDA }),
      {},
      { taskHandler: handler },
    );
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.TaskFailed', cause: 'socket hang up' });
    expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.TaskFailed',
      cause: 'socket hang up',
    });
  });

  it('matches any Task error but States.Timeout with States.TaskFailed', async () => {
    const clock = new VirtualClock();
    const catching = (error: string) =>
      run(
        {
          StartAt: 'T',
          States: {
            T: {
              Type: 'Task',
              Resource: LAMBDA,
              TimeoutSeconds: 1,
              Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
              End: true,
            },
            Caught: { Type: 'Pass', End: true },
          },
        },
        {},
        {
          clock,
          taskHandler: async (task) => {
            // Hangs on the execution's (virtual) clock: past the state's TimeoutSeconds.
            if (error === 'hang') await clock.sleep(3_600_000, task.signal);
            throw new TaskFailure(error, 'c');
          },
        },
      );
    expect((await catching('Custom.Error')).outcome).toEqual({
      status: 'SUCCEEDED',
      output: { Error: 'Custom.Error', Cause: 'c' },
    });
    expect((await catching('hang')).outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('never retries or catches States.Runtime, even with States.ALL', async () => {
    const { handler, calls } = failing();
    const { outcome } = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            ResultSelector: { 'x.$': '$.Payload.missing' },
            Retry: [{ ErrorEquals: ['States.ALL'] }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      {},
      { taskHandler: handler },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(calls).toHaveLength(1);
  });
});

describe('Catch', () => {
  const machine = (catchers: unknown[]) => ({
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: LAMBDA, Catch: catchers, End: true },
      First: { Type: 'Pass', End: true },
      Second: { Type: 'Pass', End: true },
    },
  });

  it('sends {Error, Cause} to the first matching catcher, by default as the whole output', async () => {
    const { handler } = failing('PaymentDeclined');
    const { outcome } = await run(
      machine([
        { ErrorEquals: ['Other'], Next: 'First' },
        { ErrorEquals: ['PaymentDeclined'], Next: 'Second' },
        { ErrorEquals: ['States.ALL'], Next: 'First' },
      ]),
      { order: 1 },
      { taskHandler: handler },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { Error: 'PaymentDeclined', Cause: 'cause 1' } });
  });

  it('places the error output with the catcher ResultPath into the raw state input', async () => {
    const { handler } = failing('E');
    const { outcome, events } = await run(
      machine([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Second' }]),
      { order: 1 },
      { taskHandler: handler },
    );
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { order: 1, error: { Error: 'E', Cause: 'cause 1' } },
    });
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('retries before catching', async () => {
    const { handler, calls } = failing('E', 'E');
    const { outcome } = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ['E'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      {},
      { taskHandler: handler },
    );
    expect(calls).toHaveLength(2);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { Error: 'E', Cause: 'cause 2' } });
  });
});
