import {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  HistoryEvent,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { StateNames } from '../../lib/construct/state-names';
import { exampleOrder } from './orders';
import { openTarget, Target } from './target';

/**
 * The order paths, end to end through the Step Functions API: the synthesized definition with the
 * bundled handlers, locally (the default) or against a deployed stack (see target.ts).
 */

async function runStandard(target: Target, file: string) {
  const { orderId, input } = exampleOrder(file);
  const { executionArn } = await target.sfn.send(
    new StartExecutionCommand({ stateMachineArn: target.stateMachineArn, name: orderId, input }),
  );
  let execution: DescribeExecutionCommandOutput;
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    execution = await target.sfn.send(new DescribeExecutionCommand({ executionArn }));
  } while (execution.status === 'RUNNING');
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await target.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return { orderId, execution, events, path: enteredStates(events) };
}

function enteredStates(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails!.name!);
}

function exitedOutput(events: HistoryEvent[], state: string): Record<string, unknown> {
  const exit = events.find((e) => e.stateExitedEventDetails?.name === state);
  return JSON.parse(exit!.stateExitedEventDetails!.output!);
}

/** The order's status timeline in the Orders table (empty when it has no record). */
async function timelineOf(target: Target, orderId: string): Promise<string[] | undefined> {
  if (!target.tables) return undefined;
  const { Item } = await target.tables.client.send(
    new GetItemCommand({
      TableName: target.tables.orders,
      Key: { orderId: { S: orderId } },
      ConsistentRead: true,
    }),
  );
  return (Item?.timeline?.L ?? []).map((entry) => entry.M!.status.S!);
}

/** Units reserved for orders in flight, per SKU of the order: zero once every order has ended. */
async function reservedUnits(target: Target, skus: string[]): Promise<number[] | undefined> {
  if (!target.tables) return undefined;
  return Promise.all(
    skus.map(async (sku) => {
      const { Item } = await target.tables!.client.send(
        new GetItemCommand({
          TableName: target.tables!.inventory,
          Key: { sku: { S: sku } },
          ConsistentRead: true,
        }),
      );
      return Number(Item?.reserved?.N ?? 0);
    }),
  );
}

/** Checks the timeline and that no unit stays reserved, where the tables are known. */
async function expectBooks(
  target: Target,
  run: { orderId: string; execution: { input?: string } },
  statuses: string[],
) {
  const timeline = await timelineOf(target, run.orderId);
  if (timeline === undefined) return;
  expect(timeline).toEqual(statuses);
  const skus = (JSON.parse(run.execution.input!).items as Array<{ sku: string }>).map((i) => i.sku);
  expect(await reservedUnits(target, skus)).toEqual(skus.map(() => 0));
}

function failuresOf(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails!.error!);
}

