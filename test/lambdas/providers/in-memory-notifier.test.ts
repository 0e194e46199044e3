import { InMemoryNotifier } from '../../../lambdas/providers/in-memory-notifier';

describe('InMemoryNotifier', () => {
  it('keeps each publication in order, with distinct message ids', async () => {
    const notifier = new InMemoryNotifier();
    const first = await notifier.publish('one', 'm1');
    const second = await notifier.publish('two', 'm2');
    expect(first.messageId).not.toBe(second.messageId);
    expect(notifier.published).toEqual([
      { subject: 'one', message: 'm1', messageId: first.messageId },
      { subject: 'two', message: 'm2', messageId: second.messageId },
    ]);
  });
});
