import { NotificationResult } from '../shared';
import { Notifier } from './provider-types';

export interface PublishedNotification {
  readonly subject: string;
  readonly message: string;
  readonly messageId: string;
}

/** Keeps what is published, for tests and local runs. */
export class InMemoryNotifier implements Notifier {
  readonly published: PublishedNotification[] = [];

  async publish(subject: string, message: string): Promise<NotificationResult> {
    const messageId = `in-memory-${this.published.length + 1}`;
    this.published.push({ subject, message, messageId });
    return { messageId };
  }
}
