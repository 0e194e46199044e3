import type { EventBusRecorder } from '../../local/messaging/event-bus-recorder';
import type { SqsRecorder } from '../../local/messaging/sqs-recorder';
import type { SnsRecorder } from '../../local/sns-recorder';

/** The recorders whose messages the console lists. */
export interface MessageSources {
  readonly sns: SnsRecorder;
  readonly sqs: SqsRecorder;
  readonly events: EventBusRecorder;
}

/** One recorded message or event, as the console lists it: what would have been sent, and where. */
export interface MessageView {
  readonly service: 'SNS' | 'SQS' | 'EventBridge';
  /** The topic, queue or bus by name. */
  readonly destination: string;
  readonly id: string;
  readonly at: string;
  /** The subject, the FIFO group, or the event's source and detail type. */
  readonly label?: string;
  /** The message, body or Detail, verbatim. */
  readonly body: string;
  /** Why it would go nowhere on AWS (an event for a bus the app lacks). */
  readonly note?: string;
}

/** The newest recorded messages of every service, newest first; `total` counts them all. */
export function messagesView(
  sources: MessageSources,
  limit = 200,
): { total: number; messages: MessageView[] } {
  const all: MessageView[] = [
    ...sources.sns.list().map((m) => ({
      service: 'SNS' as const,
      destination: m.topicArn.split(':').pop() ?? m.topicArn,
      id: m.messageId,
      at: m.publishedAt.toISOString(),
      ...(m.subject !== undefined ? { label: m.subject } : {}),
      body: m.message,
    })),
    ...sources.sqs.list().map((m) => ({
      service: 'SQS' as const,
      destination: m.queueName,
      id: m.messageId,
      at: m.sentAt.toISOString(),
      ...(m.messageGroupId !== undefined ? { label: `group ${m.messageGroupId}` } : {}),
      body: m.body,
    })),
    ...sources.events.list().map((e) => ({
      service: 'EventBridge' as const,
      destination: e.eventBusName,
      id: e.eventId,
      at: e.time.toISOString(),
      label: `${e.source} · ${e.detailType}`,
      body: e.detail,
      ...(e.eventBusArn ? {} : { note: 'no such bus: EventBridge accepts the entry and drops it' }),
    })),
  ];
  // A stable sort keeps each recorder's own order among messages of the same millisecond.
  const newestFirst = all.map((m, i) => ({ m, i })).sort((a, b) => b.m.at.localeCompare(a.m.at) || b.i - a.i);
  return { total: all.length, messages: newestFirst.slice(0, limit).map(({ m }) => m) };
}