describe('Standard workflow through the Step Functions API', () => {
  let target: Target;
  beforeAll(async () => {
    target = await openTarget('STANDARD');
  });
  afterAll(() => target?.close());

  it('completes a valid order: validated, paid and shipped', async () => {
    const run = await runStandard(target, 'order.json');
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([
      StateNames.ValidateOrder,
      StateNames.RecordOrderValidated,
      StateNames.ReserveStock,
      StateNames.CheckInventory,
      StateNames.ProcessPayment,
      StateNames.RecordOrderPaid,
      StateNames.ShipOrder,
      StateNames.CommitStock,
      StateNames.OrderCompleted,
    ]);
    const output = JSON.parse(run.execution.output!);
    expect(output.payment).toMatchObject({ status: 'CAPTURED', currency: 'USD' });
    expect(output.shipment.trackingNumber).toMatch(/^SBX\d{12}$/);
    await expectBooks(target, run, ['VALIDATED', 'STOCK_RESERVED', 'PAID', 'SHIPPED']);
  });

  it('notifies the customer and ends when an item is out of stock', async () => {
    const run = await runStandard(target, 'order-out-of-stock.json');
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([
      StateNames.ValidateOrder,
      StateNames.RecordOrderValidated,
      StateNames.ReserveStock,
      StateNames.CheckInventory,
      StateNames.NotifyOutOfStock,
    ]);
    await expectBooks(target, run, ['VALIDATED', 'OUT_OF_STOCK']);
    expect(exitedOutput(run.events, StateNames.NotifyOutOfStock).notification).toEqual({
      messageId: expect.any(String),
    });
    if (target.local) {
      const [message] = target.local.sns.list({ contains: run.orderId });
      expect(JSON.parse(message.message)).toMatchObject({ kind: 'OUT_OF_STOCK', orderId: run.orderId });
    }
  });

  it('fails an invalid order with OrderValidationFailed naming the field', async () => {
    const run = await runStandard(target, 'order-invalid.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'OrderValidationFailed' });
    expect(JSON.parse(run.execution.cause!).errorMessage).toMatch(/^items\[0\]\.quantity: /);
    expect(run.path).toEqual([StateNames.ValidateOrder, StateNames.InvalidOrder]);
    expect(await timelineOf(target, run.orderId)).toEqual(target.tables ? [] : undefined);
  });

  it('notifies the customer and fails with PaymentDeclined when the card is declined', async () => {
    const run = await runStandard(target, 'order-payment-declined.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(run.path.slice(-5)).toEqual([
      StateNames.ProcessPayment,
      StateNames.NotifyPaymentDeclined,
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
      StateNames.PaymentDeclined,
    ]);
    await expectBooks(target, run, ['VALIDATED', 'STOCK_RESERVED', 'PAYMENT_DECLINED']);
    if (target.local) {
      const [message] = target.local.sns.list({ contains: run.orderId });
      expect(JSON.parse(message.message)).toMatchObject({ kind: 'PAYMENT_DECLINED', orderId: run.orderId });
    }
  });

  it('retries a transient payment failure and then completes the order', async () => {
    const run = await runStandard(target, 'order-payment-flaky.json');
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(failuresOf(run.events)).toEqual(['ProviderUnavailable', 'ProviderUnavailable']);
    expect(run.path).toContain(StateNames.OrderCompleted);
    await expectBooks(target, run, ['VALIDATED', 'STOCK_RESERVED', 'PAID', 'SHIPPED']);
  });

  it('refunds the payment and fails with ShippingFailed when the carrier refuses', async () => {
    const run = await runStandard(target, 'order-shipping-failed.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'ShippingFailed' });
    expect(run.path.slice(-5)).toEqual([
      StateNames.ShipOrder,
      StateNames.RefundPayment,
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
      StateNames.ShippingFailed,
    ]);
    expect(exitedOutput(run.events, StateNames.RefundPayment).refund).toMatchObject({ status: 'REFUNDED' });
    await expectBooks(target, run, ['VALIDATED', 'STOCK_RESERVED', 'PAID', 'REFUNDED']);
  });

  it('voids and fails with PaymentFailed when the payment provider stays unavailable', async () => {
    const run = await runStandard(target, 'order-payment-unavailable.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'PaymentFailed' });
    expect(failuresOf(run.events)).toEqual(Array(4).fill('ProviderUnavailable'));
    expect(run.path.slice(-4)).toEqual([
      StateNames.VoidPayment,
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
      StateNames.PaymentFailed,
    ]);
    await expectBooks(target, run, ['VALIDATED', 'STOCK_RESERVED', 'FAILED']);
  });

  it('refuses a second start of the same order: the execution is named after the order id', async () => {
    const run = await runStandard(target, 'order.json');
    expect(run.execution.status).toBe('SUCCEEDED');
    // A closed execution's name is refused whatever the input: the order cannot be charged again.
    await expect(
      target.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: target.stateMachineArn,
          name: run.orderId,
          input: run.execution.input,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });
});

describe('Express workflow through StartSyncExecution', () => {
  let target: Target;
  beforeAll(async () => {
    target = await openTarget('EXPRESS');
  });
  afterAll(() => target?.close());

  const runSync = async (file: string) => {
    const { orderId, input } = exampleOrder(file);
    const result = await target.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: target.stateMachineArn, name: orderId, input }),
    );
    return { orderId, result };
  };

  it('completes a valid order and returns the result', async () => {
    const { result } = await runSync('order.json');
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output!).shipment.carrier).toBe('Sandbox Parcel Service');
    expect(result.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
  });

  it('records the out-of-stock notification', async () => {
    const { orderId, result } = await runSync('order-out-of-stock.json');
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output!).notification.messageId).toEqual(expect.any(String));
    if (target.local) expect(target.local.sns.list({ contains: orderId })).toHaveLength(1);
  });

  it.each([
    ['order-invalid.json', 'OrderValidationFailed'],
    ['order-payment-declined.json', 'PaymentDeclined'],
    ['order-shipping-failed.json', 'ShippingFailed'],
  ])('fails %s with %s', async (file, error) => {
    const { result } = await runSync(file);
    expect(result).toMatchObject({ status: 'FAILED', error });
  });

  it('charges and reserves once when the same order runs twice, as Express’s at-least-once delivery allows', async () => {
    const { orderId, input } = exampleOrder('order.json');
    const items = JSON.parse(input).items as Array<{ sku: string; quantity: number }>;
    const available = async () =>
      target.tables
        ? Promise.all(
            items.map(async ({ sku }) => {
              const { Item } = await target.tables!.client.send(
                new GetItemCommand({
                  TableName: target.tables!.inventory,
                  Key: { sku: { S: sku } },
                  ConsistentRead: true,
                }),
              );
              return Number(Item!.available.N);
            }),
          )
        : undefined;
    const before = await available();
    const first = await target.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: target.stateMachineArn, input }),
    );
    const again = await target.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: target.stateMachineArn, input }),
    );
    expect([first.status, again.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(JSON.parse(again.output!).payment.paymentId).toBe(JSON.parse(first.output!).payment.paymentId);
    const after = await available();
    if (before && after) expect(after).toEqual(before.map((n, i) => n - items[i].quantity));
    expect(await timelineOf(target, orderId)).toEqual(
      // The duplicate leaves no trace: no status goes back.
      target.tables ? ['VALIDATED', 'STOCK_RESERVED', 'PAID', 'SHIPPED'] : undefined,
    );
  });

  it('retries a transient payment failure and then completes the order', async () => {
    const { result } = await runSync('order-payment-flaky.json');
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output!).payment.status).toBe('CAPTURED');
  });
});
