import { handler } from '../../../lambdas/refund-payment';
import { sandboxId } from '../../../lambdas/providers/sandbox';
import { ErrorNames } from '../../../lambdas/shared';
import { anOrderWith } from '../fixtures';
import { captureLogs, CapturedLogs } from '../log-capture';

const aRefundRequest = (token = 'tok_visa', attempt = 0) => ({
  order: anOrderWith('payment.token', token),
  idempotencyKey: 'order-0001',
  charge: { amount: 3497, currency: 'USD' },
  reason:
    '{"errorType":"ShippingFailed","errorMessage":"carrier refused the shipment: undeliverable address"}',
  attempt,
});

describe('refund-payment handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  it('refunds a tok_visa charge in full with a refund id derived from the key', async () => {
    await expect(handler(aRefundRequest())).resolves.toEqual({
      status: 'REFUNDED',
      refundId: sandboxId('re', 'refund', 'order-0001'),
      amount: 3497,
    });
  });

  it('answers NO_CHARGE when voiding a tok_visa_unavailable payment that never went through', async () => {
    await expect(handler(aRefundRequest('tok_visa_unavailable'))).resolves.toEqual({
      status: 'NO_CHARGE',
      amount: 0,
    });
  });

  it('fails tok_visa_refund_flaky with ProviderUnavailable on attempts 0 and 1 and refunds on attempt 2', async () => {
    await expect(handler(aRefundRequest('tok_visa_refund_flaky', 0))).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
    await expect(handler(aRefundRequest('tok_visa_refund_flaky', 1))).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
    await expect(handler(aRefundRequest('tok_visa_refund_flaky', 2))).resolves.toMatchObject({
      status: 'REFUNDED',
    });
  });

  it('fails tok_visa_refund_unavailable with ProviderUnavailable on every attempt', async () => {
    await expect(handler(aRefundRequest('tok_visa_refund_unavailable', 3))).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
  });

  it('accepts a reason of any length, such as a long error Cause, and logs only its start', async () => {
    const reason = `Cause: ${'x'.repeat(50_000)}`;
    await expect(handler({ ...aRefundRequest(), reason })).resolves.toMatchObject({ status: 'REFUNDED' });
    const [entry] = logs.entries();
    expect(entry).toMatchObject({ message: 'Refund completed', orderId: 'order-0001', status: 'REFUNDED' });
    expect(String(entry.reason)).toHaveLength(500);
  });

  it('accepts an empty reason rather than fail a refund over it', async () => {
    await expect(handler({ ...aRefundRequest(), reason: '' })).resolves.toMatchObject({ status: 'REFUNDED' });
  });

  it.each(['idempotencyKey', 'charge', 'reason', 'attempt'])(
    'throws a TypeError naming %s when the event lacks it',
    async (field) => {
      const event: Record<string, unknown> = aRefundRequest();
      delete event[field];
      await expect(handler(event)).rejects.toThrow(`Malformed refund-payment event: ${field}: is required`);
    },
  );

  it('never logs the card token', async () => {
    await handler(aRefundRequest());
    await handler(aRefundRequest('tok_visa_refund_unavailable')).catch(() => undefined);
    expect(logs.entries()).toHaveLength(2);
    expect(logs.text()).not.toContain('tok_visa');
  });
});
