import { CallbackResult, TaskFailure, TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { classifyResource } from '../../../../lib/toolkit/asl/model';
import { FunctionRegistry } from '../../../../lib/toolkit/local/function-registry';
import type { FunctionRunner, LocalFunction } from '../../../../lib/toolkit/local/lambda/function-runner';
import { MockConfig } from '../../../../lib/toolkit/local/mock-config';
import { SnsRecorder } from '../../../../lib/toolkit/local/sns-recorder';
import { createTaskHandler } from '../../../../lib/toolkit/local/task-dispatcher';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:Orders';
const fn: LocalFunction = {
  name: 'Pay',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:Pay',
  directory: '/nowhere',
  handler: 'index.handler',
  environment: {},
  timeoutSeconds: 3,
  memoryMb: 128,
};

function setup(result: Awaited<ReturnType<FunctionRunner['invoke']>>) {
  const invoked: unknown[] = [];
  const runner = {
    invoke: async (_: LocalFunction, event: unknown) => (invoked.push(event), result),
  } as unknown as FunctionRunner;
  const sns = new SnsRecorder(new Set([TOPIC]));
  const deps = { functions: new FunctionRegistry([fn]), runner, sns, region: 'us-east-1' };
  return { deps, sns, invoked };
}

const task = (resource: string, input: unknown, stateName = 'Pay'): TaskInvocation =>
  ({
    resource,
    classifiedResource: classifyResource(resource),
    input,
    stateName,
    retryCount: 0,
    signal: new AbortController().signal,
  }) as TaskInvocation;

const ok = { ok: true as const, payload: { paid: true }, logs: '', durationMs: 1 };

describe('task dispatcher', () => {
  it('wraps a function’s payload as the lambda:invoke integration returns it', async () => {
    const { deps, invoked } = setup(ok);
    const result = await createTaskHandler(deps)(
      task('arn:aws:states:::lambda:invoke', { FunctionName: fn.arn, Payload: { a: 1 } }),
    );
    expect(invoked).toEqual([{ a: 1 }]);
    expect(result).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: { paid: true } });
  });

  it('sends a null Payload as null, as AWS does, and a missing one as {}', async () => {
    const { deps, invoked } = setup(ok);
    const handle = createTaskHandler(deps);
    await handle(task('arn:aws:states:::lambda:invoke', { FunctionName: fn.arn, Payload: null }));
    await handle(task('arn:aws:states:::lambda:invoke', { FunctionName: fn.arn }));
    expect(invoked).toEqual([null, {}]);
  });

  it('returns the bare payload for a function ARN resource', async () => {
    const { deps } = setup(ok);
    expect(await createTaskHandler(deps)(task(fn.arn, {}))).toEqual({ paid: true });
  });

  it('reports a function error as Step Functions does: the error type, and the runtime JSON as cause', async () => {
    const { deps } = setup({
      ok: false,
      errorType: 'PaymentDeclined',
      errorMessage: 'no',
      trace: ['x'],
      logs: '',
      durationMs: 1,
    });
    const failure = await createTaskHandler(deps)(task(fn.arn, {})).catch((e: TaskFailure) => e);
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure).toMatchObject({ error: 'PaymentDeclined' });
    expect(JSON.parse((failure as TaskFailure).cause)).toEqual({
      errorType: 'PaymentDeclined',
      errorMessage: 'no',
      trace: ['x'],
    });
  });

  it('fails with Lambda.ResourceNotFoundException for a function the app does not have', async () => {
    const { deps } = setup(ok);
    await expect(
      createTaskHandler(deps)(task('arn:aws:states:::lambda:invoke', { FunctionName: 'Other' })),
    ).rejects.toMatchObject({ error: 'Lambda.ResourceNotFoundException' });
  });

  it('records an SNS publish and returns its message id', async () => {
    const { deps, sns } = setup(ok);
    const result = (await createTaskHandler(deps)(
      task('arn:aws:states:::sns:publish', { TopicArn: TOPIC, Message: { kind: 'X' }, Subject: 'Hi' }),
    )) as { MessageId: string };
    expect(sns.list()).toEqual([
      expect.objectContaining({ messageId: result.MessageId, message: '{"kind":"X"}', subject: 'Hi' }),
    ]);
  });

  it('serves a mocked response before the real resource, and counts attempts per state', async () => {
    const { deps, invoked } = setup(ok);
    const config = MockConfig.parse({
      StateMachines: { M: { TestCases: { T: { Pay: 'R' } } } },
      MockedResponses: {
        R: { '0': { Throw: { Error: 'Boom', Cause: 'c' } }, '1': { Return: { mocked: true } } },
      },
    });
    const handler = createTaskHandler(deps, { config, stateMachineName: 'M', testCase: 'T' });
    await expect(handler(task(fn.arn, {}))).rejects.toMatchObject({ error: 'Boom', cause: 'c' });
    expect(await handler(task(fn.arn, {}))).toEqual({ mocked: true });
    expect(invoked).toEqual([]);
  });

  it('serves a .waitForTaskToken task’s request as the plain integration (the engine then waits)', async () => {
    const { deps, invoked } = setup(ok);
    const result = await createTaskHandler(deps)(
      task('arn:aws:states:::lambda:invoke.waitForTaskToken', {
        FunctionName: fn.arn,
        Payload: { t: 'tok' },
      }),
    );
    expect(invoked).toEqual([{ t: 'tok' }]);
    expect(result).toMatchObject({ StatusCode: 200, Payload: { paid: true } });
  });

  it('answers a mocked .waitForTaskToken task with the mock as the callback’s result', async () => {
    const { deps, invoked } = setup(ok);
    const config = MockConfig.parse({
      StateMachines: { M: { TestCases: { T: { Ask: 'R' } } } },
      MockedResponses: { R: { '0': { Return: { approved: true } } } },
    });
    const handler = createTaskHandler(deps, { config, stateMachineName: 'M', testCase: 'T' });
    const resource = 'arn:aws:states:::sns:publish.waitForTaskToken';
    expect(await handler(task(resource, {}, 'Ask'))).toEqual(new CallbackResult({ approved: true }));
    expect(invoked).toEqual([]);
  });

  it('still refuses a .sync job it cannot run', async () => {
    const { deps } = setup(ok);
    await expect(
      createTaskHandler(deps)(task('arn:aws:states:::lambda:invoke.sync', { FunctionName: fn.arn })),
    ).rejects.toMatchObject({ error: 'States.Runtime' });
  });

  it('says how to mock a resource it cannot serve', async () => {
    const { deps } = setup(ok);
    await expect(
      createTaskHandler(deps)(task('arn:aws:states:::glue:startJobRun', {}, 'Save')),
    ).rejects.toThrow(
      /cannot call arn:aws:states:::glue:startJobRun \(state "Save"\)\. Mock it with a mock configuration/,
    );
  });
});
