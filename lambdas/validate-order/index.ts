import { assessOrder, parseOrder, skusOf } from '../domain';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import { InventoryProvider, inventoryProvider } from '../providers';
import { dynamoDbClient } from '../providers/dynamodb/dynamodb-client';
import { DynamoDbInventory } from '../providers/dynamodb/dynamodb-inventory';
import { EnvironmentNames, ValidatedOrder } from '../shared';

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

/** The Inventory table when the function has one (deployed, or DynamoDB Local); else the sandbox catalogue. */
function defaultInventory(): InventoryProvider {
  const table = process.env[EnvironmentNames.InventoryTableName];
  return table ? new DynamoDbInventory(dynamoDbClient(), table) : inventoryProvider();
}

export const handler = createValidateOrderHandler(defaultInventory());
