import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import { TaskFailure, TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import { definitionOf, synthWorkflow } from '../../../support/synth';
import { run, startOn } from './helpers';

/**
 * The order workflow's definition as the construct synthesizes it (resolved to plain ASL), through
 * the interpreter with fake functions.
 */
const { definition } = definitionOf(synthWorkflow().template);

type Behaviour = (payload: Record<string, unknown>, task: TaskInvocation) => unknown;

const order = {
  orderId: 'ord-1',
  customer: { email: 'ada@example.com' },
  items: [{ sku: 'A', quantity: 1 }],
};

const happy: Record<string, Behaviour> = {
  ValidateOrder: (payload) => ({
    order: payload,
    inventory: { inStock: true, unavailableItems: [] },
    charge: { amount: 10, currency: 'USD' },
  }),
  ProcessPayment: (payload) => ({
    paymentId: 'pay-1',
    amount: 10,
    currency: 'USD',
    status: 'CAPTURED',
    replayed: payload.attempt !== 0,
  }),
  ShipOrder: () => ({ shipmentId: 'shp-1', carrier: 'SBX', trackingNumber: 'SBX000000000001' }),
  NotifyOutOfStock: () => ({ messageId: 'msg-1' }),
  RefundPayment: () => ({ status: 'REFUNDED', amount: 10 }),
  // One function reserves, commits and releases the order's stock.
  Stock: (payload) => ({
    reserved: payload.action !== 'release',
    unavailableItems: [],
    status: { reserve: 'RESERVED', commit: 'COMMITTED', release: 'RELEASED' }[String(payload.action)],
  }),
};

function functions(overrides: Record<string, Behaviour> = {}) {
  const calls: Array<{ name: string; payload: Record<string, unknown>; attempt: number }> = [];
  const behaviours = { ...happy, ...overrides };
  const handler = async (task: TaskInvocation) => {
    const input = task.input as Record<string, unknown>;
    if (task.resource === 'arn:aws:states:::sns:publish') {
      calls.push({ name: 'sns:publish', payload: input, attempt: task.retryCount });
      return { MessageId: 'sns-1' };
    }
    if (task.resource === 'arn:aws:states:::dynamodb:updateItem') {
      // The order's status record: its result is discarded (ResultPath null).
      calls.push({ name: 'dynamodb:updateItem', payload: input, attempt: task.retryCount });
      return {};
    }
    // `...:function:WorkflowValidateOrderFunction1A2B3C4D` → `ValidateOrder`
    const name = String(input.FunctionName).replace(/^.*:function:Workflow(\w+?)Function[0-9A-F]{8}$/, '$1');
    const payload = input.Payload as Record<string, unknown>;
    calls.push({ name, payload, attempt: task.retryCount });
    return { StatusCode: 200, Payload: await behaviours[name](payload, task) };
  };
  return { handler, calls };
}

const entered = (events: Array<Record<string, unknown>>) =>
  events
    .filter((e) => String(e.type).endsWith('StateEntered'))
    .map((e) => (e.stateEnteredEventDetails as { name: string }).name);

describe('the order workflow', () => {
  it('is a valid definition', () => {
    expect(createInterpreter().parse(definition).problems).toEqual([]);
  });

  it('validates, pays and ships a valid order', async () => {
    const { handler, calls } = functions();
    const { outcome, events } = await run(definition, order, { taskHandler: handler });
    expect(entered(events)).toEqual([
      'Validate Order',
      'Record Order Validated',
      'Reserve Stock',
      'Check Inventory',
      'Process Payment',
      'Record Order Paid',
      'Ship Order',
      'Commit Stock',
      'Order Completed',
    ]);
    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      output: {
        order,
        payment: { paymentId: 'pay-1', status: 'CAPTURED' },
        shipment: { trackingNumber: 'SBX000000000001' },
      },
    });
    expect(calls.find((c) => c.name === 'ProcessPayment')?.payload).toEqual({
      order,
      charge: { amount: 10, currency: 'USD' },
      idempotencyKey: 'ord-1',
      attempt: 0,
    });
  });

  it('notifies and ends when an item is out of stock', async () => {
    const { handler } = functions({
      Stock: () => ({ reserved: false, unavailableItems: ['A'], status: 'OUT_OF_STOCK' }),
    });
    const { outcome, events } = await run(definition, order, { taskHandler: handler });
    expect(entered(events)).toEqual([
      'Validate Order',
      'Record Order Validated',
      'Reserve Stock',
      'Check Inventory',
      'Notify Out Of Stock',
    ]);
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', output: { notification: { messageId: 'msg-1' } } });
  });

  it('retries a throttled payment with jittered backoff, passing $$.State.RetryCount as the attempt', async () => {
    let throttles = 2;
    const { handler, calls } = functions({
      ProcessPayment: (payload, task) => {
        if (throttles-- > 0) throw new TaskFailure('Lambda.TooManyRequestsException', 'Rate exceeded');
        return happy.ProcessPayment(payload, task);
      },
    });
    const { outcome, elapsedMs } = await run(definition, order, { taskHandler: handler, random: () => 0.5 });
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', output: { payment: { paymentId: 'pay-1' } } });
    expect(calls.filter((c) => c.name === 'ProcessPayment').map((c) => c.payload.attempt)).toEqual([0, 1, 2]);
    // FULL jitter with random 0.5: half of 1 s, then half of 2 s.
    expect(elapsedMs).toBe(500 + 1000);
  });

  it('tells the customer and fails PaymentDeclined with the cause when the card is declined', async () => {
    const { handler, calls } = functions({
      ProcessPayment: () => {
        throw new TaskFailure('PaymentDeclined', 'Insufficient funds');
      },
    });
    const { outcome, events } = await run(definition, order, { taskHandler: handler });
    expect(entered(events).slice(-5)).toEqual([
      'Process Payment',
      'Notify Payment Declined',
      'Release Stock',
      'Which Failure?',
      'Payment Declined',
    ]);
    expect(outcome).toEqual({ status: 'FAILED', error: 'PaymentDeclined', cause: 'Insufficient funds' });
    expect(calls.find((c) => c.name === 'sns:publish')).toMatchObject({
      name: 'sns:publish',
      payload: {
        Message: {
          kind: 'PAYMENT_DECLINED',
          orderId: 'ord-1',
          customerEmail: 'ada@example.com',
          reason: 'Insufficient funds',
        },
      },
    });
  });

  it('voids the payment after a payment that keeps timing out, then fails PaymentFailed', async () => {
    const clock = new VirtualClock();
    const { handler, calls } = functions({
      ProcessPayment: async (_payload, task) => {
        await clock.sleep(60_000, task.signal);
      },
    });
    const { outcome, events, elapsedMs } = await run(definition, order, {
      taskHandler: handler,
      clock,
      random: () => 0.5,
    });
    expect(calls.filter((c) => c.name === 'ProcessPayment')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'TaskTimedOut')).toHaveLength(4);
    expect(entered(events).slice(-4)).toEqual([
      'Void Payment',
      'Release Stock',
      'Which Failure?',
      'Payment Failed',
    ]);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'PaymentFailed' });
    // Four attempts that each time out (the state's TimeoutSeconds), plus the jittered waits between them.
    const timeoutMs =
      (definition as { States: Record<string, { TimeoutSeconds: number }> }).States['Process Payment']
        .TimeoutSeconds * 1000;
    expect(elapsedMs).toBe(4 * timeoutMs + 500 + 1000 + 2000);
  });

  it('refunds and fails ShippingFailed when shipping fails', async () => {
    const { handler } = functions({
      ShipOrder: () => {
        throw new TaskFailure('ShippingFailed', 'No carrier');
      },
    });
    const { outcome, events } = await run(definition, order, { taskHandler: handler });
    expect(entered(events).slice(-5)).toEqual([
      'Ship Order',
      'Refund Payment',
      'Release Stock',
      'Which Failure?',
      'Shipping Failed',
    ]);
    expect(outcome).toEqual({ status: 'FAILED', error: 'ShippingFailed', cause: 'No carrier' });
  });

  it('fails OrderValidationFailed with the field named in the cause', async () => {
    const { handler } = functions({
      ValidateOrder: () => {
        throw new TaskFailure('OrderValidationFailed', 'items: must not be empty');
      },
    });
    const { outcome } = await run(definition, order, { taskHandler: handler });
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'OrderValidationFailed',
      cause: 'items: must not be empty',
    });
  });

  it('can be stopped while a payment is in flight', async () => {
    let inFlight: TaskInvocation | undefined;
    const { handler } = functions({
      ProcessPayment: (_payload, task) => {
        inFlight = task;
        return new Promise(() => undefined);
      },
    });
    const { execution, events } = startOn(definition, order, { taskHandler: handler });
    while (!inFlight) await new Promise((resolve) => setImmediate(resolve));
    execution.stop('Operator', 'customer cancelled');
    expect(await execution.done).toEqual({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'customer cancelled',
    });
    expect(inFlight.signal.aborted).toBe(true);
    expect(events.at(-1)?.type).toBe('ExecutionAborted');
  });
});
