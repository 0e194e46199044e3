/**
 * Error names thrown by handlers and matched by the state machine's Retry and Catch fields.
 * A Lambda error reaches Step Functions under the thrown error's `name`.
 */
export const ErrorNames = {
  /** The order is malformed or names unknown items; the message names the field and why. */
  OrderValidationFailed: 'OrderValidationFailed',
  /**
   * The order could not be validated or recorded: a transient failure outlasted the retries, or
   * the function failed unexpectedly. Nothing was reserved or charged: once the cause is gone,
   * submitting it again is safe.
   */
  OrderNotAccepted: 'OrderNotAccepted',
  /** The payment provider refused the charge (a final answer: not retried). */
  PaymentDeclined: 'PaymentDeclined',
  /** The charge could not be completed after retries; any charge made under the key is voided. */
  PaymentFailed: 'PaymentFailed',
  /** The carrier refused the shipment (a final answer: not retried); the payment is refunded. */
  ShippingFailed: 'ShippingFailed',
  /** A refund could not be completed: the order needs a person. */
  RefundFailed: 'RefundFailed',
  /** The stock could not be reserved (not for want of stock): nothing was charged. */
  StockReservationFailed: 'StockReservationFailed',
  /** Shipped and paid, but the stock books were not updated: a person reconciles them. */
  StockCommitFailed: 'StockCommitFailed',
  /** Out of stock, and the customer could not be told (retries exhausted): nothing reserved or charged. */
  OutOfStockNotificationFailed: 'OutOfStockNotificationFailed',
  /** A provider (inventory, payment, shipping, notifications) failed transiently: retried. */
  ProviderUnavailable: 'ProviderUnavailable',
} as const;

export type ErrorName = (typeof ErrorNames)[keyof typeof ErrorNames];

/** Errors that the Lambda service itself raises and that are worth retrying. */
export const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/**
 * Base for errors that end a step on purpose. Its `stack` is just the name and message, so the
 * Cause that Step Functions shows (`{"errorType","errorMessage","trace"}`) stays readable.
 */
export class WorkflowError extends Error {
  constructor(name: ErrorName, message: string) {
    super(message);
    this.name = name;
    this.stack = `${name}: ${message}`;
  }
}

export class OrderValidationError extends WorkflowError {
  /** Path of the offending field, e.g. `items[2].quantity`. */
  readonly field: string;
  constructor(field: string, reason: string) {
    super(ErrorNames.OrderValidationFailed, `${field}: ${reason}`);
    this.field = field;
  }
}

export class PaymentDeclinedError extends WorkflowError {
  constructor(message: string) {
    super(ErrorNames.PaymentDeclined, message);
  }
}

export class ShippingFailedError extends WorkflowError {
  constructor(message: string) {
    super(ErrorNames.ShippingFailed, message);
  }
}

export class ProviderUnavailableError extends WorkflowError {
  constructor(message: string) {
    super(ErrorNames.ProviderUnavailable, message);
  }
}
