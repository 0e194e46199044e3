import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  GetExecutionHistoryCommand,
  HistoryEvent,
  InvalidArn,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { MockConfig } from '../../../../lib/toolkit/local/mock-config';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { synthRedriveAssembly } from '../../../support/redrive-assembly';
import { localSfnClient } from '../../../support/sfn-client';

/** A test case whose mocked Second fails on its first invocation and answers on the next (a redrive's). */
const MOCKS = {
  StateMachines: { Steps: { TestCases: { FailsOnce: { Second: 'FailsThenAnswers' } } } },
  MockedResponses: {
    FailsThenAnswers: {
      '0': { Throw: { Error: 'NotYet', Cause: 'mocked' } },
      '1': { Return: { mocked: true } },
    },
  },
};

/** RedriveExecution through the SDK, on a real function that fails until `$$.Execution.RedriveCount` is 1. */
describe('RedriveExecution through the Step Functions API', () => {
  let local: LocalService;
  let sfn: SFNClient;
  const arnOf = (name: string) => local.runtime.listStateMachines().find((m) => m.name === name)!.arn;
  /** A machine's ARN, with Step Functions Local's `#TestCase` suffix when the name has one. */
  const arnOfTarget = (target: string) => {
    const [name, testCase] = target.split('#');
    return testCase ? `${arnOf(name)}#${testCase}` : arnOf(name);
  };

  beforeAll(async () => {
    local = await startLocal({
      assemblyDir: synthRedriveAssembly(),
      port: 0,
      dynamodb: false,
      mockConfig: MockConfig.parse(MOCKS),
    });
    sfn = localSfnClient(local.url);
  }, 60_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  const describe_ = (executionArn: string) => sfn.send(new DescribeExecutionCommand({ executionArn }));
  const finished = async (executionArn: string) => {
    await local.runtime.waitFor(executionArn);
    return describe_(executionArn);
  };
  const history = async (executionArn: string) =>
    (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
  async function failedRun(machine: string, input: object = {}, name?: string) {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arnOfTarget(machine),
        input: JSON.stringify(input),
        name,
      }),
    );
    const execution = await finished(executionArn!);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'NotYet' });
    return executionArn!;
  }
  /** How many times each Task state was entered, over the whole history. */
  const entered = (events: HistoryEvent[]) => {
    const counts: Record<string, number> = {};
    for (const e of events) {
      if (e.type === 'TaskStateEntered') {
        const name = e.stateEnteredEventDetails!.name!;
        counts[name] = (counts[name] ?? 0) + 1;
      }
    }
    return counts;
  };

  it('continues a failed execution from its failed step: same ARN, history kept, ExecutionRedriven, nothing rerun', async () => {
    const executionArn = await failedRun('Steps', { orderId: 'o-1' });
    const before = await history(executionArn);
    expect(await describe_(executionArn)).toMatchObject({ redriveCount: 0, redriveStatus: 'REDRIVABLE' });
    expect((await describe_(executionArn)).redriveStatusReason).toBeUndefined();

    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriveDate).toBeInstanceOf(Date);
    const execution = await finished(executionArn);
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      input: JSON.stringify({ orderId: 'o-1' }),
      redriveCount: 1,
      redriveDate,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    expect(JSON.parse(execution.output!)).toEqual({ ok: 'Second', item: null, redriveCount: 1 });
    expect(execution.error).toBeUndefined();

    const events = await history(executionArn);
    expect(events.slice(0, before.length)).toEqual(before);
    const redriven = events[before.length];
    expect(redriven).toMatchObject({
      id: before.length + 1,
      previousEventId: before.length,
      type: 'ExecutionRedriven',
      executionRedrivenEventDetails: { redriveCount: 1 },
    });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(entered(events)).toEqual({ First: 1, Second: 2 });
    expect(events.at(-1)!.type).toBe('ExecutionSucceeded');
  });

  it('reruns only the failed branch of a Parallel', async () => {
    const executionArn = await failedRun('Branches');
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual([
      { ok: 'Left', item: null, redriveCount: 0 },
      { ok: 'After Right', item: null, redriveCount: 1 },
    ]);
    expect(entered(await history(executionArn))).toEqual({ Left: 1, Right: 2, 'After Right': 1 });
  });

  it('reruns only the failed iterations of an inline Map', async () => {
    const items = [
      { id: 'a', fail: false },
      { id: 'b', fail: true },
      { id: 'c', fail: false },
    ];
    const executionArn = await failedRun('Items', { items });
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).map((o: { item: string }) => o.item)).toEqual(['a', 'b', 'c']);
    const events = await history(executionArn);
    // One at a time: a succeeded, b failed, c never started; the redrive runs b and c only.
    expect(entered(events)).toEqual({ Work: 4 });
    const started = events
      .filter((e) => e.type === 'MapIterationStarted')
      .map((e) => e.mapIterationStartedEventDetails!.index);
    expect(started).toEqual([0, 1, 1, 2]);
  });

  it('goes on counting a mock test case’s attempts across a redrive', async () => {
    const executionArn = await failedRun('Steps#FailsOnce');
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ mocked: true });
    expect(entered(await history(executionArn))).toEqual({ First: 1, Second: 2 });
  });

  it('redrives an aborted execution, and answers a repeated client token without a second redrive', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arnOf('Slow') }));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped' }));
    const stopped = await finished(executionArn!);
    expect(stopped.status).toBe('ABORTED');
    const first = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'token-1' }));
    const again = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'token-1' }));
    expect(again.redriveDate).toEqual(first.redriveDate);
    const execution = await finished(executionArn!);
    expect(execution).toMatchObject({ redriveCount: 1 });
    const events = await history(executionArn!);
    expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
  });

  it('lists executions with their redrive count, filtered by redriveFilter', async () => {
    const redriven = await failedRun('Steps', {}, 'listed-redriven');
    const notRedriven = await failedRun('Steps', {}, 'listed-not-redriven');
    await sfn.send(new RedriveExecutionCommand({ executionArn: redriven }));
    await finished(redriven);
    const list = async (redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN') =>
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn: arnOf('Steps'), redriveFilter })))
        .executions!;
    const all = await list();
    expect(all.find((e) => e.executionArn === redriven)).toMatchObject({
      redriveCount: 1,
      redriveDate: expect.any(Date),
    });
    expect(all.find((e) => e.executionArn === notRedriven)).toMatchObject({ redriveCount: 0 });
    expect((await list('REDRIVEN')).map((e) => e.executionArn)).toContain(redriven);
    expect((await list('REDRIVEN')).map((e) => e.executionArn)).not.toContain(notRedriven);
    expect((await list('NOT_REDRIVEN')).map((e) => e.executionArn)).toContain(notRedriven);
    expect((await list('NOT_REDRIVEN')).map((e) => e.executionArn)).not.toContain(redriven);
    await expect(
      sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: arnOf('Steps'),
          redriveFilter: 'SOMETIMES' as 'REDRIVEN',
        }),
      ),
    ).rejects.toThrow(ValidationException);
  });

  it('refuses a succeeded execution, a running one, an unknown ARN and an Express execution', async () => {
    const executionArn = await failedRun('Steps');
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await finished(executionArn);
    const succeeded = sfn.send(new RedriveExecutionCommand({ executionArn }));
    await expect(succeeded).rejects.toThrow(ExecutionNotRedrivable);
    await expect(succeeded).rejects.toThrow('Execution is SUCCEEDED and cannot be redriven');

    const waiting = await sfn.send(
      new CreateStateMachineCommand({
        name: 'Waits',
        roleArn: 'arn:aws:iam::123456789012:role/local',
        definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } }),
      }),
    );
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiting.stateMachineArn }));
    const running = sfn.send(new RedriveExecutionCommand({ executionArn: started.executionArn }));
    await expect(running).rejects.toThrow(ExecutionNotRedrivable);
    await expect(running).rejects.toThrow('Execution is RUNNING and cannot be redriven');
    expect(await describe_(started.executionArn!)).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn }));

    const unknown = executionArn.replace(/:[^:]+$/, ':no-such-execution');
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: unknown }))).rejects.toThrow(
      ExecutionDoesNotExist,
    );

    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'ExpressFails',
        type: 'EXPRESS',
        roleArn: 'arn:aws:iam::123456789012:role/local',
        definition: JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } }),
      }),
    );
    const express = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn }));
    expect(express.status).toBe('FAILED');
    await expect(
      sfn.send(new RedriveExecutionCommand({ executionArn: express.executionArn })),
    ).rejects.toThrow(InvalidArn);
  });
});
