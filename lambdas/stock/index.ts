import { createLogger } from '../common/logger';
import { countMetric } from '../common/metrics';
import { EventParser } from '../common/event-parser';
import { stepHandler } from '../common/step-handler';
import { dynamoDbClient, tableFromEnvironment } from '../providers/dynamodb/dynamodb-client';
import { DynamoDbStock } from '../providers/dynamodb/dynamodb-stock';
import { EnvironmentNames, StockRequest, StockResult } from '../shared';

const logger = createLogger('stock');
const parse = new EventParser('stock');
const ACTIONS = ['reserve', 'commit', 'release'] as const;

export function parseStockRequest(event: unknown): StockRequest {
  const request = parse.root(event);
  const action = request.action;
  if (!ACTIONS.includes(action as StockRequest['action'])) {
    throw new TypeError(
      `Malformed stock event: action must be one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action)}`,
    );
  }
  return {
    action: action as StockRequest['action'],
    order: parse.order(request.order),
    executionArn: parse.text(request.executionArn, 'executionArn', 2048),
    // Release gets the whole state ("outcome"): the error that is compensated, and the refund if any.
    error: (request.error ?? outcomeOf(request).error) as StockRequest['error'],
    refund: (request.refund ?? outcomeOf(request).refund) as StockRequest['refund'],
  };
}

function outcomeOf(request: Record<string, unknown>): Record<string, unknown> {
  const outcome = request.outcome;
  return outcome && typeof outcome === 'object' && !Array.isArray(outcome)
    ? (outcome as Record<string, unknown>)
    : {};
}

/**
 * "Reserve Stock", "Commit Stock" and "Release Stock": all-or-nothing stock changes in one DynamoDB
 * transaction with the order's status, each happening once per order however often it is retried.
 */
export function createStockHandler(stock: Pick<DynamoDbStock, 'handle'>) {
  return stepHandler(logger, async (event): Promise<StockResult> => {
    const request = parseStockRequest(event);
    const result = await stock.handle(request);
    if (result.status === 'OUT_OF_STOCK') countMetric('OrdersOutOfStock');
    if (result.status === 'SHIPPED') countMetric('OrdersShipped');
    logger.info('Stock updated', {
      action: request.action,
      status: result.status,
      reserved: result.reserved,
    });
    return result;
  });
}

let stock: DynamoDbStock | undefined;
export const handler = createStockHandler({
  handle: (request) =>
    (stock ??= new DynamoDbStock(dynamoDbClient(), {
      orders: tableFromEnvironment(EnvironmentNames.OrdersTableName),
      inventory: tableFromEnvironment(EnvironmentNames.InventoryTableName),
    })).handle(request),
});
