import { PublishCommand, PublishCommandOutput, SNSClient } from '@aws-sdk/client-sns';
import { EnvironmentNames, NotificationResult, ProviderUnavailableError } from '../shared';
import { Notifier } from './provider-types';
import { isTransientAwsError } from './transient-aws-errors';

/** The one method of SNSClient this uses, so tests can pass a fake. */
export interface SnsPublishClient {
  send(command: PublishCommand): Promise<PublishCommandOutput>;
}

export interface SnsNotifierOptions {
  /** Defaults to the NOTIFICATION_TOPIC_ARN environment variable, read when publishing. */
  readonly topicArn?: string;
  /** Defaults to one SNSClient per container, created on first use. */
  readonly client?: SnsPublishClient;
}

let containerClient: SNSClient | undefined;

/** Publishes to an SNS topic; transient SNS failures become ProviderUnavailable, which the state machine retries. */
export class SnsNotifier implements Notifier {
  constructor(private readonly options: SnsNotifierOptions = {}) {}

  async publish(subject: string, message: string): Promise<NotificationResult> {
    const command = new PublishCommand({ TopicArn: this.topicArn(), Subject: subject, Message: message });
    const client = this.options.client ?? (containerClient ??= new SNSClient({}));
    let output: PublishCommandOutput;
    try {
      output = await client.send(command);
    } catch (error) {
      if (isTransientAwsError(error)) {
        throw new ProviderUnavailableError(`SNS publish failed transiently: ${(error as Error).name}`);
      }
      throw error;
    }
    if (!output.MessageId) throw new Error('SNS accepted the message but returned no MessageId');
    return { messageId: output.MessageId };
  }

  private topicArn(): string {
    const arn = this.options.topicArn ?? process.env[EnvironmentNames.NotificationTopicArn];
    if (!arn) {
      throw new Error(
        `${EnvironmentNames.NotificationTopicArn} is not set: the notification function needs the SNS topic ARN`,
      );
    }
    return arn;
  }
}
