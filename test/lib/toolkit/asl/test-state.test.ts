import { TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import {
  testState,
  TestStateInvalidDefinition,
  TestStateRequest,
  TestStateValidationError,
} from '../../../../lib/toolkit/asl/test-state';

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const json = (value: unknown) => JSON.stringify(value);
const test = (request: TestStateRequest) => testState(request, { random: () => 0.5 });

const lambdaTask = (extra: Record<string, unknown> = {}) =>
  json({
    Type: 'Task',
    Resource: LAMBDA,
    Parameters: { FunctionName: 'f', 'Payload.$': '$.order' },
    ResultSelector: { 'paid.$': '$.Payload.paid' },
    ResultPath: '$.payment',
    Next: 'Ship',
    ...extra,
  });

describe('TestState', () => {
  it('runs a Pass state and names no next state when it ends', async () => {
    const response = await test({
      definition: json({ Type: 'Pass', Parameters: { 'n.$': '$.n' }, End: true }),
      input: json({ n: 1, other: 2 }),
    });
    expect(response).toEqual({ status: 'SUCCEEDED', output: '{"n":1}', nextState: undefined });
  });

  it('runs a Task with a mocked result and shows every processing step at DEBUG', async () => {
    const response = await test({
      definition: lambdaTask(),
      input: json({ order: { id: 'o-1' } }),
      mock: { result: json({ StatusCode: 200, Payload: { paid: true } }) },
      inspectionLevel: 'DEBUG',
    });
    expect(response).toMatchObject({ status: 'SUCCEEDED', nextState: 'Ship' });
    expect(JSON.parse(response.output!)).toEqual({ order: { id: 'o-1' }, payment: { paid: true } });
    expect(response.inspectionData).toEqual({
      input: '{"order":{"id":"o-1"}}',
      afterInputPath: '{"order":{"id":"o-1"}}',
      afterParameters: '{"FunctionName":"f","Payload":{"id":"o-1"}}',
      result: '{"StatusCode":200,"Payload":{"paid":true}}',
      afterResultSelector: '{"paid":true}',
      afterResultPath: '{"order":{"id":"o-1"},"payment":{"paid":true}}',
    });
  });

  it('calls the task handler when there is no mock', async () => {
    const calls: TaskInvocation[] = [];
    const response = await testState(
      { definition: lambdaTask(), input: json({ order: { id: 'o-2' } }) },
      {
        taskHandler: async (task) => {
          calls.push(task);
          return { Payload: { paid: false } };
        },
      },
    );
    expect(calls.map((c) => c.input)).toEqual([{ FunctionName: 'f', Payload: { id: 'o-2' } }]);
    expect(JSON.parse(response.output!).payment).toEqual({ paid: false });
  });

  it('takes a .waitForTaskToken task’s mock as the callback’s answer, and refuses one without a mock', async () => {
    const callback = json({
      Type: 'Task',
      Resource: `${LAMBDA}.waitForTaskToken`,
      Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } },
      End: true,
    });
    const answered = await test({ definition: callback, mock: { result: json({ approved: true }) } });
    expect(answered).toEqual({ status: 'SUCCEEDED', output: '{"approved":true}', nextState: undefined });
    await expect(test({ definition: callback })).rejects.toThrow(
      new TestStateValidationError(
        'TestState runs an Activity, a .sync or a .waitForTaskToken task only with a mock',
      ),
    );
  });

  it('tests one state of a whole machine by stateName, with the Choice it takes', async () => {
    const machine = {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Succeed' },
        Small: { Type: 'Succeed' },
      },
    };
    const run = (n: number) => test({ definition: json(machine), stateName: 'Check', input: json({ n }) });
    expect(await run(2)).toMatchObject({ status: 'SUCCEEDED', nextState: 'Big' });
    expect(await run(0)).toMatchObject({ status: 'SUCCEEDED', nextState: 'Small' });
  });

  it('answers FAILED with the error and cause of a failing state', async () => {
    const response = await test({
      definition: json({ Type: 'Fail', Error: 'OrderRejected', Cause: 'no stock' }),
    });
    expect(response).toEqual({ status: 'FAILED', error: 'OrderRejected', cause: 'no stock' });
  });

  it('answers RETRIABLE while the matching retrier has attempts left, with its backoff', async () => {
    const definition = lambdaTask({
      Retry: [
        { ErrorEquals: ['Other'] },
        {
          ErrorEquals: ['Lambda.TooManyRequestsException'],
          IntervalSeconds: 2,
          BackoffRate: 3,
          MaxAttempts: 2,
        },
      ],
    });
    const mock = { errorOutput: { error: 'Lambda.TooManyRequestsException', cause: 'slow down' } };
    const input = json({ order: {} });
    const retriable = await test({
      definition,
      input,
      mock,
      stateConfiguration: { retrierRetryCount: 1 },
      inspectionLevel: 'DEBUG',
    });
    expect(retriable).toMatchObject({
      status: 'RETRIABLE',
      error: 'Lambda.TooManyRequestsException',
      cause: 'slow down',
    });
    expect(retriable.output).toBeUndefined();
    expect(retriable.inspectionData?.errorDetails).toEqual({ retryBackoffIntervalSeconds: 6, retryIndex: 1 });
    const exhausted = await test({ definition, input, mock, stateConfiguration: { retrierRetryCount: 2 } });
    expect(exhausted).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException' });
  });

  it('answers CAUGHT_ERROR with the catcher’s output and Next', async () => {
    const response = await test({
      definition: lambdaTask({
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }],
      }),
      input: json({ order: { id: 'o-3' } }),
      mock: { errorOutput: { error: 'PaymentDeclined', cause: 'card' } },
      inspectionLevel: 'TRACE',
    });
    expect(response).toMatchObject({ status: 'CAUGHT_ERROR', error: 'PaymentDeclined', nextState: 'Refund' });
    expect(JSON.parse(response.output!)).toEqual({
      order: { id: 'o-3' },
      error: { Error: 'PaymentDeclined', Cause: 'card' },
    });
    expect(response.inspectionData?.errorDetails).toEqual({ catchIndex: 0 });
  });

  it('gives inspectionData only at DEBUG and TRACE, with the variables after the state', async () => {
    const request = {
      definition: json({
        QueryLanguage: 'JSONata',
        Type: 'Pass',
        Assign: { total: '{% $base + 1 %}' },
        End: true,
      }),
      variables: json({ base: 41 }),
    };
    expect((await test(request)).inspectionData).toBeUndefined();
    expect((await test({ ...request, inspectionLevel: 'DEBUG' })).inspectionData).toEqual({
      input: '{}',
      variables: '{"base":41,"total":42}',
    });
  });

  it('checks a mocked result against the API’s response shape unless fieldValidationMode is NONE', async () => {
    const request = {
      definition: lambdaTask({ ResultSelector: undefined }),
      input: json({ order: {} }),
      mock: { result: json({ StatusCode: '200' }) },
    };
    await expect(test(request)).rejects.toThrow(
      new TestStateValidationError(
        "Mock result schema validation error: Field 'StatusCode' must be a number",
      ),
    );
    await expect(
      test({ ...request, mock: { ...request.mock, fieldValidationMode: 'PRESENT' } }),
    ).rejects.toThrow(TestStateValidationError);
    const unchecked = await test({ ...request, mock: { ...request.mock, fieldValidationMode: 'NONE' } });
    expect(unchecked.status).toBe('SUCCEEDED');
    const dynamo = await test({
      definition: json({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', End: true }),
      mock: { result: json({ Item: { id: { N: 1 } } }) },
    }).catch((error: Error) => error.message);
    expect(dynamo).toBe("Mock result schema validation error: Field 'N' must be a string");
  });

  it('refuses what AWS refuses: a mock on a Pass, an invalid definition, an unknown stateName', async () => {
    await expect(
      test({ definition: json({ Type: 'Pass', End: true }), mock: { result: '{}' } }),
    ).rejects.toThrow(/A mock can only be specified for Task, Map, or Parallel states/);
    await expect(test({ definition: json({ Type: 'Wait', End: true }) })).rejects.toThrow(
      TestStateInvalidDefinition,
    );
    await expect(
      test({ definition: json({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }), stateName: 'B' }),
    ).rejects.toThrow(/State 'B' does not exist/);
  });

  it('mocks the children of a Map, and fails it past the tolerated iteration failures', async () => {
    const definition = json({
      Type: 'Map',
      ToleratedFailureCount: 1,
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
    });
    const mock = { result: json([1, 2, 3]) };
    expect(await test({ definition, input: '[0,0,0]', mock })).toMatchObject({
      status: 'SUCCEEDED',
      output: '[1,2,3]',
    });
    const over = await test({
      definition,
      input: '[0,0,0]',
      mock,
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    expect(over).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });
});
