import { EventParser } from '../common/event-parser';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import type { Context } from 'aws-lambda';
import { countMetric } from '../common/metrics';
import { PaymentProvider, paymentProvider } from '../providers';
import { IdempotentPayments } from '../providers/idempotent-payments';
import { EnvironmentNames, ErrorNames, PaymentRequest, PaymentResult } from '../shared';

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
export function createProcessPaymentHandler(payments: Charger) {
  return stepHandler(logger, async (event, context): Promise<PaymentResult> => {
    const { order, charge, idempotencyKey, attempt } = parsePaymentRequest(event);
    payments.registerContext?.(context);
    let result: PaymentResult;
    try {
      result = await payments.charge({
        idempotencyKey,
        amount: charge.amount,
        currency: charge.currency,
        token: order.payment.token,
        attempt,
      });
    } catch (error) {
      if ((error as Error).name === ErrorNames.PaymentDeclined) countMetric('PaymentsDeclined');
      throw error;
    }
    countMetric('OrdersPaid');
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

/** Charges: the provider itself, or behind Powertools idempotency when the function has its table. */
export interface Charger {
  charge: PaymentProvider['charge'];
  registerContext?(context: Context | undefined): void;
}

function defaultCharger(): Charger {
  const table = process.env[EnvironmentNames.IdempotencyTableName];
  if (!table) return paymentProvider();
  return new IdempotentPayments(paymentProvider(), table, ({ attempt }) =>
    logger.info('Charging the card', { attempt }),
  );
}

export const handler = createProcessPaymentHandler(defaultCharger());
