import { EventParser } from '../common/event-parser';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import { ShippingProvider, shippingProvider } from '../providers';
import { ShippingRequest, ShippingResult } from '../shared';

const logger = createLogger('ship-order');
const parse = new EventParser('ship-order');

export function parseShippingRequest(event: unknown): ShippingRequest {
  const request = parse.root(event);
  const payment = parse.read.object(request.payment, 'payment');
  return {
    order: parse.order(request.order),
    payment: {
      paymentId: parse.text(payment.paymentId, 'payment.paymentId'),
      amount: parse.read.wholeNumber(payment.amount, 'payment.amount', 0),
      currency: parse.currency(payment.currency, 'payment.currency'),
      status: parse.read.oneOf(payment.status, 'payment.status', ['CAPTURED'] as const),
    },
    attempt: parse.attempt(request.attempt),
  };
}

/**
 * "Ship Order": books the shipment for a paid order.
 * @throws ShippingFailedError (final: the payment is refunded) or ProviderUnavailableError (retried).
 */
export function createShipOrderHandler(shipping: ShippingProvider) {
  return stepHandler(logger, async (event): Promise<ShippingResult> => {
    const { order, payment, attempt } = parseShippingRequest(event);
    const result = await shipping.ship(order, attempt);
    logger.info('Order shipped', { ...result, paymentId: payment.paymentId, attempt });
    return result;
  });
}

export const handler = createShipOrderHandler(shippingProvider());
