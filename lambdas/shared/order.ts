/**
 * The order contract shared by the state machine (lib/construct) and the handlers (lambdas/).
 * One definition, imported by both, so a field renamed here breaks the build on both sides.
 */

/** ISO 4217 currencies the catalogue is priced in. */
export const SUPPORTED_CURRENCIES = ['USD'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];

export interface OrderItem {
  /** Catalogue stock-keeping unit, e.g. `SKU-BOOK-001`. */
  readonly sku: string;
  /** Whole units, 1 to {@link ORDER_LIMITS.maxQuantityPerItem}. */
  readonly quantity: number;
}

export interface Customer {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export interface ShippingAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2 country code, e.g. `US`. */
  readonly country: string;
}

export interface PaymentMethod {
  /**
   * A token issued by the payment provider for the customer's card. Card numbers never enter
   * the workflow: its input is kept in the execution history and (optionally) in the logs.
   */
  readonly token: string;
}

/** The execution input: what a client passes to StartExecution. */
export interface Order {
  /** Letters, digits, `-` and `_`, at most 64 characters: also used as the execution name and idempotency key. */
  readonly orderId: string;
  readonly customer: Customer;
  readonly items: readonly OrderItem[];
  readonly currency: Currency;
  readonly payment: PaymentMethod;
  readonly shippingAddress: ShippingAddress;
}

export const ORDER_LIMITS = {
  orderIdPattern: /^[A-Za-z0-9_-]{1,64}$/,
  maxItems: 50,
  maxQuantityPerItem: 100,
  maxTextLength: 200,
} as const;

export interface UnavailableItem {
  readonly sku: string;
  readonly requested: number;
  readonly available: number;
}

/** Output of "Validate Order"; it becomes the state for the rest of the workflow. */
export interface ValidatedOrder {
  readonly order: Order;
  readonly inventory: {
    /** Every item is available in the requested quantity: the "Check Inventory" choice reads this. */
    readonly inStock: boolean;
    readonly unavailableItems: readonly UnavailableItem[];
  };
  readonly charge: {
    /** Total in minor units (cents). */
    readonly amount: number;
    readonly currency: Currency;
  };
}

/**
 * Which attempt of its task a request is: the task's `$$.State.RetryCount`, 0 the first time, 1 on
 * the first retry. The state machine sends it to the three steps that call an outside provider:
 * payment, shipping and refund.
 *
 * No business rule reads it, yet it belongs to the production contract:
 * - The sandbox providers, which the default functions deploy with, decide their transient failures
 *   by it (docs/sandbox.md: a "flaky" card fails on attempts 0 and 1, then is captured). That makes
 *   "fails, is retried, succeeds" a path driven by data, which runs unchanged against a deployed
 *   stack where nothing can be mocked; a count kept inside the function could not do it, since a
 *   retry may run in another container.
 * - The handlers log it with each charge, shipment and refund: an operator sees which retry went
 *   through.
 * It never enters an idempotency key (a retry differs from the first attempt only here, and must
 * not charge again). A function you plug in may ignore it.
 */
export interface TaskAttempt {
  readonly attempt: number;
}

/** Event of "Process Payment". */
export interface PaymentRequest extends TaskAttempt {
  readonly order: Order;
  readonly charge: ValidatedOrder['charge'];
  /** The order id: a retried task or a duplicate execution charges at most once per key. */
  readonly idempotencyKey: string;
}

export interface PaymentResult {
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: Currency;
  readonly status: 'CAPTURED';
  /**
   * True when the provider itself recognised the key as already charged. A replay that Powertools
   * idempotency answers returns the first result as stored, so this is not a duplicate detector.
   */
  readonly replayed: boolean;
}

/** Event of "Ship Order". */
export interface ShippingRequest extends TaskAttempt {
  readonly order: Order;
  /** What the state machine keeps of the payment: a plugged-in payment function need return no more. */
  readonly payment: Pick<PaymentResult, 'paymentId' | 'amount' | 'currency' | 'status'>;
}

export interface ShippingResult {
  readonly shipmentId: string;
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** Event of "Refund Payment" and "Void Payment". */
export interface RefundRequest extends TaskAttempt {
  readonly order: Order;
  /** The order id used when charging: the refund finds the charge by it, whether or not its result came back. */
  readonly idempotencyKey: string;
  /** What was (or may have been) charged. */
  readonly charge: ValidatedOrder['charge'];
  /** Why the payment is being refunded (the failure's cause), kept with the refund. */
  readonly reason: string;
}

export interface RefundResult {
  /** `REFUNDED`, or `NO_CHARGE` when nothing had been charged under the key. */
  readonly status: 'REFUNDED' | 'NO_CHARGE';
  readonly refundId?: string;
  readonly amount: number;
}

/** Event of "Notify Out Of Stock". */
export interface OutOfStockNotice {
  readonly order: Order;
  readonly unavailableItems: readonly UnavailableItem[];
}

export interface NotificationResult {
  readonly messageId: string;
}

/** The statuses an order goes through, recorded with their time in the Orders table's timeline. */
export const OrderStatuses = [
  'VALIDATED',
  'STOCK_RESERVED',
  'OUT_OF_STOCK',
  'PAID',
  'PAYMENT_DECLINED',
  'SHIPPED',
  'REFUNDED',
  'FAILED',
] as const;
export type OrderStatus = (typeof OrderStatuses)[number];

/** One entry of an order's timeline. */
export interface TimelineEntry {
  readonly status: OrderStatus;
  /** ISO 8601. */
  readonly at: string;
  readonly executionArn: string;
}

/** Event of "Reserve Stock", "Commit Stock" and "Release Stock". */
export interface StockRequest {
  readonly action: 'reserve' | 'commit' | 'release';
  readonly order: Order;
  /** `$$.Execution.Id`, kept in the order's timeline. */
  readonly executionArn: string;
  /** The failure being compensated (release only): decides the status recorded. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
  /** The refund's result, when there was one (release only). */
  readonly refund?: Pick<RefundResult, 'status' | 'amount'>;
}

export interface StockResult {
  /** Reserve: every item was reserved. Commit and release: always true. */
  readonly reserved: boolean;
  /** Reserve: the items short, when `reserved` is false. */
  readonly unavailableItems: readonly UnavailableItem[];
  /** The status recorded in the order's timeline, in the same transaction. */
  readonly status: OrderStatus;
}
