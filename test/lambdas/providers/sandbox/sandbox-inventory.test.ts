import { SANDBOX_CATALOGUE, SandboxInventory } from '../../../../lambdas/providers/sandbox';
import { ORDER_LIMITS, SUPPORTED_CURRENCIES } from '../../../../lambdas/shared';

describe('SANDBOX_CATALOGUE', () => {
  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(SANDBOX_CATALOGUE))).toEqual(SANDBOX_CATALOGUE);
  });

  it('lists each SKU once, with whole-cent prices in a supported currency', () => {
    expect(new Set(SANDBOX_CATALOGUE.map((item) => item.sku)).size).toBe(SANDBOX_CATALOGUE.length);
    for (const item of SANDBOX_CATALOGUE) {
      expect(Number.isSafeInteger(item.unitPrice) && item.unitPrice > 0).toBe(true);
      expect(SUPPORTED_CURRENCIES).toContain(item.currency);
    }
  });

  it('has the documented stock: the book never runs out, the poster is never in, two lamps', () => {
    const available = Object.fromEntries(SANDBOX_CATALOGUE.map((item) => [item.sku, item.available]));
    expect(available['SKU-BOOK-001']).toBeGreaterThanOrEqual(ORDER_LIMITS.maxQuantityPerItem);
    expect(available['SKU-POSTER-004']).toBe(0);
    expect(available['SKU-LAMP-005']).toBe(2);
  });
});

describe('SandboxInventory', () => {
  it('answers for the SKUs it sells and leaves the others out', async () => {
    const stock = await new SandboxInventory().lookup(['SKU-MUG-002', 'SKU-NOPE']);
    expect([...stock.keys()]).toEqual(['SKU-MUG-002']);
    expect(stock.get('SKU-MUG-002')).toEqual({ available: 500, unitPrice: 899, currency: 'USD' });
  });

  it('does not find Object.prototype names as SKUs', async () => {
    expect((await new SandboxInventory().lookup(['constructor', '__proto__'])).size).toBe(0);
  });

  it('serves a catalogue it is given', async () => {
    const inventory = new SandboxInventory([
      { sku: 'X', name: 'x', available: 1, unitPrice: 5, currency: 'USD' },
    ]);
    expect((await inventory.lookup(['X', 'SKU-BOOK-001'])).size).toBe(1);
  });
});
