import { createHash, randomUUID } from 'node:crypto';
import {
  attributesSize,
  md5OfAttributes,
  MessageAttributes,
  parseMessageAttributes,
} from './message-attributes';
import { findQueue, LocalQueue } from './queues';
import { SqsError, sqsErrors } from './sqs-errors';

/** One message sent to a local queue, by the state machine or by a function through the SDK. */
export interface RecordedSqsMessage {
  readonly messageId: string;
  readonly queueName: string;
  readonly queueUrl: string;
  /** The body exactly as sent (a task token in it is there verbatim). */
  readonly body: string;
  readonly messageAttributes?: MessageAttributes;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  /** FIFO queues only. */
  readonly sequenceNumber?: string;
  readonly delaySeconds?: number;
  readonly sentAt: Date;
}

/** SendMessage's answer, in SQS's field names. */
export interface SendMessageResult {
  readonly MessageId: string;
  readonly MD5OfMessageBody: string;
  readonly MD5OfMessageAttributes?: string;
  readonly MD5OfMessageSystemAttributes?: string;
  readonly SequenceNumber?: string;
}

export interface SendMessageBatchResult {
  readonly Successful: Array<SendMessageResult & { readonly Id: string }>;
  readonly Failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }>;
}

/** A request in SQS's API shape (what the JSON protocol and a Task's Parameters carry). */
export type SqsRequest = Readonly<Record<string, unknown>>;

/** How long SQS remembers a FIFO message's deduplication id. */
const DEDUPLICATION_MS = 5 * 60_000;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const VALID_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const MAX_BATCH_BYTES = 1_048_576;

/**
 * The local SQS: checks what SendMessage and SendMessageBatch would refuse, answers as SQS does, and
 * keeps every message (bounded) so that tests, the CLI and the console can show what would have been
 * sent. Nothing is delivered or received.
 */
export class SqsRecorder {
  private readonly messages: RecordedSqsMessage[] = [];
  /** FIFO: `<queue> <deduplication id>` → the first send's answer, within the five minutes. */
  private readonly deduplication = new Map<string, { result: SendMessageResult; at: number }>();
  private sequence = 10_000_000_000_000_000_000n;

  constructor(
    private readonly queueList: readonly LocalQueue[],
    private readonly accountId: string,
    private readonly limit = 10_000,
    private readonly now = () => Date.now(),
  ) {}

  sendMessage(request: SqsRequest): SendMessageResult {
    return this.send(this.queueOf(request), request);
  }

  /** Entries that fail a check are answered in Failed; a malformed batch throws, as SQS does. */
  sendMessageBatch(request: SqsRequest): SendMessageBatchResult {
    const queue = this.queueOf(request);
    const entries = checkBatch(request.Entries);
    const result: SendMessageBatchResult = { Successful: [], Failed: [] };
    for (const entry of entries) {
      const id = String(entry.Id);
      try {
        result.Successful.push({ Id: id, ...this.send(queue, entry) });
      } catch (error) {
        if (!(error instanceof SqsError)) throw error;
        result.Failed.push({ Id: id, SenderFault: true, Code: error.code, Message: error.message });
      }
    }
    return result;
  }

  /** Messages sent so far, oldest first; optionally one queue's (name, URL or ARN), or containing `contains`. */
  list(filter: { queue?: string; contains?: string } = {}): RecordedSqsMessage[] {
    const queue =
      filter.queue === undefined ? undefined : findQueue(this.queueList, this.accountId, filter.queue);
    if (filter.queue !== undefined && !queue) return [];
    return this.messages.filter(
      (m) => (!queue || m.queueName === queue.name) && (!filter.contains || m.body.includes(filter.contains)),
    );
  }

  queues(): readonly LocalQueue[] {
    return this.queueList;
  }

  private queueOf(request: SqsRequest): LocalQueue {
    const reference = request.QueueUrl;
    if (typeof reference !== 'string' || reference === '') throw sqsErrors.missingParameter('QueueUrl');
    const queue = findQueue(this.queueList, this.accountId, reference);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return queue;
  }

  private send(queue: LocalQueue, request: SqsRequest): SendMessageResult {
    const message = checkMessage(queue, request);
    const deduplicationKey = queue.fifo ? `${queue.name} ${message.messageDeduplicationId}` : undefined;
    const earlier = deduplicationKey ? this.deduplication.get(deduplicationKey) : undefined;
    // A FIFO duplicate within five minutes is accepted, answered as the first, and not kept again.
    if (earlier && this.now() - earlier.at < DEDUPLICATION_MS) return earlier.result;

    const sequenceNumber = queue.fifo ? String((this.sequence += 1n)) : undefined;
    const record: RecordedSqsMessage = {
      ...message,
      messageId: randomUUID(),
      queueName: queue.name,
      queueUrl: queue.url,
      ...(sequenceNumber ? { sequenceNumber } : {}),
      sentAt: new Date(this.now()),
    };
    this.messages.push(record);
    if (this.messages.length > this.limit) this.messages.splice(0, this.messages.length - this.limit);
    const result: SendMessageResult = {
      MessageId: record.messageId,
      MD5OfMessageBody: md5(record.body),
      ...(record.messageAttributes
        ? { MD5OfMessageAttributes: md5OfAttributes(record.messageAttributes) }
        : {}),
      ...(message.systemAttributes
        ? { MD5OfMessageSystemAttributes: md5OfAttributes(message.systemAttributes) }
        : {}),
      ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
    };
    if (deduplicationKey) this.remember(deduplicationKey, result);
    return result;
  }

