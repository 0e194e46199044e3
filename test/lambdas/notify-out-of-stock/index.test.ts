import { createNotifyOutOfStockHandler, handler } from '../../../lambdas/notify-out-of-stock';
import { InMemoryNotifier } from '../../../lambdas/providers/in-memory-notifier';
import { EnvironmentNames, ErrorNames } from '../../../lambdas/shared';
import { aValidOrder } from '../fixtures';
import { captureLogs, CapturedLogs } from '../log-capture';

// The default handler publishes through the real SNSClient class: replace it, and record what it is sent.
const mockSend = jest.fn();
const mockClientConstructed = jest.fn();
jest.mock('@aws-sdk/client-sns', () => ({
  SNSClient: jest.fn().mockImplementation(() => {
    mockClientConstructed();
    return { send: mockSend };
  }),
  PublishCommand: jest.fn().mockImplementation((input: unknown) => ({ input })),
}));

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:order-notifications';
const unavailableItems = [{ sku: 'SKU-POSTER-004', requested: 1, available: 0 }];
const aNotice = () => ({ order: aValidOrder(), unavailableItems });

describe('notify-out-of-stock handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    logs = captureLogs();
    mockSend.mockReset();
    process.env[EnvironmentNames.NotificationTopicArn] = TOPIC_ARN;
  });
  afterEach(() => {
    logs.restore();
    delete process.env[EnvironmentNames.NotificationTopicArn];
  });

  it('publishes an OUT_OF_STOCK message with the order, customer email and short items', async () => {
    const notifier = new InMemoryNotifier();
    const result = await createNotifyOutOfStockHandler(notifier)(aNotice());
    expect(result).toEqual({ messageId: notifier.published[0].messageId });
    expect(notifier.published).toHaveLength(1);
    expect(notifier.published[0].subject).toBe('Order order-0001: items out of stock');
    expect(JSON.parse(notifier.published[0].message)).toEqual({
      kind: 'OUT_OF_STOCK',
      orderId: 'order-0001',
      customerEmail: 'ada@example.com',
      customerName: 'Ada Lovelace',
      unavailableItems,
    });
  });

  it('publishes through SNS to the topic in NOTIFICATION_TOPIC_ARN by default, with one client per container', async () => {
    mockSend.mockResolvedValue({ MessageId: 'sns-message-1' });
    await expect(handler(aNotice())).resolves.toEqual({ messageId: 'sns-message-1' });
    await handler(aNotice());
    expect(mockClientConstructed).toHaveBeenCalledTimes(1);
    expect(mockSend).toHaveBeenCalledTimes(2);
    const { input } = mockSend.mock.calls[0][0] as { input: Record<string, string> };
    expect(input).toMatchObject({ TopicArn: TOPIC_ARN, Subject: 'Order order-0001: items out of stock' });
    expect(JSON.parse(input.Message)).toMatchObject({
      kind: 'OUT_OF_STOCK',
      customerEmail: 'ada@example.com',
    });
  });

  it('fails clearly when NOTIFICATION_TOPIC_ARN is not set', async () => {
    delete process.env[EnvironmentNames.NotificationTopicArn];
    await expect(handler(aNotice())).rejects.toThrow('NOTIFICATION_TOPIC_ARN is not set');
    expect(mockSend).not.toHaveBeenCalled();
  });

  it('throws ProviderUnavailable when SNS is throttling', async () => {
    mockSend.mockRejectedValue(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    await expect(handler(aNotice())).rejects.toMatchObject({ name: ErrorNames.ProviderUnavailable });
  });

  it('throws a TypeError when the notice lists no unavailable items', async () => {
    await expect(handler({ order: aValidOrder(), unavailableItems: [] })).rejects.toThrow(
      new TypeError('Malformed notify-out-of-stock event: unavailableItems: must list at least one item'),
    );
  });

  it('throws a TypeError naming the field of a malformed unavailable item', async () => {
    await expect(
      handler({ order: aValidOrder(), unavailableItems: [{ sku: 'SKU-POSTER-004', requested: 1 }] }),
    ).rejects.toThrow('Malformed notify-out-of-stock event: unavailableItems[0].available: is required');
  });

  it('logs the message id under the orderId, without the email address or token', async () => {
    await createNotifyOutOfStockHandler(new InMemoryNotifier())(aNotice());
    expect(logs.entries()).toEqual([
      expect.objectContaining({ message: 'Out-of-stock notice published', orderId: 'order-0001' }),
    ]);
    expect(logs.text()).not.toMatch(/ada@example\.com|tok_visa/);
  });
});
