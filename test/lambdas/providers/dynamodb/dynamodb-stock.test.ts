import { DynamoDBClient, GetItemCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDbStock } from '../../../../lambdas/providers/dynamodb/dynamodb-stock';
import { DynamoDbInventory } from '../../../../lambdas/providers/dynamodb/dynamodb-inventory';
import { Order, StockRequest } from '../../../../lambdas/shared';
import { testNamespace } from '../../../support/dynamodb-test-local';
import { createTable, putStock } from './tables';

const tables = { orders: 'Orders', inventory: 'Inventory' };

function order(orderId: string, items: Array<[string, number]>): Order {
  return {
    orderId,
    customer: { id: 'c', email: 'c@example.com', name: 'C' },
    items: items.map(([sku, quantity]) => ({ sku, quantity })),
    currency: 'USD',
    payment: { token: 'tok_visa' },
    shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
  };
}

const request = (
  action: StockRequest['action'],
  o: Order,
  extra: Partial<StockRequest> = {},
): StockRequest => ({
  action,
  order: o,
  executionArn: `arn:aws:states:us-east-1:123456789012:execution:M:${o.orderId}`,
  ...extra,
});

describe('stock in DynamoDB (DynamoDB Local)', () => {
  const ns = testNamespace();
  const stock = new DynamoDbStock(ns.client, tables);

  const level = async (sku: string) => {
    const { Item } = await ns.client.send(
      new GetItemCommand({ TableName: tables.inventory, Key: { sku: { S: sku } } }),
    );
    return { available: Number(Item!.available.N), reserved: Number(Item!.reserved.N) };
  };
  const orderItem = async (orderId: string) => {
    const { Item } = await ns.client.send(
      new GetItemCommand({ TableName: tables.orders, Key: { orderId: { S: orderId } } }),
    );
    return {
      status: Item?.status?.S,
      stockState: Item?.stockState?.S,
      timeline: Item?.timeline?.L?.map((e) => e.M!.status.S),
    };
  };

  beforeAll(async () => {
    await createTable(ns.client, tables.orders, 'orderId');
    await createTable(ns.client, tables.inventory, 'sku');
    await putStock(ns.client, tables.inventory, 'LAMP', 3);
    await putStock(ns.client, tables.inventory, 'BOOK', 100);
    await putStock(ns.client, tables.inventory, 'MUG', 10);
  });

  it('never oversells: of 20 orders racing for the last 3 lamps, exactly 3 are reserved', async () => {
    const racers = Array.from({ length: 20 }, (_, i) =>
      order(`race-${i}`, [
        ['LAMP', 1],
        ['BOOK', 1],
      ]),
    );
    const results = await Promise.all(racers.map((o) => stock.handle(request('reserve', o))));
    const winners = racers.filter((_, i) => results[i].reserved);
    expect(winners).toHaveLength(3);
    expect(results.filter((r) => !r.reserved).every((r) => r.status === 'OUT_OF_STOCK')).toBe(true);
    expect(await level('LAMP')).toEqual({ available: 0, reserved: 3 });
    // All-or-nothing: the losers took no book either.
    expect(await level('BOOK')).toEqual({ available: 97, reserved: 3 });

    // The failures after reserving give every unit back: stock is whole again.
    await Promise.all(
      winners.map((o) => stock.handle(request('release', o, { error: { Error: 'PaymentDeclined' } }))),
    );
    expect(await level('LAMP')).toEqual({ available: 3, reserved: 0 });
    expect(await level('BOOK')).toEqual({ available: 100, reserved: 0 });
    expect(await orderItem(winners[0].orderId)).toEqual({
      status: 'PAYMENT_DECLINED',
      stockState: 'RELEASED',
      timeline: ['STOCK_RESERVED', 'PAYMENT_DECLINED'],
    });
  });

  it('reports the short lines and records OUT_OF_STOCK', async () => {
    const result = await stock.handle(
      request(
        'reserve',
        order('short-1', [
          ['MUG', 11],
          ['BOOK', 1],
        ]),
      ),
    );
    expect(result).toEqual({
      reserved: false,
      status: 'OUT_OF_STOCK',
      unavailableItems: [{ sku: 'MUG', requested: 11, available: 10 }],
    });
    expect(await orderItem('short-1')).toMatchObject({ status: 'OUT_OF_STOCK', timeline: ['OUT_OF_STOCK'] });
  });

  it('reserves, commits and releases once however often each is retried', async () => {
    const o = order('retried-1', [['MUG', 2]]);
    expect((await stock.handle(request('reserve', o))).reserved).toBe(true);
    expect((await stock.handle(request('reserve', o))).reserved).toBe(true); // a retry after a lost response
    expect(await level('MUG')).toEqual({ available: 8, reserved: 2 });
    await stock.handle(request('commit', o));
    await stock.handle(request('commit', o));
    expect(await level('MUG')).toEqual({ available: 8, reserved: 0 });
    // A release after shipping does nothing: the units have left.
    await stock.handle(
      request('release', o, {
        error: { Error: 'ShippingFailed' },
        refund: { status: 'REFUNDED', amount: 1 },
      }),
    );
    expect(await level('MUG')).toEqual({ available: 8, reserved: 0 });
    expect(await orderItem('retried-1')).toEqual({
      status: 'SHIPPED',
      stockState: 'COMMITTED',
      timeline: ['STOCK_RESERVED', 'SHIPPED'],
    });
  });

  it('records REFUNDED when a refund compensated the failure, FAILED otherwise', async () => {
    const refunded = order('refunded-1', [['BOOK', 1]]);
    const failed = order('failed-1', [['BOOK', 1]]);
    await stock.handle(request('reserve', refunded));
    await stock.handle(request('reserve', failed));
    await stock.handle(
      request('release', refunded, {
        error: { Error: 'ShippingFailed' },
        refund: { status: 'REFUNDED', amount: 1 },
      }),
    );
    await stock.handle(
      request('release', failed, {
        error: { Error: 'ProviderUnavailable' },
        refund: { status: 'NO_CHARGE', amount: 0 },
      }),
    );
    expect((await orderItem('refunded-1')).status).toBe('REFUNDED');
    expect((await orderItem('failed-1')).status).toBe('FAILED');
  });

  it('reads stock and prices for Validate Order', async () => {
    const lookup = await new DynamoDbInventory(ns.client, tables.inventory).lookup(['BOOK', 'NOPE']);
    expect([...lookup.keys()]).toEqual(['BOOK']);
    expect(lookup.get('BOOK')).toEqual({ available: expect.any(Number), unitPrice: 1000, currency: 'USD' });
  });
});

describe('stock transactions that DynamoDB cancels for contention', () => {
  it.each(['TransactionConflict', 'ThrottlingError'])(
    'reports %s as ProviderUnavailable, so the state machine retries instead of failing the order',
    async (code) => {
      const conflict = new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: code }],
      });
      const client = { send: async () => Promise.reject(conflict) } as unknown as DynamoDBClient;
      const stock = new DynamoDbStock(client, tables);
      for (const action of ['reserve', 'commit', 'release'] as const) {
        await expect(stock.handle(request(action, order('busy-1', [['LAMP', 1]])))).rejects.toMatchObject({
          name: 'ProviderUnavailable',
          message: expect.stringContaining(code),
        });
      }
    },
  );
});
