import { randomUUID } from 'node:crypto';

/** One message published to a local topic, by the state machine or by a function through the SDK. */
export interface RecordedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly message: string;
  readonly subject?: string;
  readonly messageAttributes?: Record<string, unknown>;
  readonly publishedAt: Date;
}

/** Thrown when publishing to a topic the app does not have. */
export class TopicNotFoundError extends Error {
  constructor(public readonly topicArn: string) {
    super(`Topic does not exist: ${topicArn}`);
    this.name = 'NotFoundException';
  }
}

/**
 * The local SNS: keeps every published message (bounded) so that tests, the CLI and the console can
 * show what would have been sent. Nothing is delivered anywhere.
 */
export class SnsRecorder {
  private readonly messages: RecordedMessage[] = [];

  constructor(
    private readonly topicArns: ReadonlySet<string>,
    private readonly limit = 10_000,
  ) {}

  publish(input: Omit<RecordedMessage, 'messageId' | 'publishedAt'>): RecordedMessage {
    if (!this.topicArns.has(input.topicArn)) throw new TopicNotFoundError(input.topicArn);
    const record = { ...input, messageId: randomUUID(), publishedAt: new Date() };
    this.messages.push(record);
    if (this.messages.length > this.limit) this.messages.splice(0, this.messages.length - this.limit);
    return record;
  }

  /** Messages published so far, oldest first; optionally only those whose text contains `text`. */
  list(filter: { topicArn?: string; contains?: string } = {}): RecordedMessage[] {
    return this.messages.filter(
      (m) =>
        (!filter.topicArn || m.topicArn === filter.topicArn) &&
        (!filter.contains || m.message.includes(filter.contains)),
    );
  }

  topics(): string[] {
    return [...this.topicArns];
  }
}
