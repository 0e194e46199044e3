import type { ServiceIntegrationResource } from '../../../../../lib/toolkit/asl/model';
import { callSqs } from '../../../../../lib/toolkit/local/messaging/sqs-tasks';
import { createHash } from 'node:crypto';
import { ACCOUNT, failureOf, QUEUE_URL, setup, task } from './dispatcher-setup';

describe('SQS tasks', () => {
  it('sqs:sendMessage writes a JSON MessageBody as its text and answers with SQS’s names and the SDK’s metadata', async () => {
    const { sqs, handle } = setup();
    const body = { order: 'o-1', TaskToken: 'AQC+/token==' };
    const result = (await handle(
      task('arn:aws:states:::sqs:sendMessage', { QueueUrl: QUEUE_URL, MessageBody: body }),
    )) as Record<string, unknown>;
    const text = JSON.stringify(body);
    expect(Object.keys(result)).toEqual([
      'MD5OfMessageBody',
      'MessageId',
      'SdkHttpMetadata',
      'SdkResponseMetadata',
    ]);
    expect(result.MD5OfMessageBody).toBe(createHash('md5').update(text).digest('hex'));
    expect(result).toMatchObject({ SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(sqs.list()).toEqual([expect.objectContaining({ body: text, messageId: result.MessageId })]);
  });

  it('aws-sdk:sqs:sendMessage and sendMessageBatch answer in the Java SDK v2’s names, nothing added', async () => {
    const { sqs, handle } = setup();
    const one = await handle(
      task('arn:aws:states:::aws-sdk:sqs:sendMessage', { QueueUrl: QUEUE_URL, MessageBody: 'x' }),
    );
    expect(one).toEqual({ MessageId: expect.any(String), Md5OfMessageBody: expect.any(String) });
    const batch = await handle(
      task('arn:aws:states:::aws-sdk:sqs:sendMessageBatch', {
        QueueUrl: QUEUE_URL,
        Entries: [
          { Id: 'a', MessageBody: 'y' },
          { Id: 'b', MessageBody: '' },
        ],
      }),
    );
    expect(batch).toEqual({
      Successful: [{ Id: 'a', MessageId: expect.any(String), Md5OfMessageBody: expect.any(String) }],
      Failed: [expect.objectContaining({ Id: 'b', Code: 'MissingParameter', SenderFault: true })],
    });
    expect(sqs.list().map((m) => m.body)).toEqual(['x', 'y']);
  });

  it('names a failure after each integration’s SDK: SQS.* for the optimized one, Sqs.* for the AWS SDK one', async () => {
    const { handle } = setup();
    const missing = { QueueUrl: `http://127.0.0.1:8083/${ACCOUNT}/Nope`, MessageBody: 'x' };
    const optimized = await failureOf(handle(task('arn:aws:states:::sqs:sendMessage', missing)));
    expect(optimized.error).toBe('SQS.QueueDoesNotExistException');
    expect(optimized.cause).toMatch(
      /^The specified queue does not exist\. \(Service: AmazonSQS; Status Code: 400; Error Code: AWS\.SimpleQueueService\.NonExistentQueue; Request ID: [\w-]+; Proxy: null\)$/,
    );
    const sdk = await failureOf(handle(task('arn:aws:states:::aws-sdk:sqs:sendMessage', missing)));
    expect(sdk.error).toBe('Sqs.QueueDoesNotExistException');
    expect(sdk.cause).toMatch(
      /^The specified queue does not exist\. \(Service: Sqs, Status Code: 400, Request ID: /,
    );
    const noBody = await failureOf(handle(task('arn:aws:states:::sqs:sendMessage', { QueueUrl: QUEUE_URL })));
    expect(noBody.error).toBe('SQS.AmazonSQSException');
    expect(noBody.cause).toMatch(
      /^The request must contain the parameter MessageBody\. .*Error Code: MissingParameter;/,
    );
  });

  it('serves no other SQS action (sqs:sendMessageBatch is not an optimized one)', async () => {
    const { handle } = setup();
    const failure = await failureOf(
      handle(task('arn:aws:states:::sqs:sendMessageBatch', { QueueUrl: QUEUE_URL })),
    );
    expect(failure.error).toBe('States.Runtime');
  });
});

describe('SQS task of a .waitForTaskToken state (the request half; the waiting is the runtime’s)', () => {
  it('sends the message with the engine’s token in it verbatim, so a test can pick it out', async () => {
    const { sqs } = setup();
    const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAeRkx+/token==';
    const resource = task('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {});
    const input = { QueueUrl: QUEUE_URL, MessageBody: { Input: { order: 'o-1' }, TaskToken: token } };
    callSqs(sqs, { ...resource, input }, resource.classifiedResource as ServiceIntegrationResource);
    const [message] = sqs.list({ contains: token });
    expect(JSON.parse(message.body)).toEqual({ Input: { order: 'o-1' }, TaskToken: token });
  });
});
