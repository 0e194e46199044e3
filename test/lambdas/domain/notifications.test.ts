import { MAX_SUBJECT_LENGTH, outOfStockMessage, outOfStockSubject } from '../../../lambdas/domain';
import { parseOrder } from '../../../lambdas/domain';
import { aValidOrder } from '../fixtures';

describe('outOfStockSubject', () => {
  it('names the order', () => {
    expect(outOfStockSubject('order-0001')).toBe('Order order-0001: items out of stock');
  });

  it('fits the SNS subject limit for the longest possible order id', () => {
    expect(outOfStockSubject('a'.repeat(64)).length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });
});

describe('outOfStockMessage', () => {
  it('carries the kind, order id, customer and unavailable items, and not the card token', () => {
    const order = parseOrder(aValidOrder());
    const unavailableItems = [{ sku: 'SKU-POSTER-004', requested: 1, available: 0 }];
    const message = outOfStockMessage({ order, unavailableItems });
    expect(message).toEqual({
      kind: 'OUT_OF_STOCK',
      orderId: 'order-0001',
      customerEmail: 'ada@example.com',
      customerName: 'Ada Lovelace',
      unavailableItems,
    });
    expect(JSON.stringify(message)).not.toContain('tok_visa');
  });
});
