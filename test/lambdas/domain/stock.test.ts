import { failureStatus, readReservationCancel, reserveTransaction } from '../../../lambdas/domain/stock';
import { Order } from '../../../lambdas/shared';

const order = {
  orderId: 'o-1',
  items: [
    { sku: 'A', quantity: 2 },
    { sku: 'B', quantity: 1 },
  ],
} as unknown as Order;
const context = { executionArn: 'arn:exec', now: '2026-01-01T00:00:00.000Z' };

describe('stock transactions', () => {
  it('reserves every line or none, guarded by available stock, with the status in the same transaction', () => {
    const { TransactItems } = reserveTransaction({ orders: 'O', inventory: 'I' }, order, context);
    expect(TransactItems).toHaveLength(3);
    expect(TransactItems![0].Update).toMatchObject({
      TableName: 'O',
      ConditionExpression: 'attribute_not_exists(stockState)',
      ExpressionAttributeValues: { ':status': { S: 'STOCK_RESERVED' }, ':to': { S: 'RESERVED' } },
    });
    expect(TransactItems![1].Update).toMatchObject({
      TableName: 'I',
      Key: { sku: { S: 'A' } },
      ConditionExpression: 'attribute_exists(sku) AND available >= :q',
      ExpressionAttributeValues: { ':q': { N: '2' } },
    });
  });

  it.each([
    [{ Error: 'PaymentDeclined' }, undefined, 'PAYMENT_DECLINED'],
    [{ Error: 'ShippingFailed' }, { status: 'REFUNDED' as const }, 'REFUNDED'],
    [{ Error: 'ProviderUnavailable' }, { status: 'NO_CHARGE' as const }, 'FAILED'],
    [undefined, undefined, 'FAILED'],
  ])('records %j with refund %j as %s', (error, refund, status) => {
    expect(failureStatus(error, refund)).toBe(status);
  });

  it('reads a cancelled reservation: the short lines with what is left', () => {
    const reasons = [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Item: { available: { N: '1' } } },
      { Code: 'None' },
    ];
    expect(readReservationCancel(order, reasons)).toEqual({
      alreadyReserved: false,
      unavailableItems: [{ sku: 'A', requested: 2, available: 1 }],
    });
  });

  it('treats an order already reserved (a retry, a duplicate execution) as reserved, a released one as not', () => {
    const reserved = [{ Code: 'ConditionalCheckFailed', Item: { stockState: { S: 'RESERVED' } } }];
    const released = [{ Code: 'ConditionalCheckFailed', Item: { stockState: { S: 'RELEASED' } } }];
    expect(readReservationCancel(order, reserved).alreadyReserved).toBe(true);
    expect(readReservationCancel(order, released).alreadyReserved).toBe(false);
  });
});
