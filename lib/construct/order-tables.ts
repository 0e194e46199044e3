import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The key names the handlers and the definition use; one place for both. */
export const TableKeys = {
  orders: 'orderId',
  inventory: 'sku',
  /** Powertools idempotency's default key attribute. */
  idempotency: 'id',
  /** Powertools idempotency's default expiry attribute, used as the table's TTL. */
  idempotencyExpiry: 'expiration',
} as const;

/** The workflow's tables. */
export interface OrderWorkflowTables {
  /** One item per order id: its status and timeline. */
  readonly orders: dynamodb.ITable;
  /** One item per SKU: available and reserved units, unit price. */
  readonly inventory: dynamodb.ITable;
  /** Powertools idempotency records of the payment step. */
  readonly idempotency: dynamodb.ITable;
}

/**
 * Creates, in `scope`, the tables the caller did not pass: on-demand, point-in-time recovery,
 * encryption at rest (AWS managed key). Construct ids `OrdersTable`, `InventoryTable`,
 * `IdempotencyTable`.
 */
export function createOrderTables(
  scope: Construct,
  given: Partial<OrderWorkflowTables>,
  removalPolicy: RemovalPolicy,
): OrderWorkflowTables {
  const table = (id: string, partitionKey: string, timeToLiveAttribute?: string) =>
    new dynamodb.Table(scope, id, {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute,
      removalPolicy,
    });
  return {
    orders: given.orders ?? table('OrdersTable', TableKeys.orders),
    inventory: given.inventory ?? table('InventoryTable', TableKeys.inventory),
    idempotency:
      given.idempotency ?? table('IdempotencyTable', TableKeys.idempotency, TableKeys.idempotencyExpiry),
  };
}
