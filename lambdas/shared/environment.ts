/** Environment variables the construct sets on the default functions, read by the handlers. */
export const EnvironmentNames = {
  /** ARN of the SNS topic that customer notifications are published to. */
  NotificationTopicArn: 'NOTIFICATION_TOPIC_ARN',
} as const;
