import {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  HistoryEvent,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
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
      StateNames.CheckInventory,
      StateNames.ProcessPayment,
      StateNames.ShipOrder,
      StateNames.OrderCompleted,
    ]);
    const output = JSON.parse(run.execution.output!);
    expect(output.payment).toMatchObject({ status: 'CAPTURED', currency: 'USD' });
    expect(output.shipment.trackingNumber).toMatch(/^SBX\d{12}$/);
  });

  it('notifies the customer and ends when an item is out of stock', async () => {
    const run = await runStandard(target, 'order-out-of-stock.json');
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([
      StateNames.ValidateOrder,
      StateNames.CheckInventory,
      StateNames.NotifyOutOfStock,
    ]);
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
  });

  it('notifies the customer and fails with PaymentDeclined when the card is declined', async () => {
    const run = await runStandard(target, 'order-payment-declined.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(run.path.slice(-3)).toEqual([
      StateNames.ProcessPayment,
      StateNames.NotifyPaymentDeclined,
      StateNames.PaymentDeclined,
    ]);
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
  });

  it('refunds the payment and fails with ShippingFailed when the carrier refuses', async () => {
    const run = await runStandard(target, 'order-shipping-failed.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'ShippingFailed' });
    expect(run.path.slice(-3)).toEqual([
      StateNames.ShipOrder,
      StateNames.RefundPayment,
      StateNames.ShippingFailed,
    ]);
    expect(exitedOutput(run.events, StateNames.RefundPayment).refund).toMatchObject({ status: 'REFUNDED' });
  });

  it('voids and fails with PaymentFailed when the payment provider stays unavailable', async () => {
    const run = await runStandard(target, 'order-payment-unavailable.json');
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'PaymentFailed' });
    expect(failuresOf(run.events)).toEqual(Array(4).fill('ProviderUnavailable'));
    expect(run.path.slice(-2)).toEqual([StateNames.VoidPayment, StateNames.PaymentFailed]);
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

  it('retries a transient payment failure and then completes the order', async () => {
    const { result } = await runSync('order-payment-flaky.json');
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output!).payment.status).toBe('CAPTURED');
  });
});
