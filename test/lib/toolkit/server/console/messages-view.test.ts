import { EventBusRecorder } from '../../../../../lib/toolkit/local/messaging/event-bus-recorder';
import { defaultEventBus } from '../../../../../lib/toolkit/local/messaging/event-buses';
import { SqsRecorder } from '../../../../../lib/toolkit/local/messaging/sqs-recorder';
import { SnsRecorder } from '../../../../../lib/toolkit/local/sns-recorder';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../../lib/toolkit/local/template-resolver';
import { messagesView } from '../../../../../lib/toolkit/server/console/messages-view';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:Alerts';
const QUEUE = {
  logicalId: 'Jobs',
  name: 'jobs.fifo',
  url: 'http://127.0.0.1:8083/123456789012/jobs.fifo',
  arn: 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo',
  fifo: true,
  contentBasedDeduplication: true,
  maximumMessageSize: 1_048_576,
};

describe('messagesView', () => {
  it('lists SNS, SQS and EventBridge messages newest first, each with where it would have gone', async () => {
    const sns = new SnsRecorder(new Set([TOPIC]));
    const sqs = new SqsRecorder([QUEUE], '123456789012');
    const events = new EventBusRecorder([defaultEventBus(DEFAULT_LOCAL_ENVIRONMENT)]);
    sns.publish({ topicArn: TOPIC, message: 'first', subject: 'Hi' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    sqs.sendMessage({ QueueUrl: QUEUE.url, MessageBody: 'second', MessageGroupId: 'g' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.putEvents({
      Entries: [{ Source: 's', DetailType: 'd', Detail: '{"third":1}', EventBusName: 'nope' }],
    });

    const view = messagesView({ sns, sqs, events });
    expect(view.total).toBe(3);
    expect(view.messages).toEqual([
      expect.objectContaining({
        service: 'EventBridge',
        destination: 'nope',
        label: 's · d',
        body: '{"third":1}',
        note: expect.stringMatching(/no such bus/),
      }),
      expect.objectContaining({ service: 'SQS', destination: 'jobs.fifo', label: 'group g', body: 'second' }),
      expect.objectContaining({ service: 'SNS', destination: 'Alerts', label: 'Hi', body: 'first' }),
    ]);
    expect(messagesView({ sns, sqs, events }, 1)).toMatchObject({
      total: 3,
      messages: [{ service: 'EventBridge' }],
    });
  });
});
