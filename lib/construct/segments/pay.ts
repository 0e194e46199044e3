import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ErrorNames } from '../../../lambdas/shared/errors';
import { Compensation } from './compensate';
import { ATTEMPT, WorkflowStates } from './workflow-states';

/**
 * Process Payment → Record Order Paid → `ship`. A declined card tells the customer; a payment that
 * could not complete is voided; a payment that cannot be recorded is refunded.
 */
export function pay(
  states: WorkflowStates,
  compensation: Compensation,
  ship: sfn.IChainable,
): sfn.IChainable {
  return (
    states
      .invoke('ProcessPayment', states.functions.processPayment, {
        comment: 'Charges the card with the order id as idempotency key, so a retry never charges twice.',
        payload: sfn.TaskInput.fromObject({
          order: sfn.JsonPath.objectAt('$.order'),
          charge: sfn.JsonPath.objectAt('$.charge'),
          idempotencyKey: sfn.JsonPath.stringAt('$.order.orderId'),
          attempt: ATTEMPT,
        }),
        resultSelector: {
          paymentId: sfn.JsonPath.stringAt('$.Payload.paymentId'),
          amount: sfn.JsonPath.numberAt('$.Payload.amount'),
          currency: sfn.JsonPath.stringAt('$.Payload.currency'),
          status: sfn.JsonPath.stringAt('$.Payload.status'),
        },
        resultPath: '$.payment',
      })
      .addCatch(compensation.notifyPaymentDeclined, {
        errors: [ErrorNames.PaymentDeclined],
        resultPath: '$.error',
      })
      // Retries exhausted or an unexpected error: a charge may have gone through unseen, so void it.
      .addCatch(compensation.voidPayment, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
      .next(recordOrderPaid(states, compensation, ship))
  );
}

function recordOrderPaid(
  states: WorkflowStates,
  compensation: Compensation,
  ship: sfn.IChainable,
): sfn.IChainable {
  return states.recordStatus('RecordOrderPaid', {
    status: 'PAID',
    comment: 'Adds PAID to the order’s timeline (once: a duplicate execution finds it past STOCK_RESERVED).',
    onlyIf: {
      condition: '#status = :reserved',
      values: { ':reserved': tasks.DynamoAttributeValue.fromString('STOCK_RESERVED') },
    },
    next: ship,
    // Paid but not recorded: refund rather than ship an order the books do not show as paid.
    onFailure: { state: compensation.refundPayment, resultPath: '$.error' },
  });
}
