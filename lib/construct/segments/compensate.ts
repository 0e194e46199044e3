import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames } from '../../../lambdas/shared/errors';
import { StateKey } from '../state-names';
import { ATTEMPT, WorkflowStates } from './workflow-states';

/** Where a failure after reserving stock goes: each ends in Release Stock, then its named failure. */
export interface Compensation {
  /** The card was declined: tell the customer, release the stock. */
  readonly notifyPaymentDeclined: sfn.IChainable;
  /** The payment could not complete: refund any charge made under the order's key, release the stock. */
  readonly voidPayment: sfn.IChainable;
  /** Recording the payment or shipping failed after payment: refund the charge, release the stock. */
  readonly refundPayment: sfn.IChainable;
}

/**
 * Compensation: void or refund the payment, or tell the customer it was declined; then Release
 * Stock puts the reserved units back and Which Failure? ends the order with the failure that
 * brought it here (Payment Declined, Shipping Failed or Payment Failed). A refund that fails for
 * good ends in Refund Failed: a person must look.
 */
export function compensate(states: WorkflowStates): Compensation {
  const releaseStock = releaseStockThenFail(states);
  const refundFailed = states.fail('RefundFailed', ErrorNames.RefundFailed, '$.refundError.Cause');
  // Made in this order on purpose: CDK orders the definition's States by walking the graph, visiting
  // each state's incoming states in the order they were wired. Making Notify Payment Declined first
  // reorders the synthesized definition (not its meaning), and the snapshots then fail.
  return {
    voidPayment: refund(states, 'VoidPayment', refundFailed, releaseStock),
    refundPayment: refund(states, 'RefundPayment', refundFailed, releaseStock),
    notifyPaymentDeclined: notifyPaymentDeclined(states, releaseStock),
  };
}

/** Release Stock, then Which Failure? and the failure's named end. */
function releaseStockThenFail(states: WorkflowStates): sfn.IChainable {
  const whichFailure = states
    .choice('WhichFailure', 'Ends the order with the failure that sent it here.')
    .when(
      sfn.Condition.stringEquals('$.error.Error', ErrorNames.PaymentDeclined),
      states.fail('PaymentDeclined', ErrorNames.PaymentDeclined, '$.error.Cause'),
    )
    .when(
      sfn.Condition.isPresent('$.payment'),
      states.fail('ShippingFailed', ErrorNames.ShippingFailed, '$.error.Cause'),
    )
    .otherwise(states.fail('PaymentFailed', ErrorNames.PaymentFailed, '$.error.Cause'));
  return (
    states
      .stock(
        'ReleaseStock',
        'release',
        // The whole state: the error being compensated and the refund, when there was one.
        { outcome: sfn.JsonPath.entirePayload },
        'Puts the reserved units back and records why the order failed, in one transaction.',
      )
      // A failed release must not hide why the order failed; the function's error alarm fires.
      .addCatch(whichFailure, { errors: [sfn.Errors.ALL], resultPath: '$.releaseError' })
      .next(whichFailure)
  );
}

/** Void Payment and Refund Payment: both refund the charge made under the order's idempotency key. */
function refund(
  states: WorkflowStates,
  id: StateKey,
  refundFailed: sfn.IChainable,
  then: sfn.IChainable,
): sfn.IChainable {
  return states
    .invoke(id, states.functions.refundPayment, {
      comment: 'Refunds whatever was charged under the order id; a no-op when nothing was.',
      payload: sfn.TaskInput.fromObject({
        order: sfn.JsonPath.objectAt('$.order'),
        idempotencyKey: sfn.JsonPath.stringAt('$.order.orderId'),
        charge: sfn.JsonPath.objectAt('$.charge'),
        reason: sfn.JsonPath.stringAt('$.error.Cause'),
        attempt: ATTEMPT,
      }),
      resultSelector: {
        status: sfn.JsonPath.stringAt('$.Payload.status'),
        amount: sfn.JsonPath.numberAt('$.Payload.amount'),
      },
      resultPath: '$.refund',
    })
    .addCatch(refundFailed, { errors: [sfn.Errors.ALL], resultPath: '$.refundError' })
    .next(then);
}

/** Publishing one message needs no function: the state machine calls SNS itself. */
function notifyPaymentDeclined(states: WorkflowStates, releaseStock: sfn.IChainable): sfn.IChainable {
  return states
    .publish('NotifyPaymentDeclined', {
      comment:
        'Tells the customer the card was declined. Best effort: the order fails as declined either way.',
      topic: states.props.notificationTopic,
      subject: 'Your order could not be paid',
      message: sfn.TaskInput.fromObject({
        kind: 'PAYMENT_DECLINED',
        orderId: sfn.JsonPath.stringAt('$.order.orderId'),
        customerEmail: sfn.JsonPath.stringAt('$.order.customer.email'),
        reason: sfn.JsonPath.stringAt('$.error.Cause'),
      }),
      resultSelector: { messageId: sfn.JsonPath.stringAt('$.MessageId') },
      resultPath: '$.notification',
    })
    .addCatch(releaseStock, { errors: [sfn.Errors.ALL], resultPath: '$.notificationError' })
    .next(releaseStock);
}
