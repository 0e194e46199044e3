import { PublishCommand, PublishCommandOutput } from '@aws-sdk/client-sns';
import { SnsNotifier, SnsPublishClient } from '../../../lambdas/providers/sns-notifier';
import { EnvironmentNames, ErrorNames } from '../../../lambdas/shared';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:order-notifications';

function fakeClient(answer: () => Promise<Partial<PublishCommandOutput>>) {
  const sent: PublishCommand[] = [];
  const client: SnsPublishClient = {
    send: async (command) => {
      sent.push(command);
      return { $metadata: {}, ...(await answer()) };
    },
  };
  return { client, sent };
}

const awsError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('SnsNotifier', () => {
  const savedArn = process.env[EnvironmentNames.NotificationTopicArn];
  afterEach(() => {
    if (savedArn === undefined) delete process.env[EnvironmentNames.NotificationTopicArn];
    else process.env[EnvironmentNames.NotificationTopicArn] = savedArn;
  });

  it('publishes the subject and message to the topic from NOTIFICATION_TOPIC_ARN and returns the MessageId', async () => {
    process.env[EnvironmentNames.NotificationTopicArn] = TOPIC_ARN;
    const { client, sent } = fakeClient(async () => ({ MessageId: 'msg-1' }));
    const result = await new SnsNotifier({ client }).publish('Subject', '{"kind":"OUT_OF_STOCK"}');
    expect(result).toEqual({ messageId: 'msg-1' });
    expect(sent.map((command) => command.input)).toEqual([
      { TopicArn: TOPIC_ARN, Subject: 'Subject', Message: '{"kind":"OUT_OF_STOCK"}' },
    ]);
  });

  it('fails clearly, naming the variable, when NOTIFICATION_TOPIC_ARN is not set', async () => {
    delete process.env[EnvironmentNames.NotificationTopicArn];
    const { client, sent } = fakeClient(async () => ({ MessageId: 'never' }));
    await expect(new SnsNotifier({ client }).publish('s', 'm')).rejects.toThrow(
      'NOTIFICATION_TOPIC_ARN is not set: the notification function needs the SNS topic ARN',
    );
    expect(sent).toHaveLength(0);
  });

  it.each([
    ['a throttled publish', awsError('ThrottledException')],
    ['an SNS internal error', awsError('InternalErrorException', { $fault: 'server' })],
    ['a retryable SDK error', awsError('SomethingNew', { $retryable: { throttling: true } })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('turns %s into ProviderUnavailable, which the state machine retries', async (_, error) => {
    const { client } = fakeClient(() => Promise.reject(error));
    await expect(new SnsNotifier({ topicArn: TOPIC_ARN, client }).publish('s', 'm')).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
  });

  it('passes a permanent SNS error through unchanged: retrying a missing permission only delays it', async () => {
    const denied = awsError('AuthorizationErrorException', { $fault: 'client' });
    const { client } = fakeClient(() => Promise.reject(denied));
    await expect(new SnsNotifier({ topicArn: TOPIC_ARN, client }).publish('s', 'm')).rejects.toBe(denied);
  });

  it('fails when SNS answers without a MessageId', async () => {
    const { client } = fakeClient(async () => ({}));
    await expect(new SnsNotifier({ topicArn: TOPIC_ARN, client }).publish('s', 'm')).rejects.toThrow(
      'returned no MessageId',
    );
  });
});
