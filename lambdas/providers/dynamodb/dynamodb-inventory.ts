import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StockLevel, StockLookup } from '../../domain';
import { Currency } from '../../shared';
import { InventoryProvider } from '../provider-types';
import { asProviderError } from '../transient-aws-errors';

/** The Inventory table as the catalogue: stock and price per SKU; unknown SKUs are left out. */
export class DynamoDbInventory implements InventoryProvider {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async lookup(skus: readonly string[]): Promise<StockLookup> {
    const found = new Map<string, StockLevel>();
    let keys = [...new Set(skus)].map((sku) => ({ sku: { S: sku } }));
    // BatchGetItem takes 100 keys and may leave some unprocessed: ask again for those.
    while (keys.length > 0) {
      const batch = keys.slice(0, 100);
      keys = keys.slice(100);
      const response = await this.client
        .send(
          new BatchGetItemCommand({
            RequestItems: { [this.tableName]: { Keys: batch, ConsistentRead: true } },
          }),
        )
        .catch((error: unknown) => {
          throw asProviderError(error, 'inventory');
        });
      for (const item of response.Responses?.[this.tableName] ?? []) {
        found.set(item.sku.S!, {
          available: Number(item.available?.N ?? 0),
          unitPrice: Number(item.unitPrice?.N ?? NaN),
          currency: (item.currency?.S ?? 'USD') as Currency,
        });
      }
      keys.push(...((response.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof keys));
    }
    return found;
  }
}
