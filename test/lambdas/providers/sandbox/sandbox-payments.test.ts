import { ChargeRequest, RefundChargeRequest } from '../../../../lambdas/providers';
import { SandboxPaymentProvider } from '../../../../lambdas/providers/sandbox';
import { ErrorNames, PaymentDeclinedError, ProviderUnavailableError } from '../../../../lambdas/shared';

const aCharge = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  idempotencyKey: 'order-0001',
  amount: 3497,
  currency: 'USD',
  token: 'tok_visa',
  attempt: 0,
  ...overrides,
});

const aRefund = (overrides: Partial<RefundChargeRequest> = {}): RefundChargeRequest => ({
  idempotencyKey: 'order-0001',
  amount: 3497,
  currency: 'USD',
  token: 'tok_visa',
  reason: 'ShippingFailed: carrier refused the shipment',
  attempt: 0,
  ...overrides,
});

describe('SandboxPaymentProvider.charge', () => {
  it('captures tok_visa with a payment id derived from the idempotency key', async () => {
    const result = await new SandboxPaymentProvider().charge(aCharge());
    expect(result).toEqual({
      paymentId: expect.stringMatching(/^pay_[0-9a-f]{24}$/),
      amount: 3497,
      currency: 'USD',
      status: 'CAPTURED',
      replayed: false,
    });
  });

  it('declines tok_visa_declined with PaymentDeclined', async () => {
    const charge = new SandboxPaymentProvider().charge(aCharge({ token: 'tok_visa_declined' }));
    await expect(charge).rejects.toThrow(PaymentDeclinedError);
    await expect(charge).rejects.toMatchObject({
      name: ErrorNames.PaymentDeclined,
      message: 'card declined: insufficient funds',
    });
  });

  it('fails tok_visa_flaky with ProviderUnavailable on attempts 0 and 1, then captures on attempt 2', async () => {
    const payments = new SandboxPaymentProvider();
    const attempt = (n: number) => payments.charge(aCharge({ token: 'tok_visa_flaky', attempt: n }));
    await expect(attempt(0)).rejects.toThrow(ProviderUnavailableError);
    await expect(attempt(1)).rejects.toMatchObject({ name: ErrorNames.ProviderUnavailable });
    await expect(attempt(2)).resolves.toMatchObject({ status: 'CAPTURED', replayed: false });
  });

  it('succeeds for tok_visa_flaky on attempt 2 in a fresh container too: the outcome depends on the attempt only', async () => {
    await expect(
      new SandboxPaymentProvider().charge(aCharge({ token: 'tok_visa_flaky', attempt: 2 })),
    ).resolves.toMatchObject({ status: 'CAPTURED' });
  });

  it('fails tok_visa_unavailable with ProviderUnavailable on every attempt', async () => {
    const payments = new SandboxPaymentProvider();
    for (const attempt of [0, 1, 2, 3]) {
      await expect(payments.charge(aCharge({ token: 'tok_visa_unavailable', attempt }))).rejects.toThrow(
        ProviderUnavailableError,
      );
    }
    expect(payments.capturedCharges).toHaveLength(0);
  });

  it('replays the first result for a second charge under the same key, with replayed: true', async () => {
    const payments = new SandboxPaymentProvider();
    const first = await payments.charge(aCharge());
    const second = await payments.charge(aCharge({ attempt: 1 }));
    expect(second).toEqual({ ...first, replayed: true });
  });

  it('charges once when the first response is lost and the task retries', async () => {
    const payments = new SandboxPaymentProvider();
    await payments.charge(aCharge({ attempt: 0 })); // the result never reaches the state machine
    const retried = await payments.charge(aCharge({ attempt: 1 }));
    expect(retried.replayed).toBe(true);
    expect(payments.capturedCharges).toHaveLength(1);
  });

  it('charges once when two calls with the same key run concurrently', async () => {
    const payments = new SandboxPaymentProvider();
    const results = await Promise.all([payments.charge(aCharge()), payments.charge(aCharge())]);
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(payments.capturedCharges).toHaveLength(1);
  });

  it('gives the same payment id for the same key in another container', async () => {
    const [a, b] = await Promise.all([
      new SandboxPaymentProvider().charge(aCharge()),
      new SandboxPaymentProvider().charge(aCharge()),
    ]);
    expect(a.paymentId).toBe(b.paymentId);
  });

  it('gives different payment ids for different keys', async () => {
    const payments = new SandboxPaymentProvider();
    const a = await payments.charge(aCharge({ idempotencyKey: 'order-a' }));
    const b = await payments.charge(aCharge({ idempotencyKey: 'order-b' }));
    expect(a.paymentId).not.toBe(b.paymentId);
    expect(payments.capturedCharges).toHaveLength(2);
  });

  it('replays a flaky card captured on attempt 2 even when asked again on attempt 0', async () => {
    const payments = new SandboxPaymentProvider();
    await payments.charge(aCharge({ token: 'tok_visa_flaky', attempt: 2 }));
    await expect(payments.charge(aCharge({ token: 'tok_visa_flaky', attempt: 0 }))).resolves.toMatchObject({
      replayed: true,
    });
  });

  it('forgets the oldest key first once its replay record is full, keeping the same payment id', async () => {
    const payments = new SandboxPaymentProvider(2);
    const first = await payments.charge(aCharge({ idempotencyKey: 'k1' }));
    await payments.charge(aCharge({ idempotencyKey: 'k2' }));
    await payments.charge(aCharge({ idempotencyKey: 'k3' }));
    expect(payments.capturedCharges).toHaveLength(2);
    await expect(payments.charge(aCharge({ idempotencyKey: 'k1' }))).resolves.toEqual(first);
    await expect(payments.charge(aCharge({ idempotencyKey: 'k3' }))).resolves.toMatchObject({
      replayed: true,
    });
  });

  it('declines a key reused for a different amount instead of charging again', async () => {
    const payments = new SandboxPaymentProvider();
    await payments.charge(aCharge({ amount: 1000 }));
    await expect(payments.charge(aCharge({ amount: 2000 }))).rejects.toThrow(
      new PaymentDeclinedError('idempotency key already used for a charge of 1000 USD, not 2000 USD'),
    );
    expect(payments.capturedCharges).toHaveLength(1);
  });
});

