import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import {
  CallbackResult,
  HistoryEvent,
  TaskHandler,
  TaskInvocation,
} from '../../../../lib/toolkit/asl/engine';
import { TaskTokenKeeper } from '../../../../lib/toolkit/local/task-tokens';
import { detailsOf, run, shape, single, startOn } from './helpers';

const SQS_CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** A callback task as AWS's recorded histories have it: the token inside the message body. */
function callbackState(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: SQS_CALLBACK,
    Parameters: { QueueUrl: 'q', MessageBody: { Message: 'hi', 'TaskToken.$': '$$.Task.Token' } },
    ...extra,
  };
}

/** The request's response, as a queue would answer it. */
const sent: TaskHandler = async () => ({ MessageId: 'm-1' });

/** Resolves with the token of the first TaskSubmitted, once the task waits. */
function submitted(events: HistoryEvent[]): Promise<string> {
  return new Promise((resolve) => {
    const poll = () => {
      const scheduled = events.find((e) => e.type === 'TaskScheduled');
      if (scheduled && events.some((e) => e.type === 'TaskSubmitted')) {
        const parameters = JSON.parse(detailsOf(scheduled)!.parameters as string);
        return resolve(parameters.MessageBody.TaskToken);
      }
      setImmediate(poll);
    };
    poll();
  });
}

