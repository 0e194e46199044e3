import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { isJsonObject } from '../domain';
import { ORDER_LIMITS } from '../shared';

/** One structured logger per function; `step` becomes the service name, e.g. `order-workflow-process-payment`. */
export function createLogger(step: string): Logger {
  return new Logger({ serviceName: `order-workflow-${step}` });
}

/**
 * Called first in every invocation. The orderId goes on every log line of the invocation as a
 * temporary key: Powertools scopes those to the invocation, whereas a persistent key would
 * carry one order's id into the logs of a later invocation whose event has none.
 */
export function startInvocation(logger: Logger, event: unknown, context: Context | undefined): void {
  logger.resetKeys();
  if (context) logger.addContext(context);
  const orderId = orderIdOf(event);
  if (orderId) logger.appendKeys({ orderId });
}

/**
 * The order id of any workflow event (`orderId` at the top of the execution input, or under
 * `order` in every later step), read before the event is validated, so that a rejected event
 * is still logged under its order. Ignored unless it looks like an order id.
 */
export function orderIdOf(event: unknown): string | undefined {
  if (!isJsonObject(event)) return undefined;
  const candidate = isJsonObject(event.order) ? event.order.orderId : event.orderId;
  return typeof candidate === 'string' && ORDER_LIMITS.orderIdPattern.test(candidate) ? candidate : undefined;
}
