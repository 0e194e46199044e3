import { realClock, VirtualClock } from '../../../../lib/toolkit/asl/clock';
import type { TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { run, single, startOn } from './helpers';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('task timeouts', () => {
  it('fail the task with States.Timeout after TimeoutSeconds and abort its signal', async () => {
    const clock = new VirtualClock();
    let signal: AbortSignal | undefined;
    const { outcome, events, elapsedMs } = await run(
      single({ Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5 }),
      {},
      {
        clock,
        taskHandler: async (task) => {
          signal = task.signal;
          await clock.sleep(60_000, task.signal);
          return 'late';
        },
      },
    );
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Timeout', cause: undefined });
    expect(elapsedMs).toBe(5000);
    expect(signal?.aborted).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskTimedOut',
      'ExecutionFailed',
    ]);
    expect(events[2].taskScheduledEventDetails).toMatchObject({ timeoutInSeconds: 5 });
    expect(events[4].taskTimedOutEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.Timeout',
    });
  });

  it('take TimeoutSecondsPath from the input, and States.Timeout is retriable', async () => {
    const clock = new VirtualClock();
    const timeouts: Array<number | undefined> = [];
    const { outcome, elapsedMs } = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        TimeoutSecondsPath: '$.timeout',
        Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 1 }],
      }),
      { timeout: 2 },
      {
        clock,
        taskHandler: async (task: TaskInvocation) => {
          timeouts.push(task.timeoutSeconds);
          if (task.retryCount === 0) await clock.sleep(10_000, task.signal);
          return 'done';
        },
      },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'done' });
    expect(timeouts).toEqual([2, 2]);
    expect(elapsedMs).toBe(2000 + 1000);
  });

  it('do not fire while a handler waits on real work under a virtual clock', async () => {
    const { outcome } = await run(
      single({ Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 1 }),
      {},
      {
        taskHandler: async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return 'real work done';
        },
      },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'real work done' });
  });

  it('fire on the real clock too', async () => {
    const { outcome } = await run(
      single({ Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 1 }),
      {},
      {
        clock: realClock as VirtualClock,
        taskHandler: (task) => realClock.sleep(5_000, task.signal).then(() => 'late'),
      },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});

describe('execution timeout', () => {
  it('ends the execution TIMED_OUT with an ExecutionTimedOut event', async () => {
    const { outcome, events, elapsedMs } = await run({
      TimeoutSeconds: 10,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    expect(outcome).toEqual({ status: 'TIMED_OUT', error: 'States.Timeout', cause: undefined });
    expect(elapsedMs).toBe(10_000);
    expect(events.map((e) => `${e.id}<-${e.previousEventId} ${e.type}`)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 WaitStateEntered',
      '3<-2 ExecutionTimedOut',
    ]);
    expect(events[2].executionTimedOutEventDetails).toEqual({ error: 'States.Timeout' });
  });

  it('does not fire once the execution has ended', async () => {
    const { outcome, events, clock } = await run({
      TimeoutSeconds: 10,
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    await clock.advance(20_000);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });
});

describe('stop', () => {
  it('aborts the execution: ExecutionAborted, the task signal aborted, no events after', async () => {
    let release!: () => void;
    let taskSignal: AbortSignal | undefined;
    const { execution, events } = startOn(
      single({ Type: 'Task', Resource: LAMBDA }),
      { a: 1 },
      {
        taskHandler: async (task) => {
          taskSignal = task.signal;
          await new Promise<void>((resolve) => (release = resolve));
          return 'too late';
        },
      },
    );
    while (!taskSignal) await new Promise((resolve) => setImmediate(resolve));
    execution.stop('Manual', 'stopped by the operator');
    expect(await execution.done).toEqual({
      status: 'ABORTED',
      error: 'Manual',
      cause: 'stopped by the operator',
    });
    expect(taskSignal.aborted).toBe(true);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'ExecutionAborted',
    ]);
    expect(events.at(-1)).toMatchObject({
      id: 5,
      previousEventId: 4,
      executionAbortedEventDetails: { error: 'Manual', cause: 'stopped by the operator' },
    });
  });

  it('is a no-op once the execution has ended', async () => {
    const { execution, events } = startOn(single({ Type: 'Pass' }), {});
    expect(await execution.done).toMatchObject({ status: 'SUCCEEDED' });
    execution.stop();
    expect(await execution.done).toMatchObject({ status: 'SUCCEEDED' });
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('interrupts a Wait', async () => {
    const { execution, clock } = startOn(
      single({ Type: 'Wait', Seconds: 100 }),
      {},
      { clock: new VirtualClock(0, { autoAdvance: false }) },
    );
    await clock.advance(1000);
    execution.stop();
    expect(await execution.done).toEqual({ status: 'ABORTED', error: undefined, cause: undefined });
    expect(clock.pending).toBe(0);
  });
});

describe('the context object', () => {
  it('describes the execution, the state and the state machine', async () => {
    const contexts: unknown[] = [];
    await run(
      {
        StartAt: 'Pay',
        States: { Pay: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } },
      },
      { order: 1 },
      {
        roleArn: 'arn:aws:iam::123456789012:role/r',
        taskHandler: async (task) => {
          contexts.push(task.context);
          return {};
        },
      },
    );
    expect(contexts[0]).toEqual({
      Execution: {
        Id: 'arn:aws:states:eu-west-1:123456789012:execution:machine:run-1',
        Input: { order: 1 },
        Name: 'run-1',
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        StartTime: '2024-01-01T00:00:00.000Z',
        RedriveCount: 0,
      },
      State: { EnteredTime: '2024-01-01T00:00:00.000Z', Name: 'Pay', RetryCount: 0 },
      StateMachine: { Id: 'arn:aws:states:eu-west-1:123456789012:stateMachine:machine', Name: 'machine' },
    });
  });

  it('carries a task token for .waitForTaskToken resources', async () => {
    let token: string | undefined;
    await run(
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
      }),
      {},
      {
        taskHandler: async (task) => {
          token = (task.input as { token: string }).token;
          expect(task.context.Task?.Token).toBe(token);
          return {};
        },
      },
    );
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
  });
});
