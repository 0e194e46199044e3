import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import { MAX_POLLERS } from '../../../../lib/toolkit/local/activities';
import { LocalRuntime } from '../../../../lib/toolkit/local/local-runtime';
import { MockConfig } from '../../../../lib/toolkit/local/mock-config';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../lib/toolkit/local/template-resolver';

/** A runtime with one app activity; its other tasks answer from the mock configuration only. */
function newRuntime(mockConfig?: MockConfig) {
  return new LocalRuntime(
    {
      engine: createInterpreter(),
      environment: DEFAULT_LOCAL_ENVIRONMENT,
      taskHandlerFor: (mock) => async (task) => {
        const mocked = mock?.config.responseFor(mock.stateMachineName, mock.testCase, task.stateName, 0);
        if (mocked?.kind === 'return') return mocked.value;
        throw new Error(`unexpected task ${task.stateName}`);
      },
      mockConfig,
      activityPollSeconds: 1,
    },
    [],
    [{ arn: 'arn:aws:states:us-east-1:123456789012:activity:Work', name: 'Work' }],
  );
}

const WORK = 'arn:aws:states:us-east-1:123456789012:activity:Work';
const definition = (task: Record<string, unknown> = {}) => ({
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: WORK, End: true, ...task } },
});
const types = (runtime: LocalRuntime, arn: string) => runtime.getExecutionHistory(arn).map((e) => e.type);

describe('activities on the runtime', () => {
  it('serves a mocked activity state from the mock, without a worker', async () => {
    const mocks = MockConfig.parse({
      StateMachines: { Flow: { TestCases: { Happy: { Work: 'Done' } } } },
      MockedResponses: { Done: { '0': { Return: { done: true } } } },
    });
    const runtime = newRuntime(mocks);
    // The mocked activity need not exist.
    runtime.activities.delete(WORK);
    const machine = runtime.createStateMachine({ name: 'Flow', definition: definition() });
    const record = runtime.start({ stateMachine: machine.arn, testCase: 'Happy' });
    await runtime.waitFor(record.executionArn);
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: { done: true } });
    expect(types(runtime, record.executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('retries a failed activity task with a new token, queued again for a worker', async () => {
    const runtime = newRuntime();
    const retry = { Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 1 }] };
    const machine = runtime.createStateMachine({ name: 'Retried', definition: definition(retry) });
    const record = runtime.start({ stateMachine: machine.arn, input: { n: 1 } });
    const first = (await runtime.activities.poll(WORK, 'w'))!;
    runtime.sendTaskFailure(first.taskToken, 'Flaky');
    // The retry comes after its interval: poll until it does.
    let second = await runtime.activities.poll(WORK, 'w');
    while (!second) second = await runtime.activities.poll(WORK, 'w');
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(JSON.parse(second.input)).toEqual({ n: 1 });
    runtime.sendTaskSuccess(second.taskToken, 'ok');
    await runtime.waitFor(record.executionArn);
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: 'ok' });
    expect(types(runtime, record.executionArn).filter((t) => t.startsWith('Activity'))).toEqual([
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityFailed',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
    ]);
  });

  it('refuses a worker name over 80 characters and an ARN that is no activity', async () => {
    const runtime = newRuntime();
    await expect(runtime.activities.poll(WORK, 'w'.repeat(81))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      runtime.activities.poll('arn:aws:states:us-east-1:123456789012:activity:a:b'),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });

  it('refuses a poll past the concurrent polls one activity takes (ActivityWorkerLimitExceeded)', async () => {
    const runtime = newRuntime();
    const polls = Array.from({ length: MAX_POLLERS }, () => runtime.activities.poll(WORK));
    await expect(runtime.activities.poll(WORK, 'one-too-many')).rejects.toMatchObject({
      name: 'ActivityWorkerLimitExceeded',
    });
    runtime.activities.delete(WORK);
    expect(await Promise.all(polls)).toEqual(polls.map(() => undefined));
  });

  it('serves aws-sdk:sfn:getActivityTask: a state machine as the worker, as LocalStack records AWS with', async () => {
    const runtime = newRuntime();
    const worker = runtime.createStateMachine({
      name: 'Worker',
      definition: {
        StartAt: 'Get',
        States: {
          Get: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sfn:getActivityTask',
            Parameters: { ActivityArn: WORK, WorkerName: 'machine' },
            Next: 'Answer',
          },
          Answer: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
            Parameters: { 'Output.$': '$.Input', 'TaskToken.$': '$.TaskToken' },
            End: true,
          },
        },
      },
    });
    const machine = runtime.createStateMachine({ name: 'Flow', definition: definition() });
    const work = runtime.start({ stateMachine: machine.arn, input: { echo: 1 } });
    const consumer = runtime.start({ stateMachine: worker.arn });
    await Promise.all([runtime.waitFor(work.executionArn), runtime.waitFor(consumer.executionArn)]);
    expect(consumer.status).toBe('SUCCEEDED');
    expect(work).toMatchObject({ status: 'SUCCEEDED', output: { echo: 1 } });
    const started = runtime.getExecutionHistory(work.executionArn).find((e) => e.type === 'ActivityStarted');
    expect(started?.activityStartedEventDetails).toEqual({ workerName: 'machine' });
  });

  it('fails a getActivityTask task on an activity that does not exist (Sfn.ActivityDoesNotExistException)', async () => {
    const runtime = newRuntime();
    const worker = runtime.createStateMachine({
      name: 'Lost',
      definition: {
        StartAt: 'Get',
        States: {
          Get: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sfn:getActivityTask',
            Parameters: { ActivityArn: `${WORK}-gone` },
            End: true,
          },
        },
      },
    });
    const record = runtime.start({ stateMachine: worker.arn });
    await runtime.waitFor(record.executionArn);
    expect(record).toMatchObject({ status: 'FAILED', error: 'Sfn.ActivityDoesNotExistException' });
  });
});
