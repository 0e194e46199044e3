import { Harness } from '../../../../lib/toolkit/testing';
import { messagingApp } from '../server/messaging-app';

describe('Harness: what the app sent to SQS and put on EventBridge', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start({ app: messagingApp() });
  });
  afterAll(() => harness?.close());

  it('lists the recorded messages and events, as it lists SNS messages', async () => {
    const result = await harness.stateMachine('Messaging/Flow').run({ id: 'o-7' });
    expect(result.status).toBe('SUCCEEDED');
    expect(harness.sqsMessages.map((m) => [m.queueName, m.body])).toEqual([
      ['orders', '{"order":"o-7"}'],
      ['orders', '{"from":"function","id":"o-7"}'],
      ['orders', 'first'],
      ['orders', 'o-7'],
    ]);
    expect(harness.eventBridgeEvents.map((e) => [e.eventBusName, e.detailType])).toEqual([
      ['shop', 'OrderPlaced'],
      ['shop', 'Notified'],
    ]);
    expect(harness.snsMessages).toEqual([]);
  });
});
