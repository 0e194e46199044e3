import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { synthCallbackAssembly } from '../../../support/callback-assembly';
import { localSfnClient } from '../../../support/sfn-client';

/** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat through the SDK, on a real Lambda callback task. */
describe('callbacks through the Step Functions API', () => {
  let local: LocalService;
  let sfn: SFNClient;
  const arnOf = (name: string) => local.runtime.listStateMachines().find((m) => m.name === name)!.arn;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: synthCallbackAssembly(), port: 0, dynamodb: false });
    sfn = localSfnClient(local.url);
  }, 60_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  /** Starts the machine and resolves with the token, read where a test can: TaskScheduled's parameters. */
  async function startAndFindToken(machine: string, input: object) {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arnOf(machine), input: JSON.stringify(input) }),
    );
    for (;;) {
      const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const submitted = events!.some((e) => e.type === 'TaskSubmitted');
      const scheduled = events!.find((e) => e.type === 'TaskScheduled');
      if (submitted && scheduled) {
        const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!);
        return { executionArn: executionArn!, token: parameters.Payload.token as string };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const finished = async (executionArn: string) => {
    await local.runtime.waitFor(executionArn);
    return sfn.send(new DescribeExecutionCommand({ executionArn }));
  };
  const typesOf = async (executionArn: string) =>
    (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!.map((e) => e.type);

  it('succeeds with the output SendTaskSuccess sends, after the function acknowledged the request', async () => {
    const { executionArn, token } = await startAndFindToken('Approval', { orderId: 'o-1' });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const submitted = events!.find((e) => e.type === 'TaskSubmitted')!.taskSubmittedEventDetails!;
    expect(submitted).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });
    expect(JSON.parse(submitted.output!)).toMatchObject({ StatusCode: 200, Payload: { acknowledged: true } });
    expect(events!.map((e) => e.type).slice(-4)).toEqual([
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('takes the answer a function sends with the AWS SDK before it returns', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arnOf('SelfApproval') }),
    );
    const execution = await finished(executionArn!);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).approvedBy).toMatch(/Approve/);
    expect((await typesOf(executionArn!)).slice(-4)).toEqual([
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('refuses a second answer with the same token (TaskDoesNotExist)', async () => {
    const { executionArn, token } = await startAndFindToken('Approval', {});
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '1' }));
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '2' })),
    ).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await finished(executionArn)).output).toBe('1');
  });

  it('fails the task with SendTaskFailure, and its Catch takes over', async () => {
    const { executionArn, token } = await startAndFindToken('Approval', { orderId: 'o-2' });
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'out of stock' }),
    );
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      orderId: 'o-2',
      rejection: { Error: 'Rejected', Cause: 'out of stock' },
    });
    expect(await typesOf(executionArn)).toContain('TaskFailed');
  });

  it('times the task out when heartbeats stop, and then answers TaskTimedOut', async () => {
    const { executionArn, token } = await startAndFindToken('Heartbeat', {});
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((await typesOf(executionArn)).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('keeps a task alive while heartbeats come within HeartbeatSeconds', async () => {
    const { executionArn, token } = await startAndFindToken('Heartbeat', {});
    for (let beat = 0; beat < 4; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"done"' }));
    expect(await finished(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
  });

  it('runs a nested execution (CDK’s StepFunctionsStartExecution, .sync:2, associated with the parent)', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arnOf('Parent'), input: '{"orderId":"o-9"}' }),
    );
    const execution = await finished(executionArn!);
    expect(execution.status).toBe('SUCCEEDED');
    const description = JSON.parse(execution.output!);
    expect(description).toMatchObject({ Status: 'SUCCEEDED', Output: { received: 'o-9' } });
    expect(description.Input).toEqual({
      orderId: 'o-9',
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn,
    });
    const child = await sfn.send(new DescribeExecutionCommand({ executionArn: description.ExecutionArn }));
    expect(child.stateMachineArn).toBe(arnOf('Child'));
  });

  it('refuses an unknown token (TaskDoesNotExist), a malformed one (InvalidToken) and output that is not JSON', async () => {
    const unknown = `AQ${'A'.repeat(86)}`;
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' })),
    ).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'garbage' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    const { executionArn, token } = await startAndFindToken('Approval', {});
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{not json' })),
    ).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
  });
});
