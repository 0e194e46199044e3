import { RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EnvironmentNames } from '../../lambdas/shared/environment';
import { grantTopicPublish } from './encrypted-topic';
import { OrderStepFunction } from './order-step-function';
import { OrderWorkflowTables } from './order-tables';
import { OrderWorkflowFunctions, WorkflowFunctionName } from './segments/workflow-states';

/** What the default functions are given: where they read and write. */
export interface DefaultFunctionResources {
  readonly tables: OrderWorkflowTables;
  readonly notificationTopic: sns.ITopic;
}

/** How every default function is configured. */
export interface DefaultFunctionOptions {
  readonly memorySize: number;
  readonly tracing: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** One default function: its handler, what it is told and what it may do. */
interface DefaultStep {
  /** The folder under lambdas/ holding its handler. */
  readonly step: string;
  readonly description: string;
  readonly environment?: (resources: DefaultFunctionResources) => Record<string, string>;
  /** Exactly the actions it uses, on exactly its resources. */
  readonly grant?: (fn: lambda.IFunction, resources: DefaultFunctionResources) => void;
}

const DEFAULT_STEPS: Record<WorkflowFunctionName, DefaultStep> = {
  validateOrder: {
    step: 'validate-order',
    description: 'Validates an order and checks its items against the inventory',
    environment: ({ tables }) => ({ [EnvironmentNames.InventoryTableName]: tables.inventory.tableName }),
    grant: (fn, { tables }) => tables.inventory.grant(fn, 'dynamodb:BatchGetItem', 'dynamodb:GetItem'),
  },
  stock: {
    step: 'stock',
    description: 'Reserves, commits and releases stock with the order status, in transactions',
    environment: ({ tables }) => ({
      [EnvironmentNames.OrdersTableName]: tables.orders.tableName,
      [EnvironmentNames.InventoryTableName]: tables.inventory.tableName,
    }),
    grant: (fn, { tables }) => {
      // TransactWriteItems is authorised per item: an update on each table.
      tables.orders.grant(fn, 'dynamodb:UpdateItem');
      tables.inventory.grant(fn, 'dynamodb:UpdateItem');
    },
  },
  processPayment: {
    step: 'process-payment',
    description: 'Charges an order once per idempotency key',
    environment: ({ tables }) => ({ [EnvironmentNames.IdempotencyTableName]: tables.idempotency.tableName }),
    grant: (fn, { tables }) =>
      tables.idempotency.grant(
        fn,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ),
  },
  shipOrder: {
    step: 'ship-order',
    description: 'Books the shipment of a paid order',
  },
  notifyOutOfStock: {
    step: 'notify-out-of-stock',
    description: 'Tells the customer which items are out of stock',
    environment: ({ notificationTopic }) => ({
      [EnvironmentNames.NotificationTopicArn]: notificationTopic.topicArn,
    }),
    grant: (fn, { notificationTopic }) => grantTopicPublish(notificationTopic, fn),
  },
  refundPayment: {
    step: 'refund-payment',
    description: 'Refunds the charge made under an order id, if any',
  },
};

/**
 * The function behind each step: the one given, or the default handler in `lambdas/<step>/` with a
 * role that may do exactly what that handler does. Construct ids are the steps in PascalCase
 * (`ValidateOrder`, `Stock`, ...).
 */
export function buildStepFunctions(
  scope: Construct,
  given: Partial<OrderWorkflowFunctions>,
  resources: DefaultFunctionResources,
  options: DefaultFunctionOptions,
): OrderWorkflowFunctions {
  const functionOf = (name: WorkflowFunctionName) =>
    given[name] ?? buildDefaultFunction(scope, DEFAULT_STEPS[name], resources, options);
  return {
    validateOrder: functionOf('validateOrder'),
    stock: functionOf('stock'),
    processPayment: functionOf('processPayment'),
    shipOrder: functionOf('shipOrder'),
    notifyOutOfStock: functionOf('notifyOutOfStock'),
    refundPayment: functionOf('refundPayment'),
  };
}

function buildDefaultFunction(
  scope: Construct,
  spec: DefaultStep,
  resources: DefaultFunctionResources,
  options: DefaultFunctionOptions,
): lambda.IFunction {
  const fn = new OrderStepFunction(scope, pascal(spec.step), {
    step: spec.step,
    description: spec.description,
    environment: spec.environment?.(resources),
    memorySize: options.memorySize,
    tracing: options.tracing,
    logRetention: options.logRetention,
    logRemovalPolicy: options.logRemovalPolicy,
  }).function;
  spec.grant?.(fn, resources);
  return fn;
}

function pascal(step: string): string {
  return step.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}
