import { EventParser } from '../common/event-parser';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import { PaymentProvider, paymentProvider } from '../providers';
import { PaymentRequest, PaymentResult } from '../shared';

const logger = createLogger('process-payment');
const parse = new EventParser('process-payment');

export function parsePaymentRequest(event: unknown): PaymentRequest {
  const request = parse.root(event);
  return {
    order: parse.order(request.order),
    charge: parse.charge(request.charge),
    idempotencyKey: parse.text(request.idempotencyKey, 'idempotencyKey', 255),
    attempt: parse.attempt(request.attempt),
  };
}

/**
 * "Process Payment": charges the order once per idempotency key.
 * @throws PaymentDeclinedError (final) or ProviderUnavailableError (retried).
 */
export function createProcessPaymentHandler(payments: PaymentProvider) {
  return stepHandler(logger, async (event): Promise<PaymentResult> => {
    const { order, charge, idempotencyKey, attempt } = parsePaymentRequest(event);
    const result = await payments.charge({
      idempotencyKey,
      amount: charge.amount,
      currency: charge.currency,
      token: order.payment.token,
      attempt,
    });
    // The token is never logged; the payment id is what support needs.
    logger.info('Payment captured', {
      paymentId: result.paymentId,
      amount: result.amount,
      replayed: result.replayed,
      attempt,
    });
    return result;
  });
}

export const handler = createProcessPaymentHandler(paymentProvider());
