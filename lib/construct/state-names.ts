/**
 * The state names a person reads in the Step Functions console. Tests, mock configurations and
 * the local runtime refer to states by these names, so they live in one place.
 */
export const StateNames = {
  ValidateOrder: 'Validate Order',
  InvalidOrder: 'Invalid Order',
  CheckInventory: 'Check Inventory',
  NotifyOutOfStock: 'Notify Out Of Stock',
  ProcessPayment: 'Process Payment',
  NotifyPaymentDeclined: 'Notify Payment Declined',
  PaymentDeclined: 'Payment Declined',
  VoidPayment: 'Void Payment',
  PaymentFailed: 'Payment Failed',
  ShipOrder: 'Ship Order',
  RefundPayment: 'Refund Payment',
  ShippingFailed: 'Shipping Failed',
  RefundFailed: 'Refund Failed',
  OrderCompleted: 'Order Completed',
} as const;

export type StateName = (typeof StateNames)[keyof typeof StateNames];

/** The PascalCase key of a state: its construct id. */
export type StateKey = keyof typeof StateNames;