describe('.waitForTaskToken tasks', () => {
  let tokens: TaskTokenKeeper;
  beforeEach(() => (tokens = new TaskTokenKeeper()));

  it('submits the request, waits for SendTaskSuccess and takes its output as the result', async () => {
    const { execution, events } = startOn(
      single(callbackState()),
      { message: 'hi' },
      {
        taskHandler: sent,
        taskTokens: tokens,
      },
    );
    const token = await submitted(events);
    expect(tokens.waiting).toBe(1);
    tokens.succeed(token, { approved: true });
    expect(await execution.done).toEqual({ status: 'SUCCEEDED', output: { approved: true } });
    // As recorded on AWS (LocalStack's test_callback snapshot): Submitted between Started and Succeeded.
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 TaskStateEntered',
      '3<-2 TaskScheduled',
      '4<-3 TaskStarted',
      '5<-4 TaskSubmitted',
      '6<-5 TaskSucceeded',
      '7<-6 TaskStateExited',
      '8<-7 ExecutionSucceeded',
    ]);
    expect(detailsOf(events[4])).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
      output: '{"MessageId":"m-1"}',
      outputDetails: { truncated: false },
    });
    expect(detailsOf(events[5])).toMatchObject({ output: '{"approved":true}' });
    expect(tokens.waiting).toBe(0);
  });

  it('keeps an answer sent while the request still runs', async () => {
    const handler: TaskHandler = async (task) => {
      tokens.succeed(task.context.Task!.Token!, 'early');
      return { MessageId: 'm-1' };
    };
    const { outcome, events } = await run(
      single(callbackState()),
      {},
      { taskHandler: handler, taskTokens: tokens },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'early' });
    expect(events.map((e) => e.type)).toContain('TaskSubmitted');
  });

  it('fails with the error and cause of SendTaskFailure, which Catch matches', async () => {
    const definition = {
      StartAt: 'Ask',
      States: {
        Ask: callbackState({
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.error', Next: 'Handled' }],
        }),
        Handled: { Type: 'Pass', End: true },
      },
    };
    const { execution, events } = startOn(definition, {}, { taskHandler: sent, taskTokens: tokens });
    tokens.fail(await submitted(events), 'Rejected', 'no stock');
    expect(await execution.done).toEqual({
      status: 'SUCCEEDED',
      output: { error: { Error: 'Rejected', Cause: 'no stock' } },
    });
    const failed = events.find((e) => e.type === 'TaskFailed')!;
    expect(failed.previousEventId).toBe(events.find((e) => e.type === 'TaskSubmitted')!.id);
    expect(detailsOf(failed)).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
      error: 'Rejected',
      cause: 'no stock',
    });
  });

  it('gives each retry a fresh token; the failed attempt’s token is gone', async () => {
    const seen: string[] = [];
    const handler: TaskHandler = async (task) => {
      const token = task.context.Task!.Token!;
      seen.push(token);
      if (seen.length === 1) tokens.fail(token, 'Busy');
      else tokens.succeed(token, 'second');
      return {};
    };
    const state = callbackState({ Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1 }] });
    const { outcome } = await run(single(state), {}, { taskHandler: handler, taskTokens: tokens });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'second' });
    expect(new Set(seen).size).toBe(2);
    expect(() => tokens.succeed(seen[0], 'late')).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
  });

  it('times out when no heartbeat comes within HeartbeatSeconds, recorded as AWS records it', async () => {
    const state = callbackState({ HeartbeatSeconds: 5, TimeoutSeconds: 600 });
    let token = '';
    const handler: TaskHandler = async (task) => {
      token = task.context.Task!.Token!;
      return {};
    };
    const { outcome, events, elapsedMs } = await run(
      single(state),
      {},
      {
        taskHandler: handler,
        taskTokens: tokens,
      },
    );
    // AWS (LocalStack's test_heartbeats snapshot): TaskTimedOut and ExecutionFailed say States.Timeout.
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Timeout', cause: undefined });
    expect(elapsedMs).toBe(5000);
    expect(events.slice(2).map((e) => e.type)).toEqual([
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskTimedOut',
      'ExecutionFailed',
    ]);
    expect(detailsOf(events[2])).toMatchObject({ heartbeatInSeconds: 5, timeoutInSeconds: 600 });
    expect(detailsOf(events[5])).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
      error: 'States.Timeout',
    });
    expect(() => tokens.succeed(token, {})).toThrow(expect.objectContaining({ name: 'TaskTimedOut' }));
  });

  it('lets Retry and Catch name States.HeartbeatTimeout for a missed heartbeat', async () => {
    const definition = {
      StartAt: 'Ask',
      States: {
        Ask: callbackState({
          HeartbeatSeconds: 5,
          Retry: [{ ErrorEquals: ['States.HeartbeatTimeout'], MaxAttempts: 1, IntervalSeconds: 1 }],
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Gave up' }],
        }),
        'Gave up': { Type: 'Pass', End: true },
      },
    };
    const { outcome, events, elapsedMs } = await run(
      definition,
      {},
      { taskHandler: sent, taskTokens: tokens },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { Error: 'States.Timeout', Cause: '' } });
    expect(events.filter((e) => e.type === 'TaskTimedOut')).toHaveLength(2);
    expect(elapsedMs).toBe(11_000);
  });

  it('does not match a TimeoutSeconds timeout with States.HeartbeatTimeout', async () => {
    const state = callbackState({
      TimeoutSeconds: 10,
      Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Never' }],
    });
    const definition = {
      StartAt: 'S',
      States: { S: { ...state, Next: 'Never' }, Never: { Type: 'Pass', End: true } },
    };
    const { outcome, elapsedMs } = await run(definition, {}, { taskHandler: sent, taskTokens: tokens });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(elapsedMs).toBe(10_000);
  });

  it('starts the heartbeat count again at each heartbeat (HeartbeatSecondsPath from the input)', async () => {
    const clock = new VirtualClock(0, { autoAdvance: false });
    const state = callbackState({ HeartbeatSecondsPath: '$.beat' });
    const { execution, events } = startOn(
      single(state),
      { beat: 5 },
      {
        taskHandler: sent,
        taskTokens: tokens,
        clock,
      },
    );
    const token = await submitted(events);
    expect(detailsOf(events[2])).toMatchObject({ heartbeatInSeconds: 5 });
    for (let beat = 0; beat < 3; beat++) {
      await clock.advance(4000);
      tokens.heartbeat(token);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await clock.advance(4000);
    expect(events.map((e) => e.type)).not.toContain('TaskTimedOut');
    tokens.succeed(token, 'alive');
    expect(await execution.done).toEqual({ status: 'SUCCEEDED', output: 'alive' });
  });

  it('releases the token when the execution is stopped: a late answer is TaskTimedOut', async () => {
    const { execution, events } = startOn(
      single(callbackState()),
      {},
      { taskHandler: sent, taskTokens: tokens },
    );
    const token = await submitted(events);
    execution.stop('Operator', 'enough');
    expect(await execution.done).toMatchObject({ status: 'ABORTED' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(tokens.waiting).toBe(0);
    expect(() => tokens.heartbeat(token)).toThrow(expect.objectContaining({ name: 'TaskTimedOut' }));
  });

  it('takes a handler’s CallbackResult (a mock) as the answer, with nothing submitted', async () => {
    const mock: TaskHandler = async () => new CallbackResult({ mocked: true });
    const { outcome, events } = await run(
      single(callbackState()),
      {},
      { taskHandler: mock, taskTokens: tokens },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { mocked: true } });
    expect(events.map((e) => e.type)).not.toContain('TaskSubmitted');
    expect(tokens.waiting).toBe(0);
  });

  it('fails with States.Runtime when there is no keeper of tokens to answer one', async () => {
    const { outcome } = await run(single(callbackState()), {}, { taskHandler: sent });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('passes the token to JSONata Arguments as $states.context.Task.Token', async () => {
    let invocation: TaskInvocation | undefined;
    const handler: TaskHandler = async (task) => {
      invocation = task;
      tokens.succeed((task.input as { token: string }).token, 'ok');
      return {};
    };
    const state = {
      Type: 'Task',
      QueryLanguage: 'JSONata',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: 'f', token: '{% $states.context.Task.Token %}' },
    };
    const { outcome } = await run(single(state), {}, { taskHandler: handler, taskTokens: tokens });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'ok' });
    expect((invocation!.input as { token: string }).token).toBe(invocation!.context.Task!.Token);
  });
});
