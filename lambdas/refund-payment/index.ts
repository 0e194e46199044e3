import { EventParser } from '../common/event-parser';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import { PaymentProvider, paymentProvider } from '../providers';
import { RefundRequest, RefundResult } from '../shared';

const logger = createLogger('refund-payment');
const parse = new EventParser('refund-payment');

/** How much of the reason goes into the logs: it is often a whole error Cause. */
const LOGGED_REASON_LENGTH = 500;

export function parseRefundRequest(event: unknown): RefundRequest {
  const request = parse.root(event);
  return {
    order: parse.order(request.order),
    idempotencyKey: parse.text(request.idempotencyKey, 'idempotencyKey', 255),
    charge: parse.charge(request.charge),
    // Any string: the reason is often an error Cause of any length, and a refund must not fail over it.
    reason: parse.read.text(request.reason, 'reason', { maxLength: Infinity, allowBlank: true }),
    attempt: parse.attempt(request.attempt),
  };
}

/**
 * "Refund Payment" and "Void Payment": gives back what was charged under the key, if anything.
 * @throws ProviderUnavailableError (retried; when retries run out the order needs a person).
 */
export function createRefundPaymentHandler(payments: PaymentProvider) {
  return stepHandler(logger, async (event): Promise<RefundResult> => {
    const { order, idempotencyKey, charge, reason, attempt } = parseRefundRequest(event);
    const result = await payments.refund({
      idempotencyKey,
      amount: charge.amount,
      currency: charge.currency,
      reason,
      token: order.payment.token,
      attempt,
    });
    logger.info('Refund completed', { ...result, attempt, reason: reason.slice(0, LOGGED_REASON_LENGTH) });
    return result;
  });
}

export const handler = createRefundPaymentHandler(paymentProvider());
