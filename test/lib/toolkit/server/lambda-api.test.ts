import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalService } from '../../../../lib/toolkit/server/start-local';
import { startAppLocally } from '../../../support/local-app';

const order = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'examples', 'order.json'));
const decode = (bytes?: Uint8Array) => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));

describe('local Lambda Invoke API', () => {
  let local: LocalService;
  let lambda: LambdaClient;
  let validate: string;
  beforeAll(async () => {
    local = await startAppLocally('STANDARD');
    lambda = new LambdaClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'LOCALKEY', secretAccessKey: 'LOCALSECRET' },
      maxAttempts: 1,
    });
    validate = local.app.functions.find((f) => f.name.includes('ValidateOrder'))!.name;
  });
  afterAll(async () => {
    lambda?.destroy();
    await local?.close();
  });

  it('invokes the bundled function by name and returns its payload', async () => {
    const result = await lambda.send(new InvokeCommand({ FunctionName: validate, Payload: order }));
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(decode(result.Payload).inventory).toEqual({ inStock: true, unavailableItems: [] });
  });

  it('accepts the function ARN too', async () => {
    const arn = local.app.functions.find((f) => f.name === validate)!.arn;
    const result = await lambda.send(new InvokeCommand({ FunctionName: arn, Payload: order }));
    expect(result.StatusCode).toBe(200);
  });

  it('reports a handler error as an Unhandled function error with the runtime’s error shape', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: validate, Payload: Buffer.from('{"orderId":1}') }),
    );
    expect(result.FunctionError).toBe('Unhandled');
    expect(decode(result.Payload)).toMatchObject({
      errorType: 'OrderValidationFailed',
      errorMessage: expect.stringMatching(/^orderId: /),
      trace: expect.any(Array),
    });
  });

  it('refuses an unknown function with ResourceNotFoundException', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'NoSuchFunction' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('accepts an asynchronous (Event) invocation at once', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: validate, InvocationType: 'Event', Payload: order }),
    );
    expect(result.StatusCode).toBe(202);
  });
});
