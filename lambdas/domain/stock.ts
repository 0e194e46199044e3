import type { TransactWriteItemsInput } from '@aws-sdk/client-dynamodb';
import { ErrorNames, Order, OrderStatus, RefundResult, UnavailableItem } from '../shared';

/**
 * Stock that cannot be oversold, as DynamoDB transactions: reserving an order's items is
 * all-or-nothing (each line conditioned on `available >= quantity`), and the order item's
 * `stockState` makes every action happen once however often it is retried or duplicated
 * (RESERVED once, then COMMITTED on shipping or RELEASED on failure). The status change is
 * written in the same transaction, so the timeline never disagrees with the stock.
 * Pure: builds requests and reads answers; the provider sends them.
 */
export type StockState = 'RESERVED' | 'COMMITTED' | 'RELEASED';

export interface StockTables {
  readonly orders: string;
  readonly inventory: string;
}

export interface TimelineContext {
  readonly executionArn: string;
  /** ISO 8601. */
  readonly now: string;
}

const n = (value: number) => ({ N: String(value) });
const s = (value: string) => ({ S: value });

/** The order item update: new status, a timeline entry, the stock state move and its guard. */
function orderUpdate(
  tables: StockTables,
  order: Order,
  status: OrderStatus,
  context: TimelineContext,
  move: { to: StockState; from?: StockState },
) {
  return {
    Update: {
      TableName: tables.orders,
      Key: { orderId: s(order.orderId) },
      UpdateExpression:
        'SET #status = :status, stockState = :to, updatedAt = :now, ' +
        'timeline = list_append(if_not_exists(timeline, :empty), :entry)',
      ConditionExpression: move.from ? 'stockState = :from' : 'attribute_not_exists(stockState)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': s(status),
        ':to': s(move.to),
        ':now': s(context.now),
        ':empty': { L: [] },
        ':entry': { L: [timelineEntry(status, context)] },
        ...(move.from ? { ':from': s(move.from) } : {}),
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}

export function timelineEntry(status: OrderStatus, context: TimelineContext) {
  return { M: { status: s(status), at: s(context.now), executionArn: s(context.executionArn) } };
}

/** Reserve: order RESERVED (once) and, per line, `available -= q, reserved += q` if `available >= q`. */
export function reserveTransaction(
  tables: StockTables,
  order: Order,
  context: TimelineContext,
): TransactWriteItemsInput {
  return {
    TransactItems: [
      orderUpdate(tables, order, 'STOCK_RESERVED', context, { to: 'RESERVED' }),
      ...order.items.map((item) => ({
        Update: {
          TableName: tables.inventory,
          Key: { sku: s(item.sku) },
          UpdateExpression: 'SET available = available - :q, reserved = if_not_exists(reserved, :zero) + :q',
          ConditionExpression: 'attribute_exists(sku) AND available >= :q',
          ExpressionAttributeValues: { ':q': n(item.quantity), ':zero': n(0) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      })),
    ],
  };
}

/** Commit (shipped): order RESERVED → COMMITTED, SHIPPED; per line `reserved -= q`. */
export function commitTransaction(
  tables: StockTables,
  order: Order,
  context: TimelineContext,
): TransactWriteItemsInput {
  return {
    TransactItems: [
      orderUpdate(tables, order, 'SHIPPED', context, { to: 'COMMITTED', from: 'RESERVED' }),
      ...lineUpdates(tables, order, 'SET reserved = reserved - :q'),
    ],
  };
}

/** Release (a failure after reserving): order RESERVED → RELEASED with `status`; units back to available. */
export function releaseTransaction(
  tables: StockTables,
  order: Order,
  status: OrderStatus,
  context: TimelineContext,
): TransactWriteItemsInput {
  return {
    TransactItems: [
      orderUpdate(tables, order, status, context, { to: 'RELEASED', from: 'RESERVED' }),
      ...lineUpdates(tables, order, 'SET available = available + :q, reserved = reserved - :q'),
    ],
  };
}

/** One unconditional inventory update per order line, `:q` being the line's quantity (guarded by the order's state). */
function lineUpdates(tables: StockTables, order: Order, updateExpression: string) {
  return order.items.map((item) => ({
    Update: {
      TableName: tables.inventory,
      Key: { sku: s(item.sku) },
      UpdateExpression: updateExpression,
      ExpressionAttributeValues: { ':q': n(item.quantity) },
    },
  }));
}

/** The status a release records: why the order failed after its stock was reserved. */
export function failureStatus(
  error: { Error?: string } | undefined,
  refund: Pick<RefundResult, 'status'> | undefined,
): OrderStatus {
  if (error?.Error === ErrorNames.PaymentDeclined) return 'PAYMENT_DECLINED';
  if (refund?.status === 'REFUNDED') return 'REFUNDED';
  return 'FAILED';
}

/** One entry per TransactItem, as TransactionCanceledException reports them. */
export interface CancellationReason {
  readonly Code?: string;
  readonly Item?: Record<string, { N?: string; S?: string }>;
}

/**
 * What a cancelled reservation means: the order was already reserved (a retry or a duplicate
 * execution: not an error), or these lines are short.
 */
export function readReservationCancel(
  order: Order,
  reasons: readonly CancellationReason[],
): { alreadyReserved: boolean; unavailableItems: UnavailableItem[] } {
  const [orderReason, ...lineReasons] = reasons;
  if (orderReason?.Code === 'ConditionalCheckFailed') {
    // Reserved (or shipped) by an earlier attempt; a released order's stock is not taken again.
    const state = orderReason.Item?.stockState?.S;
    return { alreadyReserved: state === 'RESERVED' || state === 'COMMITTED', unavailableItems: [] };
  }
  const unavailableItems: UnavailableItem[] = [];
  lineReasons.forEach((reason, index) => {
    if (reason?.Code !== 'ConditionalCheckFailed') return;
    const item = order.items[index];
    unavailableItems.push({
      sku: item.sku,
      requested: item.quantity,
      available: Number(reason.Item?.available?.N ?? 0),
    });
  });
  return { alreadyReserved: false, unavailableItems };
}
