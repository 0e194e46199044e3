import { createProcessPaymentHandler, handler } from '../../../lambdas/process-payment';
import { SandboxPaymentProvider, sandboxId } from '../../../lambdas/providers/sandbox';
import { ErrorNames, PaymentDeclinedError, PaymentRequest } from '../../../lambdas/shared';
import { aValidOrder, anOrderWith } from '../fixtures';
import { captureLogs, CapturedLogs } from '../log-capture';
import { parseOrder } from '../../../lambdas/domain';

function aPaymentRequest(token = 'tok_visa', attempt = 0, orderId = 'order-0001'): PaymentRequest {
  return {
    order: parseOrder({ ...anOrderWith('payment.token', token), orderId }),
    charge: { amount: 3497, currency: 'USD' },
    idempotencyKey: orderId,
    attempt,
  };
}

describe('process-payment handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  it('captures tok_visa for the charge amount under a payment id derived from the idempotency key', async () => {
    await expect(handler({ ...aPaymentRequest(), idempotencyKey: 'key-123' })).resolves.toEqual({
      paymentId: sandboxId('pay', 'charge', 'key-123'),
      amount: 3497,
      currency: 'USD',
      status: 'CAPTURED',
      replayed: false,
    });
  });

  it('declines tok_visa_declined with PaymentDeclined', async () => {
    const payment = handler(aPaymentRequest('tok_visa_declined', 0, 'order-declined'));
    await expect(payment).rejects.toThrow(PaymentDeclinedError);
    await expect(payment).rejects.toMatchObject({ name: ErrorNames.PaymentDeclined });
  });

  it('fails tok_visa_flaky with ProviderUnavailable on attempts 0 and 1 and captures on attempt 2', async () => {
    const attempt = (n: number) => handler(aPaymentRequest('tok_visa_flaky', n, 'order-flaky'));
    await expect(attempt(0)).rejects.toMatchObject({ name: ErrorNames.ProviderUnavailable });
    await expect(attempt(1)).rejects.toMatchObject({ name: ErrorNames.ProviderUnavailable });
    await expect(attempt(2)).resolves.toMatchObject({ status: 'CAPTURED', replayed: false });
  });

  it('replays the earlier charge when the same key is charged again in the container', async () => {
    const handle = createProcessPaymentHandler(new SandboxPaymentProvider());
    const first = await handle(aPaymentRequest('tok_visa', 0));
    await expect(handle(aPaymentRequest('tok_visa', 1))).resolves.toEqual({ ...first, replayed: true });
  });

  it.each([
    ['idempotencyKey', 'idempotencyKey: is required'],
    ['attempt', 'attempt: is required'],
    ['charge', 'charge: is required'],
    ['order', 'order: is required'],
  ])('throws a TypeError naming %s when the event lacks it', async (field, message) => {
    const event: Record<string, unknown> = { ...aPaymentRequest() };
    delete event[field];
    await expect(handler(event)).rejects.toThrow(
      new TypeError(`Malformed process-payment event: ${message}`),
    );
  });

  it('throws a TypeError naming the field when the order inside the event is malformed', async () => {
    const event = { ...aPaymentRequest(), order: anOrderWith('payment.token', '') };
    await expect(handler(event)).rejects.toThrow(
      'Malformed process-payment event: order.payment.token: must not be empty',
    );
  });

  it('never logs the card token, whether the charge succeeds, is declined or the event is malformed', async () => {
    await handler(aPaymentRequest('tok_visa', 0, 'order-log-1'));
    await handler(aPaymentRequest('tok_visa_declined', 0, 'order-log-2')).catch(() => undefined);
    await handler({ ...aPaymentRequest(), attempt: -1 }).catch(() => undefined);
    // Log lines only: the metric lines (embedded metric format) carry no level.
    const logLines = logs.entries().filter((entry) => entry.level);
    expect(logLines.map((entry) => entry.level)).toEqual(['INFO', 'WARN', 'ERROR']);
    expect(logs.text()).not.toContain('tok_visa');
    expect(logLines[0]).toMatchObject({ message: 'Payment captured', orderId: 'order-log-1' });
  });

  it('accepts the order exactly as validate-order returns it', async () => {
    await expect(
      handler({ ...aPaymentRequest(), order: aValidOrder(), idempotencyKey: 'as-returned' }),
    ).resolves.toMatchObject({
      status: 'CAPTURED',
    });
  });
});
