import {
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { LOCAL_CREDENTIALS } from '../../../support/sfn-client';
import { messagingApp } from './messaging-app';

/** The SDK's own checks run on every answer: it recomputes the MD5 of each body it sent. */
describe('local SQS through @aws-sdk/client-sqs (JSON protocol) and the query protocol', () => {
  let local: LocalService;
  let client: SQSClient;
  let orders: string;
  let jobs: string;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: messagingApp().synth().directory, port: 0 });
    client = new SQSClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    orders = local.sqs.queues().find((q) => q.name === 'orders')!.url;
    jobs = local.sqs.queues().find((q) => q.name === 'jobs.fifo')!.url;
  });
  afterAll(async () => {
    client?.destroy();
    await local?.close();
  });

  it('gives queue URLs that point at the endpoint, and answers GetQueueUrl with them', async () => {
    expect(orders).toBe(`${local.url}/123456789012/orders`);
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(orders);
  });

  it('records SendMessage and answers its id, the body’s MD5 and the attributes’ MD5', async () => {
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: orders,
        MessageBody: '{"order":"o-1"}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'new' } },
      }),
    );
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(local.sqs.list({ contains: 'o-1' })).toEqual([
      expect.objectContaining({
        messageId: sent.MessageId,
        queueName: 'orders',
        messageAttributes: { kind: { DataType: 'String', StringValue: 'new' } },
      }),
    ]);
  });

  it('answers a FIFO send with its sequence number', async () => {
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: jobs,
        MessageBody: 'job',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      }),
    );
    expect(sent.SequenceNumber).toMatch(/^\d{20}$/);
  });

  it('raises QueueDoesNotExist for a queue the app lacks, with SQS’s message and query code', async () => {
    const error = await client
      .send(new SendMessageCommand({ QueueUrl: `${local.url}/123456789012/nope`, MessageBody: 'x' }))
      .catch((e: unknown) => e as Error & { Code?: string; $metadata: { httpStatusCode?: number } });
    expect(error).toMatchObject({
      name: 'QueueDoesNotExist',
      message: 'The specified queue does not exist.',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('raises SQS’s error for bad input: a missing body, a batch of eleven', async () => {
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: orders, MessageBody: undefined })),
    ).rejects.toMatchObject({
      message: 'The request must contain the parameter MessageBody.',
      Code: 'MissingParameter',
    });
    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    await expect(
      client.send(new SendMessageBatchCommand({ QueueUrl: orders, Entries: entries })),
    ).rejects.toMatchObject({
      name: 'TooManyEntriesInBatchRequest',
    });
  });

  it('answers a batch entry by entry', async () => {
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: orders,
        Entries: [
          { Id: 'ok', MessageBody: 'batched' },
          { Id: 'bad', MessageBody: 'x', DelaySeconds: 901 },
        ],
      }),
    );
    expect(result.Successful).toEqual([
      expect.objectContaining({
        Id: 'ok',
        MessageId: expect.any(String),
        MD5OfMessageBody: expect.any(String),
      }),
    ]);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'InvalidParameterValue', SenderFault: true }),
    ]);
  });

  it('answers an operation it does not serve with UnsupportedOperation, saying what it serves', async () => {
    await expect(client.send(new ReceiveMessageCommand({ QueueUrl: orders }))).rejects.toMatchObject({
      name: 'UnsupportedOperation',
      message: expect.stringMatching(/records messages sent .*ReceiveMessage is not served/),
    });
  });

  it('speaks the query protocol too, posted to the endpoint or to the queue URL itself', async () => {
    const post = (url: string, form: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    const sent = await post(local.url, {
      Action: 'SendMessage',
      QueueUrl: orders,
      MessageBody: 'by query',
      'MessageAttribute.1.Name': 'kind',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'old',
    });
    expect(sent.status).toBe(200);
    const xml = await sent.text();
    expect(xml).toMatch(/<SendMessageResponse[^>]*><SendMessageResult><MessageId>[0-9a-f-]{36}<\/MessageId>/);
    expect(xml).toContain('<MD5OfMessageBody>');
    expect(xml).toContain('<MD5OfMessageAttributes>');
    const atQueue = await post(orders, { Action: 'SendMessage', MessageBody: 'to the queue URL' });
    expect(atQueue.status).toBe(200);
    expect(local.sqs.list({ queue: 'orders', contains: 'to the queue URL' })).toHaveLength(1);
    const missing = await post(local.url, {
      Action: 'SendMessage',
      QueueUrl: `${local.url}/123456789012/nope`,
      MessageBody: 'x',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain(
      '<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist for this wsdl version.</Message>',
    );
  });
});
