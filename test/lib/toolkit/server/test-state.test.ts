import { InvalidDefinition, SFNClient, TestStateCommand, ValidationException } from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { localSfnClient } from '../../../support/sfn-client';
import { synthTinyAssembly } from '../../../support/tiny-assembly';

/** TestState through the local endpoint, as the AWS SDK sends it (to `sync-<host>` unless disabled). */
describe('the local endpoint’s TestState', () => {
  let local: LocalService;
  let sfn: SFNClient;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: synthTinyAssembly(), port: 0 });
    sfn = localSfnClient(local.url);
  });
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  const task = {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Arguments: { FunctionName: 'Charge', Payload: '{% $states.input %}' },
    Output: '{% $states.result.Payload %}',
    Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 2 }],
    Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
    QueryLanguage: 'JSONata',
    Next: 'Ship',
  };

  it('runs a state of the definition with a mocked result, with inspection data at DEBUG', async () => {
    const response = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify(task),
        input: '{"amount":10}',
        mock: { result: '{"StatusCode":200,"Payload":{"paid":true}}' },
        inspectionLevel: 'DEBUG',
      }),
    );
    expect(response).toMatchObject({ status: 'SUCCEEDED', output: '{"paid":true}', nextState: 'Ship' });
    expect(response.inspectionData).toMatchObject({
      input: '{"amount":10}',
      afterArguments: '{"FunctionName":"Charge","Payload":{"amount":10}}',
      result: '{"StatusCode":200,"Payload":{"paid":true}}',
    });
  });

  it('answers RETRIABLE and CAUGHT_ERROR for a mocked error, depending on the retries made', async () => {
    const send = (retrierRetryCount: number) =>
      sfn.send(
        new TestStateCommand({
          definition: JSON.stringify(task),
          mock: { errorOutput: { error: 'Lambda.TooManyRequestsException', cause: 'throttled' } },
          stateConfiguration: { retrierRetryCount },
          inspectionLevel: 'TRACE',
        }),
      );
    const first = await send(0);
    expect(first).toMatchObject({ status: 'RETRIABLE', error: 'Lambda.TooManyRequestsException' });
    expect(first.inspectionData?.errorDetails).toEqual({ retryIndex: 0, retryBackoffIntervalSeconds: 1 });
    const last = await send(2);
    expect(last).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Failed', cause: 'throttled' });
    expect(last.inspectionData?.errorDetails).toEqual({ catchIndex: 0 });
  });

  it('calls the local task handler when there is no mock (here: a resource the runtime cannot serve)', async () => {
    const response = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          Type: 'Task',
          Resource: 'arn:aws:states:::glue:startJobRun',
          End: true,
        }),
      }),
    );
    expect(response.status).toBe('FAILED');
    expect(response.cause).toMatch(/The local runtime cannot call arn:aws:states:::glue:startJobRun/);
  });

  it('refuses a mocked result that does not fit the API, and a definition AWS would refuse', async () => {
    await expect(
      sfn.send(
        new TestStateCommand({
          definition: JSON.stringify(task),
          mock: { result: '{"StatusCode":"200"}', fieldValidationMode: 'STRICT' },
        }),
      ),
    ).rejects.toThrow(ValidationException);
    await expect(
      sfn.send(
        new TestStateCommand({
          definition: '{"Type":"Pass","Output":"{% 1 + %}","QueryLanguage":"JSONata"}',
        }),
      ),
    ).rejects.toThrow(InvalidDefinition);
  });
});
