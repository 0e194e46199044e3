import { createStockHandler, parseStockRequest } from '../../../lambdas/stock';
import { StockRequest } from '../../../lambdas/shared';

const order = {
  orderId: 'o-1',
  customer: { id: 'c', email: 'c@example.com', name: 'C' },
  items: [{ sku: 'SKU-BOOK-001', quantity: 1 }],
  currency: 'USD',
  payment: { token: 'tok_visa' },
  shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
};

describe('stock handler', () => {
  it('passes the parsed request to the store and returns its result', async () => {
    const seen: StockRequest[] = [];
    const handler = createStockHandler({
      handle: async (request) => (
        seen.push(request),
        { reserved: true, unavailableItems: [], status: 'STOCK_RESERVED' }
      ),
    });
    const result = await handler({ action: 'reserve', order, executionArn: 'arn:exec' });
    expect(result.status).toBe('STOCK_RESERVED');
    expect(seen[0]).toMatchObject({ action: 'reserve', executionArn: 'arn:exec', order: { orderId: 'o-1' } });
  });

  it('takes the error and refund of a release from the whole state it is given', () => {
    const request = parseStockRequest({
      action: 'release',
      order,
      executionArn: 'arn:exec',
      outcome: { error: { Error: 'ShippingFailed', Cause: 'x' }, refund: { status: 'REFUNDED', amount: 5 } },
    });
    expect(request).toMatchObject({ error: { Error: 'ShippingFailed' }, refund: { status: 'REFUNDED' } });
  });

  it('refuses an unknown action by name', () => {
    expect(() => parseStockRequest({ action: 'steal', order, executionArn: 'a' })).toThrow(
      'Malformed stock event: action must be one of reserve, commit, release, got "steal"',
    );
  });
});
