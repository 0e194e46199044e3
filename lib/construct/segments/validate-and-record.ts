import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames } from '../../../lambdas/shared/errors';
import { WorkflowStates } from './workflow-states';

/**
 * Validate Order → Record Order Validated → `reserve`. An invalid order ends in Invalid Order; a
 * validation or first record that fails for another reason (retries used up, or a bug) ends in
 * Order Not Accepted. Nothing is reserved or charged yet.
 *
 * Both ends are reached with the caught error as the whole state ({Error, Cause}): the execution
 * input may not be an object (`null`, `42`, a list), and a ResultPath of `$.error` cannot be added
 * to one, which would end the order in States.ResultPathMatchFailure instead.
 */
export function validateAndRecord(states: WorkflowStates, reserve: sfn.IChainable): sfn.IChainable {
  const orderNotAccepted = states.fail('OrderNotAccepted', ErrorNames.OrderNotAccepted, '$.Cause');
  const validateOrder = states
    .invoke('ValidateOrder', states.functions.validateOrder, {
      comment: 'Checks every field of the order, prices it and looks its items up in the inventory.',
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      resultSelector: {
        order: sfn.JsonPath.objectAt('$.Payload.order'),
        inventory: sfn.JsonPath.objectAt('$.Payload.inventory'),
        charge: sfn.JsonPath.objectAt('$.Payload.charge'),
      },
      resultPath: '$',
    })
    .addCatch(states.fail('InvalidOrder', ErrorNames.OrderValidationFailed, '$.Cause'), {
      errors: [ErrorNames.OrderValidationFailed],
      resultPath: '$',
    })
    .addCatch(orderNotAccepted, { errors: [sfn.Errors.ALL], resultPath: '$' });

  return validateOrder.next(
    states.recordStatus('RecordOrderValidated', {
      status: 'VALIDATED',
      comment: 'Creates the order’s record: VALIDATED (once: a duplicate execution finds it there).',
      onlyIf: { condition: 'attribute_not_exists(orderId)' },
      next: reserve,
      onFailure: { state: orderNotAccepted, resultPath: '$' },
    }),
  );
}
