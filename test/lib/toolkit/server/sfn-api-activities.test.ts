import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  HistoryEvent,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { synthActivityAssembly } from '../../../support/activity-assembly';
import { localSfnClient } from '../../../support/sfn-client';

const ACCOUNT_PREFIX = 'arn:aws:states:us-east-1:123456789012';

/** Activities through the SDK: a worker's GetActivityTask and SendTask* against the local endpoint. */
describe('activities through the Step Functions API', () => {
  let local: LocalService;
  let sfn: SFNClient;
  const machineArn = (name: string) => local.runtime.listStateMachines().find((m) => m.name === name)!.arn;
  const reviews = () => local.app.activities.find((a) => a.name === 'Reviews')!.arn;

  beforeAll(async () => {
    // A one-second long poll: a poll that gets nothing answers after it, as AWS does after 60 s.
    local = await startLocal({
      assemblyDir: synthActivityAssembly(),
      port: 0,
      dynamodb: false,
      activityPollSeconds: 1,
    });
    sfn = localSfnClient(local.url);
  }, 60_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  const start = async (stateMachineArn: string, input: object = {}) =>
    (await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) })))
      .executionArn!;
  const history = async (executionArn: string) =>
    (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
  const finished = async (executionArn: string) => {
    await local.runtime.waitFor(executionArn);
    return sfn.send(new DescribeExecutionCommand({ executionArn }));
  };
  const types = (events: HistoryEvent[]) => events.map((e) => e.type);
  /** A new activity and a machine whose one Task is it, with these Task fields. */
  async function activityMachine(name: string, task: Record<string, unknown> = {}) {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name }));
    const definition = {
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: activityArn, End: true, ...task } },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: `${name}-machine`,
        definition: JSON.stringify(definition),
        roleArn: 'arn:aws:iam::123456789012:role/r',
      }),
    );
    return { activityArn: activityArn!, stateMachineArn: stateMachineArn! };
  }

  it("serves the app's activity and runs a worker loop to SUCCEEDED, with the history AWS records", async () => {
    expect((await sfn.send(new ListActivitiesCommand({}))).activities).toContainEqual(
      expect.objectContaining({ activityArn: `${ACCOUNT_PREFIX}:activity:Reviews`, name: 'Reviews' }),
    );
    const executionArn = await start(machineArn('Review'), { orderId: 'o-1' });
    const task = await sfn.send(
      new GetActivityTaskCommand({ activityArn: reviews(), workerName: 'reviewer-1' }),
    );
    expect(JSON.parse(task.input!)).toEqual({ orderId: 'o-1' });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"approved":true}' }));

    expect(await finished(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    const events = await history(executionArn);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2].activityScheduledEventDetails).toEqual({
      resource: reviews(),
      input: '{"orderId":"o-1"}',
      inputDetails: { truncated: false },
    });
    expect(events[3]).toMatchObject({
      previousEventId: 3,
      activityStartedEventDetails: { workerName: 'reviewer-1' },
    });
    expect(events[4].activitySucceededEventDetails).toEqual({
      output: '{"approved":true}',
      outputDetails: { truncated: false },
    });
  });

  it('hands a task to exactly one of two polling workers; the other gets none after its wait', async () => {
    const { activityArn, stateMachineArn } = await activityMachine('one-task');
    const polls = ['a', 'b'].map((workerName) =>
      sfn.send(new GetActivityTaskCommand({ activityArn, workerName })),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const executionArn = await start(stateMachineArn, { n: 1 });
    const answers = await Promise.all(polls);
    const handed = answers.filter((a) => a.taskToken !== undefined);
    expect(handed).toHaveLength(1);
    // First come, first served: the worker that polled first.
    const started = (await history(executionArn)).find((e) => e.type === 'ActivityStarted')!;
    expect(started.activityStartedEventDetails).toEqual({ workerName: 'a' });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: handed[0].taskToken, output: '"done"' }));
    expect((await finished(executionArn)).output).toBe('"done"');
  });

  it('hands no task to a worker that went away mid-poll', async () => {
    const { activityArn, stateMachineArn } = await activityMachine('worker-left');
    const leaving = new AbortController();
    const abandoned = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'gone' }), {
      abortSignal: leaving.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    leaving.abort();
    await expect(abandoned).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const executionArn = await start(stateMachineArn);
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'here' }));
    expect(task.taskToken).toBeDefined();
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '1' }));
    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
    const started = (await history(executionArn)).find((e) => e.type === 'ActivityStarted')!;
    expect(started.activityStartedEventDetails).toEqual({ workerName: 'here' });
  });

  it('answers a poll with no task once its wait passes', async () => {
    const { activityArn } = await activityMachine('idle');
    const began = Date.now();
    const answer = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(answer.taskToken).toBeUndefined();
    expect(answer.input).toBeUndefined();
    expect(Date.now() - began).toBeGreaterThanOrEqual(950);
  });

  it('records no worker name when the worker gave none, and fails with SendTaskFailure (Catch takes it)', async () => {
    const executionArn = await start(machineArn('Review'), { orderId: 'o-2' });
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn: reviews() }));
    await sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Rejected', cause: 'no' }));
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({
      orderId: 'o-2',
      rejection: { Error: 'Rejected', Cause: 'no' },
    });
    const events = await history(executionArn);
    expect(events.find((e) => e.type === 'ActivityStarted')!.activityStartedEventDetails).toEqual({});
    expect(events.find((e) => e.type === 'ActivityFailed')!.activityFailedEventDetails).toEqual({
      error: 'Rejected',
      cause: 'no',
    });
  });

  it('fails the execution with the error a worker sends when nothing catches it', async () => {
    const { activityArn, stateMachineArn } = await activityMachine('fails');
    const executionArn = await start(stateMachineArn);
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn }));
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Programmatic Error', cause: 'x' }),
    );
    expect(await finished(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Programmatic Error',
      cause: 'x',
    });
    expect(types(await history(executionArn)).slice(-4)).toEqual([
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityFailed',
      'ExecutionFailed',
    ]);
  });

  it('times the task out (States.Timeout) when its worker stops heartbeating, and then refuses the token', async () => {
    const executionArn = await start(machineArn('Timed'));
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn: reviews(), workerName: 'slow' }));
    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const events = await history(executionArn);
    expect(events[2].activityScheduledEventDetails).toMatchObject({ heartbeatInSeconds: 1 });
    expect(types(events).slice(-3)).toEqual(['ActivityStarted', 'ActivityTimedOut', 'ExecutionFailed']);
    expect(events.at(-2)!.activityTimedOutEventDetails).toEqual({ error: 'States.Timeout' });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('times out a task no worker took (TimeoutSeconds), and takes it out of the queue', async () => {
    const { activityArn, stateMachineArn } = await activityMachine('nobody', { TimeoutSeconds: 1 });
    const executionArn = await start(stateMachineArn);
    expect(await finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(types(await history(executionArn)).slice(-3)).toEqual([
      'ActivityScheduled',
      'ActivityTimedOut',
      'ExecutionFailed',
    ]);
    expect(local.runtime.activities.waitingTasks(activityArn)).toBe(0);
    expect((await sfn.send(new GetActivityTaskCommand({ activityArn }))).taskToken).toBeUndefined();
  });

  it('takes the task of a stopped execution out of the queue', async () => {
    const { activityArn, stateMachineArn } = await activityMachine('stopped');
    const executionArn = await start(stateMachineArn);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(local.runtime.activities.waitingTasks(activityArn)).toBe(1);
    await sfn.send(new StopExecutionCommand({ executionArn }));
    expect((await finished(executionArn)).status).toBe('ABORTED');
    expect(local.runtime.activities.waitingTasks(activityArn)).toBe(0);
  });

  it('fails a task whose activity does not exist before scheduling it (States.Runtime, as AWS)', async () => {
    const { activityArn, stateMachineArn } = await activityMachine('deleted');
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    const executionArn = await start(stateMachineArn);
    expect(await finished(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: `An error occurred while executing the state 'Work' (entered at the event id #2). The activity ${activityArn} does not exist.`,
    });
    expect(types(await history(executionArn))).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ExecutionFailed',
    ]);
  });

  it('creates idempotently by name, describes, deletes (twice without error), and refuses as AWS does', async () => {
    const first = await sfn.send(new CreateActivityCommand({ name: 'lifecycle' }));
    const again = await sfn.send(new CreateActivityCommand({ name: 'lifecycle' }));
    expect(again).toMatchObject({ activityArn: first.activityArn, creationDate: first.creationDate });
    expect(first.activityArn).toBe(`${ACCOUNT_PREFIX}:activity:lifecycle`);
    expect(await sfn.send(new DescribeActivityCommand({ activityArn: first.activityArn }))).toMatchObject({
      activityArn: first.activityArn,
      name: 'lifecycle',
      creationDate: first.creationDate,
    });
    await sfn.send(new DeleteActivityCommand({ activityArn: first.activityArn }));
    await sfn.send(new DeleteActivityCommand({ activityArn: first.activityArn }));
    const gone = { name: 'ActivityDoesNotExist', message: `Activity Does Not Exist: '${first.activityArn}'` };
    await expect(
      sfn.send(new DescribeActivityCommand({ activityArn: first.activityArn })),
    ).rejects.toMatchObject(gone);
    await expect(
      sfn.send(new GetActivityTaskCommand({ activityArn: first.activityArn })),
    ).rejects.toMatchObject(gone);
    await expect(
      sfn.send(new CreateActivityCommand({ name: 'TestActivity InvalidName$' })),
    ).rejects.toMatchObject({
      name: 'InvalidName',
      message: "Invalid Name: 'TestActivity InvalidName$'",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      sfn.send(new DescribeActivityCommand({ activityArn: `${ACCOUNT_PREFIX}:stateMachine:Review` })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
  });

  it('ends a waiting poll when its activity is deleted', async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'deleted-while-polled' }));
    const began = Date.now();
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    expect((await poll).taskToken).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(900);
  });

  it('pages ListActivities', async () => {
    for (const n of [1, 2, 3]) await sfn.send(new CreateActivityCommand({ name: `page-${n}` }));
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListActivitiesCommand({ maxResults: 2, nextToken }));
      expect(page.activities!.length).toBeLessThanOrEqual(2);
      names.push(...page.activities!.map((a) => a.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names).toEqual(expect.arrayContaining(['Reviews', 'page-1', 'page-2', 'page-3']));
    expect(new Set(names).size).toBe(names.length);
  });
});
