import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ErrorNames, TRANSIENT_LAMBDA_ERRORS } from '../../lambdas/shared/errors';
import type { OrderStatus } from '../../lambdas/shared/order';
import { ResolvedRetryPolicy, retryProps } from './retry-policy';
import { StateKey, StateNames } from './state-names';

/** The function behind each Lambda step. */
export interface OrderWorkflowFunctions {
  readonly validateOrder: lambda.IFunction;
  /** "Reserve Stock", "Commit Stock" and "Release Stock". */
  readonly stock: lambda.IFunction;
  readonly processPayment: lambda.IFunction;
  readonly shipOrder: lambda.IFunction;
  readonly notifyOutOfStock: lambda.IFunction;
  readonly refundPayment: lambda.IFunction;
}

export interface OrderWorkflowDefinitionProps {
  readonly functions: OrderWorkflowFunctions;
  /** Where "Record Order ..." states write the order's status and timeline. */
  readonly ordersTable: dynamodb.ITable;
  readonly notificationTopic: sns.ITopic;
  readonly retryPolicy: ResolvedRetryPolicy;
  readonly taskTimeout: Duration;
}

/** Errors worth another attempt: the Lambda service's, a provider's, and a hung call's. */
export const TRANSIENT_TASK_ERRORS = [
  ...TRANSIENT_LAMBDA_ERRORS,
  ErrorNames.ProviderUnavailable,
  sfn.Errors.TIMEOUT,
  // A function that ran out of its own time (Lambda's timeout comes before the task's).
  'Sandbox.Timedout',
] as const;

/** DynamoDB errors worth another attempt when the state machine writes an item itself. */
export const TRANSIENT_DYNAMODB_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.RequestLimitExceeded',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
  'DynamoDB.TransactionConflictException',
  sfn.Errors.TIMEOUT,
] as const;

/** SNS errors worth another attempt when publishing directly from the state machine. */
export const TRANSIENT_SNS_ERRORS = [
  'SNS.InternalErrorException',
  'SNS.ThrottledException',
  'SNS.KMSThrottlingException',
  sfn.Errors.TIMEOUT,
] as const;

const RETRY_COUNT = sfn.JsonPath.numberAt('$$.State.RetryCount');
const EXECUTION_ARN = sfn.JsonPath.stringAt('$$.Execution.Id');

/**
 * Builds the order workflow:
 *
 *   Validate Order → Record Order Validated → Reserve Stock → Check Inventory → Process Payment
 *     → Record Order Paid → Ship Order → Commit Stock → Order Completed
 *
 * with a named end for every failure: an invalid order, an out-of-stock notification (nothing
 * reserved), a declined payment (the customer is told through SNS), a payment that could not
 * complete (any charge under the order's key is voided), a shipment that failed after payment (the
 * payment is refunded) — each of the last three releasing the reserved stock — and a refund that
 * failed (the order needs a person). Every status change is recorded in the Orders table: by the
 * state machine itself where nothing else happens, in the stock transaction where stock moves.
 */
