import { PaymentResult, PaymentDeclinedError, ProviderUnavailableError, RefundResult } from '../../shared';
import { ChargeRequest, PaymentProvider, RefundChargeRequest } from '../provider-types';
import { decideCharge, decideRefund } from './sandbox-cards';
import { sandboxId } from './sandbox-ids';

/**
 * The sandbox payment provider. A charge's id is derived from its idempotency key, so two
 * charges under one key are the same charge in every container; within a container the first
 * result is also remembered and replayed (`replayed: true`), as a real provider does. A
 * provider with durable storage (DynamoDB) makes the replay survive a container's end.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  private readonly captured = new Map<string, PaymentResult>();

  /**
   * @param maxRememberedCharges bounds the replay record of a long-lived container; the oldest
   *   key is forgotten first (its payment id stays the same, only `replayed` is lost).
   */
  constructor(private readonly maxRememberedCharges = 10_000) {}

  async charge(request: ChargeRequest): Promise<PaymentResult> {
    // Check-and-record with no await in between: concurrent calls cannot both charge.
    const previous = this.captured.get(request.idempotencyKey);
    if (previous) return replay(previous, request);

    const decision = decideCharge(request.token, request.attempt);
    if (decision.outcome === 'decline') throw new PaymentDeclinedError(decision.reason);
    if (decision.outcome === 'unavailable') throw new ProviderUnavailableError(decision.reason);

    const result: PaymentResult = {
      paymentId: sandboxId('pay', 'charge', request.idempotencyKey),
      amount: request.amount,
      currency: request.currency,
      status: 'CAPTURED',
      replayed: false,
    };
    this.remember(request.idempotencyKey, result);
    return result;
  }

  async refund(request: RefundChargeRequest): Promise<RefundResult> {
    const decision = decideRefund(request.token, request.attempt);
    if (decision.outcome === 'unavailable') throw new ProviderUnavailableError(decision.reason);
    if (decision.outcome === 'no-charge') return { status: 'NO_CHARGE', amount: 0 };
    return {
      status: 'REFUNDED',
      refundId: sandboxId('re', 'refund', request.idempotencyKey),
      amount: request.amount,
    };
  }

  /** The distinct charges this instance has captured, for tests: one per idempotency key. */
  get capturedCharges(): readonly PaymentResult[] {
    return [...this.captured.values()];
  }

  private remember(key: string, result: PaymentResult): void {
    if (this.captured.size >= this.maxRememberedCharges) {
      const oldest = this.captured.keys().next().value;
      if (oldest !== undefined) this.captured.delete(oldest);
    }
    this.captured.set(key, result);
  }
}

/**
 * Returns the earlier charge. A key reused for a different amount is refused, as real
 * providers do: charging it would break "one key, one charge", and silently returning the
 * earlier amount would leave the new order underpaid or overpaid.
 */
function replay(previous: PaymentResult, request: ChargeRequest): PaymentResult {
  if (previous.amount !== request.amount || previous.currency !== request.currency) {
    throw new PaymentDeclinedError(
      `idempotency key already used for a charge of ${previous.amount} ${previous.currency}, ` +
        `not ${request.amount} ${request.currency}`,
    );
  }
  return { ...previous, replayed: true };
}
