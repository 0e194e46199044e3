import { createHash } from 'node:crypto';
import type { LocalQueue } from '../../../../../lib/toolkit/local/messaging/queues';
import { SqsError } from '../../../../../lib/toolkit/local/messaging/sqs-errors';
import { SqsRecorder } from '../../../../../lib/toolkit/local/messaging/sqs-recorder';

const ACCOUNT = '123456789012';
const queue = (name: string, overrides: Partial<LocalQueue> = {}): LocalQueue => ({
  logicalId: name,
  name,
  url: `http://127.0.0.1:8083/${ACCOUNT}/${name}`,
  arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`,
  fifo: false,
  contentBasedDeduplication: false,
  maximumMessageSize: 1_048_576,
  ...overrides,
});
const ORDERS = queue('Orders');
const FIFO = queue('Jobs.fifo', { fifo: true });
const DEDUPED = queue('Dedup.fifo', { fifo: true, contentBasedDeduplication: true });
const SMALL = queue('Small', { maximumMessageSize: 1024 });

function recorder(limit?: number, now?: () => number) {
  return new SqsRecorder([ORDERS, FIFO, DEDUPED, SMALL], ACCOUNT, limit, now);
}

/** The error a call throws, to assert on its SQS names. */
function errorOf(call: () => unknown): SqsError {
  try {
    call();
  } catch (error) {
    if (error instanceof SqsError) return error;
    throw error;
  }
  throw new Error('expected an SqsError');
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('SqsRecorder', () => {
  it('records a message and answers with its id and the body’s real MD5', () => {
    const sqs = recorder();
    const result = sqs.sendMessage({ QueueUrl: ORDERS.url, MessageBody: 'héllo' });
    expect(result).toEqual({ MessageId: expect.any(String), MD5OfMessageBody: md5('héllo') });
    expect(sqs.list()).toEqual([
      expect.objectContaining({ messageId: result.MessageId, queueName: 'Orders', body: 'héllo' }),
    ]);
  });

  it('finds a queue by its URL whatever the host, by its ARN, or by its name', () => {
    const sqs = recorder();
    for (const QueueUrl of [`https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/Orders`, ORDERS.arn, 'Orders']) {
      sqs.sendMessage({ QueueUrl, MessageBody: QueueUrl });
    }
    expect(sqs.list({ queue: 'Orders' })).toHaveLength(3);
    expect(sqs.list({ queue: ORDERS.url, contains: 'arn:' })).toHaveLength(1);
  });

  it('answers an unknown queue, or another account’s, with QueueDoesNotExist', () => {
    const sqs = recorder();
    for (const QueueUrl of [`http://localhost/${ACCOUNT}/Nope`, `http://localhost/999999999999/Orders`]) {
      expect(errorOf(() => sqs.sendMessage({ QueueUrl, MessageBody: 'x' }))).toMatchObject({
        type: 'QueueDoesNotExist',
        code: 'AWS.SimpleQueueService.NonExistentQueue',
        message: 'The specified queue does not exist.',
        modeled: true,
      });
    }
    expect(sqs.list()).toEqual([]);
  });

  it('refuses a missing body, a body too large for the queue, and characters SQS refuses', () => {
    const sqs = recorder();
    expect(errorOf(() => sqs.sendMessage({ QueueUrl: ORDERS.url }))).toMatchObject({
      code: 'MissingParameter',
      message: 'The request must contain the parameter MessageBody.',
    });
    expect(
      errorOf(() => sqs.sendMessage({ QueueUrl: SMALL.url, MessageBody: 'x'.repeat(1025) })),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
    });
    expect(errorOf(() => sqs.sendMessage({ QueueUrl: ORDERS.url, MessageBody: 'bell\u0007' }))).toMatchObject(
      {
        type: 'InvalidMessageContents',
      },
    );
    expect(sqs.list()).toEqual([]);
  });

  it('answers MD5OfMessageAttributes when the message has attributes, and checks them', () => {
    const sqs = recorder();
    const result = sqs.sendMessage({
      QueueUrl: ORDERS.url,
      MessageBody: 'x',
      MessageAttributes: { SellerName: { DataType: 'String', StringValue: 'Example Store' } },
    });
    // A published test vector of SQS's algorithm (other implementations check against it too).
    expect(result.MD5OfMessageAttributes).toBe('cd28f3b68aeee4b2eac9c66f2f694b58');
    expect(
      errorOf(() =>
        sqs.sendMessage({
          QueueUrl: ORDERS.url,
          MessageBody: 'x',
          MessageAttributes: { E: { DataType: 'String' } },
        }),
      ).message,
    ).toBe("Message (user) attribute 'E' must contain a non-empty value of type 'String'.");
  });

  it('FIFO: needs a group, and a deduplication id unless content-based; answers a sequence number', () => {
    const sqs = recorder();
    expect(errorOf(() => sqs.sendMessage({ QueueUrl: FIFO.url, MessageBody: 'x' })).message).toBe(
      'The request must contain the parameter MessageGroupId.',
    );
    expect(
      errorOf(() => sqs.sendMessage({ QueueUrl: FIFO.url, MessageBody: 'x', MessageGroupId: 'g' })).message,
    ).toBe(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    const first = sqs.sendMessage({
      QueueUrl: FIFO.url,
      MessageBody: 'a',
      MessageGroupId: 'g',
      MessageDeduplicationId: '1',
    });
    const second = sqs.sendMessage({
      QueueUrl: FIFO.url,
      MessageBody: 'b',
      MessageGroupId: 'g',
      MessageDeduplicationId: '2',
    });
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(second.SequenceNumber!)).toBeGreaterThan(BigInt(first.SequenceNumber!));
    expect(
      errorOf(() =>
        sqs.sendMessage({ QueueUrl: FIFO.url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 5 }),
      ).code,
    ).toBe('InvalidParameterValue');
  });

  it('FIFO: a duplicate within five minutes is answered as the first and not recorded again', () => {
    let now = 0;
    const sqs = recorder(undefined, () => now);
    const send = () => sqs.sendMessage({ QueueUrl: DEDUPED.url, MessageBody: 'same', MessageGroupId: 'g' });
    const first = send();
    now += 4 * 60_000;
    expect(send()).toEqual(first);
    expect(sqs.list()).toHaveLength(1);
    now += 2 * 60_000;
    expect(send().MessageId).not.toBe(first.MessageId);
    expect(sqs.list()).toHaveLength(2);
  });

  it('a batch answers each entry in Successful or Failed, and refuses a malformed batch whole', () => {
    const sqs = recorder();
    const result = sqs.sendMessageBatch({
      QueueUrl: ORDERS.url,
      Entries: [
        { Id: 'a', MessageBody: 'one' },
        { Id: 'b', MessageBody: '' },
      ],
    });
    expect(result).toEqual({
      Successful: [{ Id: 'a', MessageId: expect.any(String), MD5OfMessageBody: md5('one') }],
      Failed: [
        {
          Id: 'b',
          SenderFault: true,
          Code: 'MissingParameter',
          Message: 'The request must contain the parameter MessageBody.',
        },
      ],
    });
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    expect(errorOf(() => sqs.sendMessageBatch({ QueueUrl: ORDERS.url, Entries: [] })).type).toBe(
      'EmptyBatchRequest',
    );
    expect(errorOf(() => sqs.sendMessageBatch({ QueueUrl: ORDERS.url, Entries: entries(11) })).message).toBe(
      'Maximum number of entries per request are 10. You have sent 11.',
    );
    expect(
      errorOf(() => sqs.sendMessageBatch({ QueueUrl: ORDERS.url, Entries: [...entries(1), ...entries(1)] }))
        .message,
    ).toBe('Id m0 repeated.');
    expect(sqs.list().map((m) => m.body)).toEqual(['one']);
  });

  it('keeps a task token in the body verbatim', () => {
    const sqs = recorder();
    const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAT+/token==';
    sqs.sendMessage({ QueueUrl: ORDERS.url, MessageBody: JSON.stringify({ TaskToken: token }) });
    expect(JSON.parse(sqs.list({ contains: token })[0].body).TaskToken).toBe(token);
  });

  it('keeps the newest messages up to its limit', () => {
    const sqs = recorder(3);
    for (let i = 0; i < 5; i++) sqs.sendMessage({ QueueUrl: ORDERS.url, MessageBody: `m${i}` });
    expect(sqs.list().map((m) => m.body)).toEqual(['m2', 'm3', 'm4']);
  });
});