  /** Entries are kept oldest first, so forgetting the expired ones stops at the first that is not. */
  private remember(key: string, result: SendMessageResult): void {
    const now = this.now();
    for (const [k, entry] of this.deduplication) {
      if (now - entry.at < DEDUPLICATION_MS) break;
      this.deduplication.delete(k);
    }
    this.deduplication.delete(key);
    this.deduplication.set(key, { result, at: now });
  }
}

type CheckedMessage = Omit<RecordedSqsMessage, 'messageId' | 'queueName' | 'queueUrl' | 'sentAt'> & {
  readonly systemAttributes?: MessageAttributes;
};

/** What SQS checks in one message, in the order it reports them. */
function checkMessage(queue: LocalQueue, request: SqsRequest): CheckedMessage {
  const body = request.MessageBody;
  if (body === undefined || body === null) throw sqsErrors.missingParameter('MessageBody');
  if (typeof body !== 'string')
    throw sqsErrors.invalidParameterValue('The parameter MessageBody must be a string.');
  if (body === '') throw sqsErrors.missingParameter('MessageBody');
  if (!VALID_CHARACTERS.test(body)) throw sqsErrors.invalidMessageContents();
  const messageAttributes = parseMessageAttributes(request.MessageAttributes, 'user');
  const systemAttributes = parseMessageAttributes(request.MessageSystemAttributes, 'system');
  const size = Buffer.byteLength(body) + attributesSize(messageAttributes);
  if (size > queue.maximumMessageSize) {
    throw sqsErrors.invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${queue.maximumMessageSize} bytes.`,
    );
  }
  const delaySeconds = checkDelay(queue, request.DelaySeconds);
  const messageGroupId = optionalId('MessageGroupId', request.MessageGroupId);
  let messageDeduplicationId = optionalId('MessageDeduplicationId', request.MessageDeduplicationId);
  if (queue.fifo) {
    if (messageGroupId === undefined) throw sqsErrors.missingParameter('MessageGroupId');
    if (messageDeduplicationId === undefined) {
      if (!queue.contentBasedDeduplication) {
        throw sqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      messageDeduplicationId = createHash('sha256').update(body).digest('hex');
    }
  } else if (messageDeduplicationId !== undefined) {
    throw sqsErrors.invalidValue(
      'MessageDeduplicationId',
      messageDeduplicationId,
      'The request include parameter that is not valid for this queue type.',
    );
  }
  return {
    body,
    ...(messageAttributes ? { messageAttributes } : {}),
    ...(systemAttributes ? { systemAttributes } : {}),
    ...(messageGroupId !== undefined ? { messageGroupId } : {}),
    ...(messageDeduplicationId !== undefined ? { messageDeduplicationId } : {}),
    ...(delaySeconds !== undefined ? { delaySeconds } : {}),
  };
}

function checkDelay(queue: LocalQueue, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const delay = Number(value);
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    throw sqsErrors.invalidValue('DelaySeconds', value, 'DelaySeconds must be >= 0 and <= 900.');
  }
  // FIFO queues take a delay per queue only.
  if (queue.fifo && delay !== 0) {
    throw sqsErrors.invalidValue(
      'DelaySeconds',
      delay,
      'The request include parameter that is not valid for this queue type.',
    );
  }
  return delay;
}

/** A group or deduplication id: 1 to 128 letters, digits and punctuation. */
function optionalId(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^[!-~]{1,128}$/.test(value)) {
    throw sqsErrors.invalidValue(
      name,
      value,
      `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
  return value;
}

/** The whole batch's checks: SQS refuses the request, not an entry, when they fail. */
function checkBatch(value: unknown): SqsRequest[] {
  if (value === undefined || value === null) throw sqsErrors.missingParameter('Entries');
  if (!Array.isArray(value)) throw sqsErrors.invalidParameterValue('The parameter Entries must be a list.');
  if (value.length === 0) throw sqsErrors.emptyBatch();
  if (value.length > 10) throw sqsErrors.tooManyEntries(value.length);
  const seen = new Set<string>();
  let bytes = 0;
  for (const entry of value as SqsRequest[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !BATCH_ID.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.idsNotDistinct(id);
    seen.add(id);
    const body = entry.MessageBody;
    bytes += (typeof body === 'string' ? Buffer.byteLength(body) : 0) + attributesSizeOf(entry);
  }
  if (bytes > MAX_BATCH_BYTES) throw sqsErrors.batchTooLong(bytes);
  return value as SqsRequest[];
}

/** An entry's attribute bytes, for the batch's size; an entry with malformed attributes fails alone later. */
function attributesSizeOf(entry: SqsRequest): number {
  try {
    return attributesSize(parseMessageAttributes(entry.MessageAttributes, 'user'));
  } catch {
    return 0;
  }
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
