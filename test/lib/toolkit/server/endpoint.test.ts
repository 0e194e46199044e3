import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { localSfnClient } from '../../../support/sfn-client';
import { synthTinyAssembly } from '../../../support/tiny-assembly';

describe('local Step Functions endpoint', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let waiter: string;
  let echo: string;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: synthTinyAssembly(), port: 0 });
    sfn = localSfnClient(local.url);
    const machines = local.runtime.listStateMachines();
    waiter = machines.find((m) => m.type === 'STANDARD')!.arn;
    echo = machines.find((m) => m.type === 'EXPRESS')!.arn;
  });
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  /** Posts raw bytes, as a broken or hostile client would. */
  const post = (body: string, headers: Record<string, string>) =>
    fetch(local.url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-amz-json-1.0', ...headers },
    });
  const stillServing = async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines).toHaveLength(2);
  };

  it('lists the assembly’s state machines at start, with their types', async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((m) => m.type).sort()).toEqual(['EXPRESS', 'STANDARD']);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: waiter }));
    expect(JSON.parse(described.definition!).StartAt).toBe('Wait');
    expect(described.creationDate).toBeInstanceOf(Date);
  });

  it('runs a Standard execution asynchronously, and stops it', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: waiter, name: 'long-wait', input: '{"seconds": 30}' }),
    );
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'test' }));
    await local.runtime.waitFor(executionArn!);
    const stopped = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(stopped).toMatchObject({ status: 'ABORTED', name: 'long-wait' });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
    expect(events![0].timestamp).toBeInstanceOf(Date);
  });

  it('refuses a second execution of the same name with other input, and returns the first for the same input', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: waiter, name: 'dup', input: '{"seconds": 30}' }),
    );
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: waiter, name: 'dup', input: '{"seconds": 30}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: waiter, name: 'dup', input: '{"seconds": 1}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  it('lists executions of a Standard machine, filtered by status', async () => {
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: waiter, statusFilter: 'ABORTED' }),
    );
    expect(executions!.map((e) => e.name)).toEqual(expect.arrayContaining(['long-wait', 'dup']));
  });

  it('answers StartSyncExecution for Express with the result', async () => {
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: echo, input: '{"a":1}' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"a":1}' });
  });

  it.each([
    [
      'StartSyncExecution on a Standard machine',
      () => new StartSyncExecutionCommand({ stateMachineArn: waiter }),
      'StateMachineTypeNotSupported',
    ],
    [
      'ListExecutions on an Express machine',
      () => new ListExecutionsCommand({ stateMachineArn: echo }),
      'StateMachineTypeNotSupported',
    ],
    [
      'an unknown state machine ARN',
      () => new StartExecutionCommand({ stateMachineArn: `${waiter}Nope` }),
      'StateMachineDoesNotExist',
    ],
    [
      'an unknown execution ARN',
      () =>
        new DescribeExecutionCommand({ executionArn: `${waiter.replace('stateMachine', 'execution')}:none` }),
      'ExecutionDoesNotExist',
    ],
    [
      'input that is not JSON',
      () => new StartExecutionCommand({ stateMachineArn: waiter, input: '{oops' }),
      'InvalidExecutionInput',
    ],
    [
      'input over 256 KiB',
      () =>
        new StartExecutionCommand({
          stateMachineArn: waiter,
          input: JSON.stringify({ pad: 'x'.repeat(262_144) }),
        }),
      'ValidationException',
    ],
    [
      'an invalid execution name',
      () => new StartExecutionCommand({ stateMachineArn: waiter, name: 'has space' }),
      'InvalidName',
    ],
  ])('refuses %s with an AWS-shaped error and keeps serving', async (_, command, type) => {
    await expect(sfn.send(command() as never)).rejects.toMatchObject({
      name: type,
      $metadata: { httpStatusCode: 400 },
    });
    await stillServing();
  });

  it('refuses the Express execution ARN on Standard-only calls', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: echo, input: '{}' }),
    );
    expect(executionArn).toMatch(/:express:/);
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });

  it('answers malformed JSON, an unknown action and an oversize body in the API’s error shape', async () => {
    const malformed = await post('{"stateMachineArn":', {
      'X-Amz-Target': 'AWSStepFunctions.DescribeStateMachine',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });

    const unknown = await post('{}', { 'X-Amz-Target': 'AWSStepFunctions.LaunchRockets' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      __type: 'UnknownOperationException',
      message: 'Unknown operation AWSStepFunctions.LaunchRockets',
    });

    const huge = await post('x'.repeat(2 * 1024 * 1024), {
      'X-Amz-Target': 'AWSStepFunctions.StartExecution',
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ __type: 'ValidationException' });
    await stillServing();
  });

  it('creates, runs and deletes any other ASL definition, as Step Functions Local does', async () => {
    const definition = JSON.stringify({
      StartAt: 'Greet',
      States: {
        Greet: {
          Type: 'Pass',
          Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" },
          End: true,
        },
      },
    });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'Greeter',
        definition,
        roleArn: 'arn:aws:iam::123456789012:role/x',
        type: 'EXPRESS',
      }),
    );
    const result = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn, input: '{"name":"Ada"}' }),
    );
    expect(JSON.parse(result.output!)).toEqual({ greeting: 'Hello, Ada!' });
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  it('refuses an invalid definition with InvalidDefinition saying what is wrong', async () => {
    const definition = JSON.stringify({ StartAt: 'Nowhere', States: { Here: { Type: 'Pass', End: true } } });
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'Broken',
          definition,
          roleArn: 'arn:aws:iam::123456789012:role/x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringMatching(/Nowhere/) });
    await stillServing();
  });
});
