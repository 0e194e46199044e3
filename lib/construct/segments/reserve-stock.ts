import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames } from '../../../lambdas/shared/errors';
import { WorkflowStates } from './workflow-states';

/**
 * Reserve Stock → Check Inventory → `pay` when every item was reserved; otherwise Notify Out Of
 * Stock, which ends the order with nothing reserved or charged. A reservation that fails for
 * another reason than stock ends in Reservation Failed.
 */
export function reserveStock(states: WorkflowStates, pay: sfn.IChainable): sfn.IChainable {
  const checkInventory = states
    .choice('CheckInventory', 'Was every item reserved in the quantity ordered?')
    .when(sfn.Condition.booleanEquals('$.reservation.reserved', true), pay)
    .otherwise(notifyOutOfStock(states));
  return states
    .stock(
      'ReserveStock',
      'reserve',
      {},
      'Reserves every item or none (a DynamoDB transaction), recording STOCK_RESERVED or OUT_OF_STOCK.',
    )
    .addCatch(states.fail('ReservationFailed', ErrorNames.StockReservationFailed, '$.error.Cause'), {
      errors: [sfn.Errors.ALL],
      resultPath: '$.error',
    })
    .next(checkInventory);
}

function notifyOutOfStock(states: WorkflowStates): sfn.IChainable {
  return states
    .invoke('NotifyOutOfStock', states.functions.notifyOutOfStock, {
      comment: 'Tells the customer which items are short; the order ends here, nothing reserved or charged.',
      payload: sfn.TaskInput.fromObject({
        order: sfn.JsonPath.objectAt('$.order'),
        unavailableItems: sfn.JsonPath.listAt('$.reservation.unavailableItems'),
      }),
      resultSelector: { messageId: sfn.JsonPath.stringAt('$.Payload.messageId') },
      resultPath: '$.notification',
    })
    .addCatch(
      // Nothing to undo (nothing reserved or charged), but someone must tell the customer.
      states.fail('OutOfStockNotNotified', ErrorNames.OutOfStockNotificationFailed, '$.error.Cause'),
      { errors: [sfn.Errors.ALL], resultPath: '$.error' },
    );
}
