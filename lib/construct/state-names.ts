/**
 * The state names a person reads in the Step Functions console. Tests, mock configurations and
 * the local runtime refer to states by these names, so they live in one place.
 */
export const StateNames = {
  ValidateOrder: 'Validate Order',
  InvalidOrder: 'Invalid Order',
  OrderNotAccepted: 'Order Not Accepted',
  RecordOrderValidated: 'Record Order Validated',
  ReserveStock: 'Reserve Stock',
  CheckInventory: 'Check Inventory',
  NotifyOutOfStock: 'Notify Out Of Stock',
  OutOfStockNotNotified: 'Customer Not Notified',
  ProcessPayment: 'Process Payment',
  NotifyPaymentDeclined: 'Notify Payment Declined',
  PaymentDeclined: 'Payment Declined',
  VoidPayment: 'Void Payment',
  PaymentFailed: 'Payment Failed',
  RecordOrderPaid: 'Record Order Paid',
  ShipOrder: 'Ship Order',
  CommitStock: 'Commit Stock',
  RefundPayment: 'Refund Payment',
  ReleaseStock: 'Release Stock',
  WhichFailure: 'Which Failure?',
  ShippingFailed: 'Shipping Failed',
  RefundFailed: 'Refund Failed',
  ReservationFailed: 'Reservation Failed',
  CommitFailed: 'Stock Not Committed',
  OrderCompleted: 'Order Completed',
} as const;

export type StateName = (typeof StateNames)[keyof typeof StateNames];

/** The PascalCase key of a state: its construct id. */
export type StateKey = keyof typeof StateNames;
