import { Order, OrderValidationError, UnavailableItem, ValidatedOrder } from '../shared';
import { StockLevel, StockLookup } from './catalogue';
import { assertItemsInCatalogue } from './order-validation';

/**
 * Everything "Validate Order" decides once the order is well formed: whether the catalogue
 * sells every item, whether there is enough of each, and what to charge.
 *
 * @throws OrderValidationError for an item the catalogue does not sell or does not price in
 *   the order's currency.
 */
export function assessOrder(order: Order, stock: StockLookup): ValidatedOrder {
  assertItemsInCatalogue(order, stock);
  return { order, inventory: checkAvailability(order, stock), charge: priceOrder(order, stock) };
}

/** Lists every line asking for more than is available; the order is in stock when none does. */
export function checkAvailability(order: Order, stock: StockLookup): ValidatedOrder['inventory'] {
  const unavailableItems: UnavailableItem[] = [];
  for (const item of order.items) {
    const { available } = levelOf(stock, item.sku);
    assertCount(available, `available count of ${item.sku}`);
    if (item.quantity > available)
      unavailableItems.push({ sku: item.sku, requested: item.quantity, available });
  }
  return { inStock: unavailableItems.length === 0, unavailableItems };
}

/** The order total in minor units: integer arithmetic only, so no cent is lost to rounding. */
export function priceOrder(order: Order, stock: StockLookup): ValidatedOrder['charge'] {
  let amount = 0;
  order.items.forEach((item, index) => {
    const level = levelOf(stock, item.sku);
    if (level.currency !== order.currency) {
      throw new OrderValidationError(
        `items[${index}].sku`,
        `is priced in ${level.currency}, not ${order.currency}`,
      );
    }
    assertCount(level.unitPrice, `unit price of ${item.sku}`);
    amount += level.unitPrice * item.quantity;
  });
  assertCount(amount, 'order total');
  return { amount, currency: order.currency };
}

function levelOf(stock: StockLookup, sku: string): StockLevel {
  const level = stock.get(sku);
  if (!level) throw new Error(`No stock level for ${sku}: check the catalogue before pricing`);
  return level;
}

/**
 * Inventory answers come from another system; a negative, fractional or overflowing figure is
 * a fault there, and must not turn into a wrong charge.
 */
function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Invalid ${what}: ${value}`);
}
