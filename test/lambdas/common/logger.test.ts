import { createLogger, orderIdOf, startInvocation } from '../../../lambdas/common/logger';
import { captureLogs, CapturedLogs } from '../log-capture';

describe('orderIdOf', () => {
  it.each([
    ['the execution input', { orderId: 'order-1' }, 'order-1'],
    ['a later step event', { order: { orderId: 'order-2' }, attempt: 0 }, 'order-2'],
    ['an id that is not an order id', { orderId: 'has spaces; DROP' }, undefined],
    ['a numeric id', { orderId: 7 }, undefined],
    ['no object at all', 'order-1', undefined],
    ['null', null, undefined],
  ])('reads %s', (_, event, expected) => {
    expect(orderIdOf(event)).toBe(expected);
  });
});

describe('startInvocation', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  it('puts the orderId on every log line of the invocation, with the service name of the step', () => {
    const logger = createLogger('ship-order');
    startInvocation(logger, { order: { orderId: 'order-1' } }, undefined);
    logger.info('one');
    logger.warn('two');
    expect(logs.entries()).toEqual([
      expect.objectContaining({ message: 'one', orderId: 'order-1', service: 'order-workflow-ship-order' }),
      expect.objectContaining({ message: 'two', orderId: 'order-1' }),
    ]);
  });

  it("does not carry one invocation's orderId into the next when that event has none", () => {
    const logger = createLogger('ship-order');
    startInvocation(logger, { orderId: 'order-1' }, undefined);
    startInvocation(logger, { malformed: true }, undefined);
    logger.info('second invocation');
    expect(logs.entries()[0]).not.toHaveProperty('orderId');
  });
});
