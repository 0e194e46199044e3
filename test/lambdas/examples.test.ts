/**
 * Every file in examples/ does what docs/sandbox.md says: each is run through the handlers in the
 * order the state machine calls them, against the sandbox. This is not the state machine (the
 * construct's tests cover that); it only follows its paths far enough to check each example's end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createNotifyOutOfStockHandler } from '../../lambdas/notify-out-of-stock';
import { createProcessPaymentHandler } from '../../lambdas/process-payment';
import { createRefundPaymentHandler } from '../../lambdas/refund-payment';
import { createShipOrderHandler } from '../../lambdas/ship-order';
import { createValidateOrderHandler } from '../../lambdas/validate-order';
import { InMemoryNotifier } from '../../lambdas/providers/in-memory-notifier';
import {
  SandboxInventory,
  SandboxPaymentProvider,
  SandboxShippingProvider,
} from '../../lambdas/providers/sandbox';
import { ErrorNames, RefundResult, WorkflowError } from '../../lambdas/shared';
import { captureLogs, CapturedLogs } from './log-capture';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** The construct's default: three retries after the first attempt, on ProviderUnavailable. */
const MAX_RETRIES = 3;

interface Run {
  readonly end: string;
  readonly paymentAttempts?: number;
  readonly refund?: RefundResult;
  readonly errorMessage?: string;
}

async function withRetries<T>(
  step: (attempt: number) => Promise<T>,
): Promise<{ result: T; attempts: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { result: await step(attempt), attempts: attempt + 1 };
    } catch (error) {
      const transient = error instanceof WorkflowError && error.name === ErrorNames.ProviderUnavailable;
      if (!transient || attempt === MAX_RETRIES) throw error;
    }
  }
}

async function runExample(input: unknown): Promise<Run> {
  const payments = new SandboxPaymentProvider();
  const validate = createValidateOrderHandler(new SandboxInventory());
  const pay = createProcessPaymentHandler(payments);
  const ship = createShipOrderHandler(new SandboxShippingProvider());
  const notify = createNotifyOutOfStockHandler(new InMemoryNotifier());
  const refundHandler = createRefundPaymentHandler(payments);

  let state;
  try {
    state = await validate(input);
  } catch (error) {
    return { end: 'InvalidOrder', errorMessage: (error as Error).message };
  }
  if (!state.inventory.inStock) {
    await notify({ order: state.order, unavailableItems: state.inventory.unavailableItems });
    return { end: 'OutOfStockNotified' };
  }
  const key = state.order.orderId;
  const refund = async (reason: string, then: string, extra: Partial<Run>): Promise<Run> => {
    try {
      const { result } = await withRetries((attempt) =>
        refundHandler({ order: state.order, idempotencyKey: key, charge: state.charge, reason, attempt }),
      );
      return { end: then, refund: result, ...extra };
    } catch {
      return { end: 'RefundFailed', ...extra };
    }
  };

  let payment;
  let paymentAttempts;
  try {
    ({ result: payment, attempts: paymentAttempts } = await withRetries((attempt) =>
      pay({ order: state.order, charge: state.charge, idempotencyKey: key, attempt }),
    ));
  } catch (error) {
    if ((error as Error).name === ErrorNames.PaymentDeclined) return { end: 'PaymentDeclined' };
    return refund((error as Error).message, 'PaymentFailed', { paymentAttempts: MAX_RETRIES + 1 });
  }
  try {
    await withRetries((attempt) => ship({ order: state.order, payment, attempt }));
  } catch (error) {
    return refund((error as Error).message, 'ShippingFailed', { paymentAttempts });
  }
  return { end: 'OrderCompleted', paymentAttempts };
}

const expectations: Record<string, Run> = {
  'order.json': { end: 'OrderCompleted', paymentAttempts: 1 },
  'order-out-of-stock.json': { end: 'OutOfStockNotified' },
  'order-invalid.json': {
    end: 'InvalidOrder',
    errorMessage: 'items[0].quantity: must be a whole number from 1 to 100, got 0',
  },
  'order-payment-declined.json': { end: 'PaymentDeclined' },
  'order-payment-flaky.json': { end: 'OrderCompleted', paymentAttempts: 3 },
  'order-payment-unavailable.json': {
    end: 'PaymentFailed',
    paymentAttempts: 4,
    refund: { status: 'NO_CHARGE', amount: 0 },
  },
  'order-shipping-failed.json': {
    end: 'ShippingFailed',
    paymentAttempts: 1,
    refund: { status: 'REFUNDED', refundId: expect.stringMatching(/^re_/), amount: 1999 },
  },
  'order-refund-failed.json': { end: 'RefundFailed', paymentAttempts: 1 },
};

describe('examples/', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  it('has an expectation here for every example file', () => {
    const files = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(Object.entries(expectations))('%s ends as documented', async (file, expected) => {
    const input: unknown = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
    expect(await runExample(input)).toEqual(expected);
  });

  it('gives every example its own orderId, since the orderId is the execution name', () => {
    const ids = Object.keys(expectations).map(
      (file) =>
        (JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as { orderId: string }).orderId,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
