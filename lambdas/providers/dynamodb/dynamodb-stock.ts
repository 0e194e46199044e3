import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  TransactWriteItemsInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  commitTransaction,
  failureStatus,
  readReservationCancel,
  releaseTransaction,
  reserveTransaction,
  StockTables,
  timelineEntry,
  TimelineContext,
} from '../../domain/stock';
import { ProviderUnavailableError, StockRequest, StockResult } from '../../shared';
import { asProviderError } from '../transient-aws-errors';

/** Reasons for which a cancelled transaction may succeed if sent again (another one held the item). */
const TRANSIENT_CANCEL_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

function cancelledTransiently(error: TransactionCanceledException): boolean {
  return (error.CancellationReasons ?? []).some((reason) => TRANSIENT_CANCEL_CODES.has(reason.Code ?? ''));
}

/** Retried by the state machine: DynamoDB Local serialises transactions, DynamoDB does not. */
function transientCancel(error: TransactionCanceledException): ProviderUnavailableError {
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None').join(', ');
  return new ProviderUnavailableError(`inventory transaction conflicted, try again (${codes})`);
}

/** Runs the stock transactions of lambdas/domain/stock.ts against the Orders and Inventory tables. */
export class DynamoDbStock {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: StockTables,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async handle(request: StockRequest): Promise<StockResult> {
    const context: TimelineContext = { executionArn: request.executionArn, now: this.clock().toISOString() };
    switch (request.action) {
      case 'reserve':
        return this.reserve(request, context);
      case 'commit':
        await this.idempotent(commitTransaction(this.tables, request.order, context));
        return { reserved: true, unavailableItems: [], status: 'SHIPPED' };
      case 'release': {
        const status = failureStatus(request.error, request.refund);
        await this.idempotent(releaseTransaction(this.tables, request.order, status, context));
        return { reserved: false, unavailableItems: [], status };
      }
    }
  }

  private async reserve(request: StockRequest, context: TimelineContext): Promise<StockResult> {
    try {
      await this.send(reserveTransaction(this.tables, request.order, context));
      return { reserved: true, unavailableItems: [], status: 'STOCK_RESERVED' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw asProviderError(error, 'inventory');
      if (cancelledTransiently(error)) throw transientCancel(error);
      const cancel = readReservationCancel(request.order, error.CancellationReasons ?? []);
      if (cancel.alreadyReserved) return { reserved: true, unavailableItems: [], status: 'STOCK_RESERVED' };
      if (cancel.unavailableItems.length === 0) throw asProviderError(error, 'inventory');
      await this.recordOutOfStock(request, context);
      return { reserved: false, unavailableItems: cancel.unavailableItems, status: 'OUT_OF_STOCK' };
    }
  }

  private async recordOutOfStock(request: StockRequest, context: TimelineContext): Promise<void> {
    await this.client
      .send(
        new UpdateItemCommand({
          TableName: this.tables.orders,
          Key: { orderId: { S: request.order.orderId } },
          UpdateExpression:
            'SET #status = :status, updatedAt = :now, timeline = list_append(if_not_exists(timeline, :empty), :entry)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': { S: 'OUT_OF_STOCK' },
            ':now': { S: context.now },
            ':empty': { L: [] },
            ':entry': { L: [timelineEntry('OUT_OF_STOCK', context)] },
          },
        }),
      )
      .catch((error: unknown) => {
        throw asProviderError(error, 'orders');
      });
  }

  /** A commit or release whose guard fails has already happened (a retry after a lost response). */
  private async idempotent(transaction: TransactWriteItemsInput): Promise<void> {
    try {
      await this.send(transaction);
    } catch (error) {
      if (error instanceof TransactionCanceledException && cancelledTransiently(error))
        throw transientCancel(error);
      const alreadyDone =
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!alreadyDone) throw asProviderError(error, 'inventory');
    }
  }

  private send(transaction: TransactWriteItemsInput) {
    return this.client.send(new TransactWriteItemsCommand(transaction));
  }
}
