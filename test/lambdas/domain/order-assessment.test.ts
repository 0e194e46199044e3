import { assessOrder, checkAvailability, parseOrder, priceOrder, StockLevel } from '../../../lambdas/domain';
import { Currency, OrderValidationError } from '../../../lambdas/shared';
import { aValidOrder, anOrderWith, validated } from '../fixtures';

const usd = (available: number, unitPrice: number): StockLevel => ({ available, unitPrice, currency: 'USD' });

describe('assessOrder', () => {
  it('prices an in-stock order from the catalogue: 2 books at 1299 and a mug at 899 are 3497 cents', async () => {
    expect(await validated(aValidOrder())).toEqual({
      order: aValidOrder(),
      inventory: { inStock: true, unavailableItems: [] },
      charge: { amount: 3497, currency: 'USD' },
    });
  });

  it('marks an order with a never-stocked poster out of stock and lists it', async () => {
    const result = await validated(anOrderWith('items[1]', { sku: 'SKU-POSTER-004', quantity: 1 }));
    expect(result.inventory).toEqual({
      inStock: false,
      unavailableItems: [{ sku: 'SKU-POSTER-004', requested: 1, available: 0 }],
    });
  });

  it('treats the lamp (2 left) as in stock for 2 and out of stock for 3', async () => {
    const lamps = (quantity: number) => anOrderWith('items', [{ sku: 'SKU-LAMP-005', quantity }]);
    expect((await validated(lamps(2))).inventory.inStock).toBe(true);
    expect((await validated(lamps(3))).inventory.unavailableItems).toEqual([
      { sku: 'SKU-LAMP-005', requested: 3, available: 2 },
    ]);
  });

  it('rejects an item the catalogue does not sell before pricing', async () => {
    const order = parseOrder(anOrderWith('items[0].sku', 'SKU-NOPE'));
    expect(() => assessOrder(order, new Map([['SKU-MUG-002', usd(1, 1)]]))).toThrow(
      new OrderValidationError('items[0].sku', 'unknown item "SKU-NOPE"'),
    );
  });
});

describe('checkAvailability', () => {
  it('lists every short line, in order, not just the first', async () => {
    const order = parseOrder(aValidOrder());
    const stock = new Map([
      ['SKU-BOOK-001', usd(1, 100)],
      ['SKU-MUG-002', usd(0, 100)],
    ]);
    expect(checkAvailability(order, stock).unavailableItems.map((item) => item.sku)).toEqual([
      'SKU-BOOK-001',
      'SKU-MUG-002',
    ]);
  });

  it('refuses a negative or fractional available count from the inventory', () => {
    const order = parseOrder(aValidOrder());
    const stock = (available: number) =>
      new Map([
        ['SKU-BOOK-001', usd(available, 1)],
        ['SKU-MUG-002', usd(5, 1)],
      ]);
    expect(() => checkAvailability(order, stock(-1))).toThrow('Invalid available count of SKU-BOOK-001: -1');
    expect(() => checkAvailability(order, stock(0.5))).toThrow(
      'Invalid available count of SKU-BOOK-001: 0.5',
    );
  });
});

describe('priceOrder', () => {
  const order = parseOrder(aValidOrder());

  it('adds unit price times quantity in whole cents', () => {
    const stock = new Map([
      ['SKU-BOOK-001', usd(9, 333)],
      ['SKU-MUG-002', usd(9, 1)],
    ]);
    expect(priceOrder(order, stock)).toEqual({ amount: 667, currency: 'USD' });
  });

  it('refuses a fractional or negative unit price rather than charge a wrong amount', () => {
    expect(() =>
      priceOrder(
        order,
        new Map([
          ['SKU-BOOK-001', usd(9, 9.99)],
          ['SKU-MUG-002', usd(9, 1)],
        ]),
      ),
    ).toThrow('Invalid unit price of SKU-BOOK-001: 9.99');
    expect(() =>
      priceOrder(
        order,
        new Map([
          ['SKU-BOOK-001', usd(9, 1)],
          ['SKU-MUG-002', usd(9, -5)],
        ]),
      ),
    ).toThrow('Invalid unit price of SKU-MUG-002: -5');
  });

  it('refuses a total beyond exact integer arithmetic', () => {
    const stock = new Map([
      ['SKU-BOOK-001', usd(9, Number.MAX_SAFE_INTEGER)],
      ['SKU-MUG-002', usd(9, 1)],
    ]);
    expect(() => priceOrder(order, stock)).toThrow('Invalid order total');
  });

  it('rejects an item priced in another currency than the order', () => {
    const stock = new Map([
      ['SKU-BOOK-001', usd(9, 1)],
      ['SKU-MUG-002', { available: 9, unitPrice: 1, currency: 'EUR' as Currency }],
    ]);
    expect(() => priceOrder(order, stock)).toThrow(
      new OrderValidationError('items[1].sku', 'is priced in EUR, not USD'),
    );
  });
});
