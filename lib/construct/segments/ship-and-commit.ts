import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames } from '../../../lambdas/shared/errors';
import { Compensation } from './compensate';
import { ATTEMPT, WorkflowStates } from './workflow-states';

/**
 * Ship Order → Commit Stock → Order Completed. A shipment that fails refunds the payment; stock
 * that cannot be committed ends in Stock Not Committed (paid and shipped: a person reconciles).
 */
export function shipAndCommit(states: WorkflowStates, compensation: Compensation): sfn.IChainable {
  return states
    .invoke('ShipOrder', states.functions.shipOrder, {
      comment: 'Books the shipment. Any failure after payment refunds the customer.',
      payload: sfn.TaskInput.fromObject({
        order: sfn.JsonPath.objectAt('$.order'),
        payment: sfn.JsonPath.objectAt('$.payment'),
        attempt: ATTEMPT,
      }),
      resultSelector: {
        shipmentId: sfn.JsonPath.stringAt('$.Payload.shipmentId'),
        carrier: sfn.JsonPath.stringAt('$.Payload.carrier'),
        trackingNumber: sfn.JsonPath.stringAt('$.Payload.trackingNumber'),
      },
      resultPath: '$.shipment',
    })
    .addCatch(compensation.refundPayment, { errors: [sfn.Errors.ALL], resultPath: '$.error' })
    .next(commitStock(states));
}

function commitStock(states: WorkflowStates): sfn.IChainable {
  return (
    states
      .stock(
        'CommitStock',
        'commit',
        {},
        'The reserved units have left: takes them off the books, records SHIPPED.',
      )
      // Paid and shipped either way: fail by name so a person reconciles the books, refund nothing.
      .addCatch(states.fail('CommitFailed', ErrorNames.StockCommitFailed, '$.error.Cause'), {
        errors: [sfn.Errors.ALL],
        resultPath: '$.error',
      })
      .next(states.succeed('OrderCompleted', 'Paid and shipped.'))
  );
}
