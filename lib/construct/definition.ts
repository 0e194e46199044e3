import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { compensate } from './segments/compensate';
import { pay } from './segments/pay';
import { reserveStock } from './segments/reserve-stock';
import { shipAndCommit } from './segments/ship-and-commit';
import { validateAndRecord } from './segments/validate-and-record';
import { OrderWorkflowDefinitionProps, WorkflowStates } from './segments/workflow-states';

export {
  TRANSIENT_DYNAMODB_ERRORS,
  TRANSIENT_SNS_ERRORS,
  TRANSIENT_TASK_ERRORS,
} from './segments/transient-errors';
export type {
  OrderWorkflowDefinitionProps,
  OrderWorkflowFunctions,
  WorkflowFunctionName,
} from './segments/workflow-states';

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
 *
 * Each segment lives in segments/, one file each, and is given the segment that follows it and
 * the compensation its failures reach. Compensation comes first because a state can only point at
 * states that already exist; the rest reads in the order an order runs.
 */
export function buildOrderWorkflowDefinition(
  scope: Construct,
  props: OrderWorkflowDefinitionProps,
): sfn.IChainable {
  const states = new WorkflowStates(scope, props);
  const compensation = compensate(states);
  return validateAndRecord(
    states,
    reserveStock(states, pay(states, compensation, shipAndCommit(states, compensation))),
  );
}