export function buildOrderWorkflowDefinition(
  scope: Construct,
  props: OrderWorkflowDefinitionProps,
): sfn.IChainable {
  const { functions, taskTimeout } = props;
  const invoke = (
    id: StateKey,
    fn: lambda.IFunction,
    extra: Omit<tasks.LambdaInvokeJsonPathProps, 'lambdaFunction' | 'stateName'>,
  ) =>
    tasks.LambdaInvoke.jsonPath(scope, id, {
      stateName: StateNames[id],
      lambdaFunction: fn,
      // CDK's own retrier has no jitter and skips TooManyRequestsException: ours replaces it.
      retryOnServiceExceptions: false,
      taskTimeout: sfn.Timeout.duration(taskTimeout),
      ...extra,
    }).addRetry(retryProps(TRANSIENT_TASK_ERRORS, props.retryPolicy));

  const fail = (id: StateKey, error: string, causePath: string) =>
    sfn.Fail.jsonPath(scope, id, { stateName: StateNames[id], error, causePath });

  // --- Failure ends -------------------------------------------------------------------------------
  // These two are reached with the caught error as the whole state ({Error, Cause}): the execution
  // input may not be an object (`null`, `42`, a list), and a ResultPath of `$.error` cannot be
  // added to one, which would end the order in States.ResultPathMatchFailure instead.
  const invalidOrder = fail('InvalidOrder', ErrorNames.OrderValidationFailed, '$.Cause');
  // Validation or the first record failed for another reason than the order (retries exhausted, or
  // a bug): nothing reserved or charged.
  const orderNotAccepted = fail('OrderNotAccepted', ErrorNames.OrderNotAccepted, '$.Cause');
  const paymentDeclined = fail('PaymentDeclined', ErrorNames.PaymentDeclined, '$.error.Cause');
  const paymentFailed = fail('PaymentFailed', ErrorNames.PaymentFailed, '$.error.Cause');
  const shippingFailed = fail('ShippingFailed', ErrorNames.ShippingFailed, '$.error.Cause');
  const refundFailed = fail('RefundFailed', ErrorNames.RefundFailed, '$.refundError.Cause');
  const reservationFailed = fail('ReservationFailed', ErrorNames.StockReservationFailed, '$.error.Cause');
  const commitFailed = fail('CommitFailed', ErrorNames.StockCommitFailed, '$.error.Cause');

  // --- Compensation: both refund the charge made under the order's idempotency key ---------------
  const refundPayload = sfn.TaskInput.fromObject({
    order: sfn.JsonPath.objectAt('$.order'),
    idempotencyKey: sfn.JsonPath.stringAt('$.order.orderId'),
    charge: sfn.JsonPath.objectAt('$.charge'),
    reason: sfn.JsonPath.stringAt('$.error.Cause'),
    attempt: RETRY_COUNT,
  });
  const refundSelector = {
    status: sfn.JsonPath.stringAt('$.Payload.status'),
    amount: sfn.JsonPath.numberAt('$.Payload.amount'),
  };
  const refund = (id: StateKey, then: sfn.IChainable) =>
    invoke(id, functions.refundPayment, {
      comment: 'Refunds whatever was charged under the order id; a no-op when nothing was.',
      payload: refundPayload,
      resultSelector: refundSelector,
      resultPath: '$.refund',
    })
      .addCatch(refundFailed, { errors: [sfn.Errors.ALL], resultPath: '$.refundError' })
      .next(then);
  // --- Stock: reserve all-or-nothing, commit when shipped, release on any failure after reserving ---
  const stock = (
    id: StateKey,
    action: 'reserve' | 'commit' | 'release',
    payload: Record<string, unknown>,
    comment: string,
  ) =>
    invoke(id, functions.stock, {
      comment,
      payload: sfn.TaskInput.fromObject({
        action,
        order: sfn.JsonPath.objectAt('$.order'),
        executionArn: EXECUTION_ARN,
        ...payload,
      }),
      resultSelector: {
        reserved: sfn.JsonPath.objectAt('$.Payload.reserved'),
        unavailableItems: sfn.JsonPath.listAt('$.Payload.unavailableItems'),
        status: sfn.JsonPath.stringAt('$.Payload.status'),
      },
      resultPath: { reserve: '$.reservation', commit: '$.fulfilment', release: '$.release' }[action],
    });

  const whichFailure = new sfn.Choice(scope, 'WhichFailure', {
    stateName: StateNames.WhichFailure,
    comment: 'Ends the order with the failure that sent it here.',
  })
    .when(sfn.Condition.stringEquals('$.error.Error', ErrorNames.PaymentDeclined), paymentDeclined)
    .when(sfn.Condition.isPresent('$.payment'), shippingFailed)
    .otherwise(paymentFailed);
  const releaseStock = stock(
    'ReleaseStock',
    'release',
    // The whole state: the error being compensated and the refund, when there was one.
    { outcome: sfn.JsonPath.entirePayload },
    'Puts the reserved units back and records why the order failed, in one transaction.',
  )
    // A failed release must not hide why the order failed; the function's error alarm fires.
    .addCatch(whichFailure, { errors: [sfn.Errors.ALL], resultPath: '$.releaseError' })
    .next(whichFailure);

  const voidPayment = refund('VoidPayment', releaseStock);
  const refundPayment = refund('RefundPayment', releaseStock);

  // --- Notifications -----------------------------------------------------------------------------
  const notifyOutOfStock = invoke('NotifyOutOfStock', functions.notifyOutOfStock, {
    comment: 'Tells the customer which items are short; the order ends here, nothing reserved or charged.',
    payload: sfn.TaskInput.fromObject({
      order: sfn.JsonPath.objectAt('$.order'),
      unavailableItems: sfn.JsonPath.listAt('$.reservation.unavailableItems'),
    }),
    resultSelector: { messageId: sfn.JsonPath.stringAt('$.Payload.messageId') },
    resultPath: '$.notification',
  }).addCatch(
    // Nothing to undo (nothing reserved or charged), but someone must tell the customer.
    fail('OutOfStockNotNotified', ErrorNames.OutOfStockNotificationFailed, '$.error.Cause'),
    { errors: [sfn.Errors.ALL], resultPath: '$.error' },
  );

  // Publishing one message needs no function: the state machine calls SNS itself.
  const notifyPaymentDeclined = tasks.SnsPublish.jsonPath(scope, 'NotifyPaymentDeclined', {
    stateName: StateNames.NotifyPaymentDeclined,
    comment: 'Tells the customer the card was declined. Best effort: the order fails as declined either way.',
    topic: props.notificationTopic,
    subject: 'Your order could not be paid',
    message: sfn.TaskInput.fromObject({
      kind: 'PAYMENT_DECLINED',
      orderId: sfn.JsonPath.stringAt('$.order.orderId'),
      customerEmail: sfn.JsonPath.stringAt('$.order.customer.email'),
      reason: sfn.JsonPath.stringAt('$.error.Cause'),
    }),
    resultSelector: { messageId: sfn.JsonPath.stringAt('$.MessageId') },
    resultPath: '$.notification',
    taskTimeout: sfn.Timeout.duration(taskTimeout),
  })
    .addRetry(retryProps(TRANSIENT_SNS_ERRORS, props.retryPolicy))
    .addCatch(releaseStock, { errors: [sfn.Errors.ALL], resultPath: '$.notificationError' })
    .next(releaseStock);

  // --- The happy path ----------------------------------------------------------------------------
  const orderCompleted = new sfn.Succeed(scope, 'OrderCompleted', {
    stateName: StateNames.OrderCompleted,
    comment: 'Paid and shipped.',
  });

  const shipOrder = invoke('ShipOrder', functions.shipOrder, {
    comment: 'Books the shipment. Any failure after payment refunds the customer.',
    payload: sfn.TaskInput.fromObject({
      order: sfn.JsonPath.objectAt('$.order'),
      payment: sfn.JsonPath.objectAt('$.payment'),
      attempt: RETRY_COUNT,
    }),
    resultSelector: {
      shipmentId: sfn.JsonPath.stringAt('$.Payload.shipmentId'),
      carrier: sfn.JsonPath.stringAt('$.Payload.carrier'),
      trackingNumber: sfn.JsonPath.stringAt('$.Payload.trackingNumber'),
    },
    resultPath: '$.shipment',
  })
    .addCatch(refundPayment, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
    .next(
      stock(
        'CommitStock',
        'commit',
        {},
        'The reserved units have left: takes them off the books, records SHIPPED.',
      )
        // Paid and shipped either way: fail by name so a person reconciles the books, refund nothing.
        .addCatch(commitFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
        .next(orderCompleted),
    );

  /**
   * Records a status the state machine owns. The condition makes a duplicate execution (Express
   * delivers at least once) a no-op instead of a step back in the timeline: when it fails, the
   * status is already past, and the workflow goes on.
   */
  const recordStatus = (
    id: StateKey,
    status: OrderStatus,
    comment: string,
    onlyIf: { condition: string; values?: Record<string, tasks.DynamoAttributeValue> },
    next: sfn.IChainable,
  ) =>
    tasks.DynamoUpdateItem.jsonPath(scope, id, {
      stateName: StateNames[id],
      comment,
      table: props.ordersTable,
      key: { orderId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.order.orderId')) },
      updateExpression:
        'SET #status = :status, updatedAt = :now, timeline = list_append(if_not_exists(timeline, :empty), :entry)',
      conditionExpression: onlyIf.condition,
      expressionAttributeNames: { '#status': 'status' },
      expressionAttributeValues: {
        ...onlyIf.values,
        ':status': tasks.DynamoAttributeValue.fromString(status),
        ':now': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$$.State.EnteredTime')),
        ':empty': tasks.DynamoAttributeValue.fromList([]),
        ':entry': tasks.DynamoAttributeValue.fromList([
          tasks.DynamoAttributeValue.fromMap({
            status: tasks.DynamoAttributeValue.fromString(status),
            at: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$$.State.EnteredTime')),
            executionArn: tasks.DynamoAttributeValue.fromString(EXECUTION_ARN),
          }),
        ]),
      },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(taskTimeout),
    })
      .addRetry(retryProps(TRANSIENT_DYNAMODB_ERRORS, props.retryPolicy))
      .addCatch(next, {
        errors: ['DynamoDB.ConditionalCheckFailedException'],
        resultPath: sfn.JsonPath.DISCARD,
      });

  const recordOrderPaid = recordStatus(
    'RecordOrderPaid',
    'PAID',
    'Adds PAID to the order’s timeline (once: a duplicate execution finds it past STOCK_RESERVED).',
    {
      condition: '#status = :reserved',
      values: { ':reserved': tasks.DynamoAttributeValue.fromString('STOCK_RESERVED') },
    },
    shipOrder,
  )
    // Paid but not recorded: refund rather than ship an order the books do not show as paid.
    .addCatch(refundPayment, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
    .next(shipOrder);

  const processPayment = invoke('ProcessPayment', functions.processPayment, {
    comment: 'Charges the card with the order id as idempotency key, so a retry never charges twice.',
    payload: sfn.TaskInput.fromObject({
      order: sfn.JsonPath.objectAt('$.order'),
      charge: sfn.JsonPath.objectAt('$.charge'),
      idempotencyKey: sfn.JsonPath.stringAt('$.order.orderId'),
      attempt: RETRY_COUNT,
    }),
    resultSelector: {
      paymentId: sfn.JsonPath.stringAt('$.Payload.paymentId'),
      amount: sfn.JsonPath.numberAt('$.Payload.amount'),
      currency: sfn.JsonPath.stringAt('$.Payload.currency'),
      status: sfn.JsonPath.stringAt('$.Payload.status'),
    },
    resultPath: '$.payment',
  })
    .addCatch(notifyPaymentDeclined, { errors: [ErrorNames.PaymentDeclined], resultPath: '$.error' })
    // Retries exhausted or an unexpected error: a charge may have gone through unseen, so void it.
    .addCatch(voidPayment, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
    .next(recordOrderPaid);

  const checkInventory = new sfn.Choice(scope, 'CheckInventory', {
    stateName: StateNames.CheckInventory,
    comment: 'Was every item reserved in the quantity ordered?',
  })
    .when(sfn.Condition.booleanEquals('$.reservation.reserved', true), processPayment)
    .otherwise(notifyOutOfStock);
  const reserveStock = stock(
    'ReserveStock',
    'reserve',
    {},
    'Reserves every item or none (a DynamoDB transaction), recording STOCK_RESERVED or OUT_OF_STOCK.',
  )
    .addCatch(reservationFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
    .next(checkInventory);

  const validateOrder = invoke('ValidateOrder', functions.validateOrder, {
    comment: 'Checks every field of the order, prices it and looks its items up in the inventory.',
    payload: sfn.TaskInput.fromJsonPathAt('$'),
    resultSelector: {
      order: sfn.JsonPath.objectAt('$.Payload.order'),
      inventory: sfn.JsonPath.objectAt('$.Payload.inventory'),
      charge: sfn.JsonPath.objectAt('$.Payload.charge'),
    },
    resultPath: '$',
  })
    .addCatch(invalidOrder, { errors: [ErrorNames.OrderValidationFailed], resultPath: '$' })
    .addCatch(orderNotAccepted, { errors: [sfn.Errors.ALL], resultPath: '$' });

  return validateOrder.next(
    recordStatus(
      'RecordOrderValidated',
      'VALIDATED',
      'Creates the order’s record: VALIDATED (once: a duplicate execution finds it there).',
      { condition: 'attribute_not_exists(orderId)' },
      reserveStock,
    )
      .addCatch(orderNotAccepted, { errors: [sfn.Errors.ALL], resultPath: '$' })
      .next(reserveStock),
  );
}
