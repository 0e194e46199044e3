import { assessOrder, parseOrder, skusOf } from '../domain';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import { InventoryProvider, inventoryProvider } from '../providers';
import { ValidatedOrder } from '../shared';

const logger = createLogger('validate-order');

/**
 * "Validate Order": the event is the raw execution input.
 * @throws OrderValidationError for a malformed order or an item the catalogue does not sell.
 */
export function createValidateOrderHandler(inventory: InventoryProvider) {
  return stepHandler(logger, async (event): Promise<ValidatedOrder> => {
    const order = parseOrder(event);
    const stock = await inventory.lookup(skusOf(order));
    const validated = assessOrder(order, stock);
    logger.info('Order validated', {
      itemCount: order.items.length,
      inStock: validated.inventory.inStock,
      unavailableSkus: validated.inventory.unavailableItems.map((item) => item.sku),
      amount: validated.charge.amount,
      currency: validated.charge.currency,
    });
    return validated;
  });
}

export const handler = createValidateOrderHandler(inventoryProvider());
