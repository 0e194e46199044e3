import { createValidateOrderHandler, handler } from '../../../lambdas/validate-order';
import { InventoryProvider } from '../../../lambdas/providers';
import { ErrorNames, OrderValidationError, ProviderUnavailableError } from '../../../lambdas/shared';
import { aValidOrder, anOrderWith } from '../fixtures';
import { captureLogs, CapturedLogs } from '../log-capture';

describe('validate-order handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  it('returns the validated order, its availability and its price from the sandbox catalogue', async () => {
    await expect(handler(aValidOrder())).resolves.toEqual({
      order: aValidOrder(),
      inventory: { inStock: true, unavailableItems: [] },
      charge: { amount: 3497, currency: 'USD' },
    });
  });

  it('returns inStock false with the short items for an order of the never-stocked poster', async () => {
    const result = await handler(anOrderWith('items', [{ sku: 'SKU-POSTER-004', quantity: 2 }]));
    expect(result.inventory).toEqual({
      inStock: false,
      unavailableItems: [{ sku: 'SKU-POSTER-004', requested: 2, available: 0 }],
    });
  });

  it('throws OrderValidationFailed naming items[0].quantity for a zero quantity', async () => {
    const result = handler(anOrderWith('items[0].quantity', 0));
    await expect(result).rejects.toThrow(OrderValidationError);
    await expect(result).rejects.toMatchObject({
      name: ErrorNames.OrderValidationFailed,
      field: 'items[0].quantity',
    });
  });

  it('throws OrderValidationFailed for an item the catalogue does not sell', async () => {
    await expect(handler(anOrderWith('items[1].sku', 'SKU-GHOST-000'))).rejects.toMatchObject({
      name: ErrorNames.OrderValidationFailed,
      message: 'items[1].sku: unknown item "SKU-GHOST-000"',
    });
  });

  it('asks the inventory once, for the distinct SKUs of the order', async () => {
    const asked: (readonly string[])[] = [];
    const inventory: InventoryProvider = {
      lookup: async (skus) => {
        asked.push(skus);
        return new Map(skus.map((sku) => [sku, { available: 5, unitPrice: 100, currency: 'USD' as const }]));
      },
    };
    await createValidateOrderHandler(inventory)(aValidOrder());
    expect(asked).toEqual([['SKU-BOOK-001', 'SKU-MUG-002']]);
  });

  it('lets an inventory outage through as ProviderUnavailable, for the state machine to retry', async () => {
    const inventory: InventoryProvider = {
      lookup: () => Promise.reject(new ProviderUnavailableError('down')),
    };
    await expect(createValidateOrderHandler(inventory)(aValidOrder())).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
  });

  it('logs the outcome under the orderId and never logs the card token', async () => {
    await handler(aValidOrder());
    await handler(anOrderWith('currency', 'usd')).catch(() => undefined);
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Order validated',
        orderId: 'order-0001',
        amount: 3497,
      }),
      expect.objectContaining({ level: 'WARN', orderId: 'order-0001', errorName: 'OrderValidationFailed' }),
    ]);
    expect(logs.text()).not.toContain('tok_visa');
  });
});
