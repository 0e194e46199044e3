import { Notifier } from './provider-types';
import { SnsNotifier } from './sns-notifier';

let notifier: Notifier | undefined;

/** The container's notifier: SNS, to the topic named by NOTIFICATION_TOPIC_ARN. */
export function notificationProvider(): Notifier {
  return (notifier ??= new SnsNotifier());
}
