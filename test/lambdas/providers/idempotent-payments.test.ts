import { IdempotentPayments } from '../../../lambdas/providers/idempotent-payments';
import { ChargeRequest, PaymentProvider } from '../../../lambdas/providers/provider-types';
import { ProviderUnavailableError } from '../../../lambdas/shared';
import { testNamespace } from '../../support/dynamodb-test-local';
import { createTable } from './dynamodb/tables';

/** A provider that counts real charges and can fail before or after charging. */
function countingProvider(failures: { before?: number; afterCharge?: number } = {}) {
  const charges: string[] = [];
  let before = failures.before ?? 0;
  let afterCharge = failures.afterCharge ?? 0;
  const provider: PaymentProvider = {
    charge: async (request: ChargeRequest) => {
      if (before-- > 0) throw new ProviderUnavailableError('down before charging');
      charges.push(request.idempotencyKey);
      if (afterCharge-- > 0) throw new ProviderUnavailableError('response lost after charging');
      return {
        paymentId: `pay_${request.idempotencyKey}`,
        amount: request.amount,
        currency: 'USD',
        status: 'CAPTURED',
        replayed: false,
      };
    },
    refund: async () => ({ status: 'NO_CHARGE', amount: 0 }),
  };
  return { provider, charges };
}

const charge = (key: string, attempt = 0): ChargeRequest => ({
  idempotencyKey: key,
  amount: 1299,
  currency: 'USD',
  token: 'tok_visa',
  attempt,
});

describe('payment idempotency (Powertools idempotency on DynamoDB Local)', () => {
  const ns = testNamespace();
  beforeAll(() => createTable(ns.client, 'Idempotency', 'id'));

  it('charges once for a retried task: the second call gets the first result back', async () => {
    const { provider, charges } = countingProvider();
    const payments = new IdempotentPayments(provider, 'Idempotency', undefined, ns.client);
    const first = await payments.charge(charge('ord-retry', 0));
    const second = await payments.charge(charge('ord-retry', 1)); // same key, another attempt
    expect(second).toEqual(first);
    expect(charges).toEqual(['ord-retry']);
  });

  it('charges once across two containers, as for a duplicate Express execution', async () => {
    const { provider, charges } = countingProvider();
    const containerA = new IdempotentPayments(provider, 'Idempotency', undefined, ns.client);
    const containerB = new IdempotentPayments(provider, 'Idempotency', undefined, ns.client);
    const [a, b] = await Promise.allSettled([
      containerA.charge(charge('ord-dup')),
      containerB.charge(charge('ord-dup')),
    ]);
    // One charges; the other either replays it or is told to retry while it is in progress.
    const fulfilled = [a, b].filter((r) => r.status === 'fulfilled');
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b])
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ProviderUnavailableError);
    expect(await containerB.charge(charge('ord-dup', 1))).toMatchObject({ paymentId: 'pay_ord-dup' });
    expect(charges).toEqual(['ord-dup']);
  });

  it('lets a charge that failed before charging be tried again', async () => {
    const { provider, charges } = countingProvider({ before: 1 });
    const payments = new IdempotentPayments(provider, 'Idempotency', undefined, ns.client);
    await expect(payments.charge(charge('ord-flaky', 0))).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(payments.charge(charge('ord-flaky', 1))).resolves.toMatchObject({ status: 'CAPTURED' });
    expect(charges).toEqual(['ord-flaky']);
  });
});