describe('SandboxPaymentProvider.refund', () => {
  it('refunds a tok_visa charge with a refund id derived from the key', async () => {
    const result = await new SandboxPaymentProvider().refund(aRefund());
    expect(result).toEqual({
      status: 'REFUNDED',
      refundId: expect.stringMatching(/^re_[0-9a-f]{24}$/),
      amount: 3497,
    });
  });

  it('gives the same refund id in every container, so a retried refund refunds once', async () => {
    const a = await new SandboxPaymentProvider().refund(aRefund());
    const b = await new SandboxPaymentProvider().refund(aRefund({ attempt: 1 }));
    expect(a).toEqual(b);
  });

  it('does not reuse the payment id as the refund id', async () => {
    const payments = new SandboxPaymentProvider();
    const { paymentId } = await payments.charge(aCharge());
    const { refundId } = await payments.refund(aRefund());
    expect(refundId?.slice(3)).not.toBe(paymentId.slice(4));
  });

  it.each(['tok_visa_unavailable', 'tok_visa_declined'])(
    'answers NO_CHARGE with amount 0 for %s, which never charged',
    async (token) => {
      await expect(new SandboxPaymentProvider().refund(aRefund({ token }))).resolves.toEqual({
        status: 'NO_CHARGE',
        amount: 0,
      });
    },
  );

  it('fails tok_visa_refund_flaky refunds with ProviderUnavailable until attempt 2', async () => {
    const payments = new SandboxPaymentProvider();
    const token = 'tok_visa_refund_flaky';
    await expect(payments.refund(aRefund({ token, attempt: 0 }))).rejects.toThrow(ProviderUnavailableError);
    await expect(payments.refund(aRefund({ token, attempt: 2 }))).resolves.toMatchObject({
      status: 'REFUNDED',
    });
  });

  it('fails tok_visa_refund_unavailable refunds with ProviderUnavailable on every attempt', async () => {
    const refund = new SandboxPaymentProvider().refund(
      aRefund({ token: 'tok_visa_refund_unavailable', attempt: 3 }),
    );
    await expect(refund).rejects.toMatchObject({ name: ErrorNames.ProviderUnavailable });
  });
});
