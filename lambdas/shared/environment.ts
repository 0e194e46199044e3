/** Environment variables the construct sets on the default functions, read by the handlers. */
export const EnvironmentNames = {
  /** ARN of the SNS topic that customer notifications are published to. */
  NotificationTopicArn: 'NOTIFICATION_TOPIC_ARN',
  /** The Orders table: status and timeline per order id. */
  OrdersTableName: 'ORDERS_TABLE_NAME',
  /** The Inventory table: available and reserved units per SKU. Unset: the built-in sandbox catalogue. */
  InventoryTableName: 'INVENTORY_TABLE_NAME',
  /** The payment idempotency records (Powertools idempotency). Unset: in-memory only. */
  IdempotencyTableName: 'IDEMPOTENCY_TABLE_NAME',
} as const;
