import { ErrorNames, TRANSIENT_LAMBDA_ERRORS } from '../../../lambdas/shared/errors';
import { StateNames } from '../../../lib/construct/state-names';
import { AslState, catchTarget, definitionOf, statesOf, synthWorkflow } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

const { template } = synthWorkflow();
const machine = definitionOf(template);
const states = statesOf(machine);
const lambdaTasks = Object.entries(states).filter(([, s]) => s.Resource === 'arn:aws:states:::lambda:invoke');

/** Follows `Next` (and a Choice's rule for `inStock`) from `from` until an end, naming each state. */
function walk(from: string, inStock = true): string[] {
  const path: string[] = [];
  let current: string | undefined = from;
  while (current) {
    path.push(current);
    const state: AslState = states[current];
    if (state.Type === 'Choice') {
      const rule = state.Choices?.find((c) => c.Variable === '$.reservation.reserved');
      current = inStock && rule ? rule.Next : state.Default;
    } else {
      current = state.Next;
    }
  }
  return path;
}

describe('order workflow definition', () => {
  it('starts at Validate Order and runs the happy path to Order Completed', () => {
    expect(machine.definition.StartAt).toBe(StateNames.ValidateOrder);
    expect(walk(StateNames.ValidateOrder)).toEqual([
      StateNames.ValidateOrder,
      StateNames.RecordOrderValidated,
      StateNames.ReserveStock,
      StateNames.CheckInventory,
      StateNames.ProcessPayment,
      StateNames.RecordOrderPaid,
      StateNames.ShipOrder,
      StateNames.CommitStock,
      StateNames.OrderCompleted,
    ]);
    expect(states[StateNames.OrderCompleted].Type).toBe('Succeed');
  });

  it('branches on the stock reservation to the out-of-stock notification, which ends the execution', () => {
    expect(states[StateNames.CheckInventory].Choices).toEqual([
      { Variable: '$.reservation.reserved', BooleanEquals: true, Next: StateNames.ProcessPayment },
    ]);
    expect(walk(StateNames.ValidateOrder, false)).toEqual([
      StateNames.ValidateOrder,
      StateNames.RecordOrderValidated,
      StateNames.ReserveStock,
      StateNames.CheckInventory,
      StateNames.NotifyOutOfStock,
    ]);
    expect(states[StateNames.NotifyOutOfStock].End).toBe(true);
  });

  it('ends in Customer Not Notified when the out-of-stock notification fails for good', () => {
    expect(catchTarget(states, StateNames.NotifyOutOfStock, 'Lambda.ServiceException')).toBe(
      StateNames.OutOfStockNotNotified,
    );
    expect(states[StateNames.OutOfStockNotNotified]).toEqual({
      Type: 'Fail',
      Error: ErrorNames.OutOfStockNotificationFailed,
      CausePath: '$.error.Cause',
    });
  });

  it('ends an invalid order in the Invalid Order fail state with the handler cause', () => {
    expect(catchTarget(states, StateNames.ValidateOrder, ErrorNames.OrderValidationFailed)).toBe(
      StateNames.InvalidOrder,
    );
    expect(states[StateNames.InvalidOrder]).toEqual({
      Type: 'Fail',
      Error: ErrorNames.OrderValidationFailed,
      CausePath: '$.Cause',
    });
  });

  it('catches into the whole state before the order is known to be an object', () => {
    // `$.error` cannot be added to an input of `null`, `42` or a list: States.ResultPathMatchFailure.
    for (const state of [StateNames.ValidateOrder, StateNames.RecordOrderValidated]) {
      const toTheEnds = (states[state].Catch ?? []).filter((c) =>
        [StateNames.InvalidOrder, StateNames.OrderNotAccepted].includes(c.Next as never),
      );
      expect(toTheEnds.length).toBeGreaterThan(0);
      for (const entry of toTheEnds) expect(entry.ResultPath).toBe('$');
    }
  });

  it('ends in Order Not Accepted when validating or recording the order fails for good', () => {
    for (const state of [StateNames.ValidateOrder, StateNames.RecordOrderValidated]) {
      expect(catchTarget(states, state, 'Lambda.ServiceException')).toBe(StateNames.OrderNotAccepted);
      expect(catchTarget(states, state, 'States.Timeout')).toBe(StateNames.OrderNotAccepted);
    }
    // The record's condition failing means a duplicate execution got there first: not a failure.
    expect(
      catchTarget(states, StateNames.RecordOrderValidated, 'DynamoDB.ConditionalCheckFailedException'),
    ).toBe(StateNames.ReserveStock);
    expect(states[StateNames.OrderNotAccepted]).toEqual({
      Type: 'Fail',
      Error: ErrorNames.OrderNotAccepted,
      CausePath: '$.Cause',
    });
  });

  it('notifies the customer through SNS and fails as PaymentDeclined when the card is declined', () => {
    expect(catchTarget(states, StateNames.ProcessPayment, ErrorNames.PaymentDeclined)).toBe(
      StateNames.NotifyPaymentDeclined,
    );
    const notify = states[StateNames.NotifyPaymentDeclined];
    expect(notify.Resource).toBe('arn:aws:states:::sns:publish');
    expect(notify.Next).toBe(StateNames.ReleaseStock);
    // A failed notification must not hide the decline.
    expect(catchTarget(states, StateNames.NotifyPaymentDeclined, 'SNS.AuthorizationErrorException')).toBe(
      StateNames.ReleaseStock,
    );
    expect(states[StateNames.WhichFailure].Choices![0]).toEqual({
      Variable: '$.error.Error',
      StringEquals: ErrorNames.PaymentDeclined,
      Next: StateNames.PaymentDeclined,
    });
    expect(states[StateNames.PaymentDeclined]).toMatchObject({
      Type: 'Fail',
      Error: ErrorNames.PaymentDeclined,
    });
  });

  it('voids any charge and fails as PaymentFailed when payment cannot complete', () => {
    expect(catchTarget(states, StateNames.ProcessPayment, ErrorNames.ProviderUnavailable)).toBe(
      StateNames.VoidPayment,
    );
    expect(walk(StateNames.VoidPayment).slice(0, 3)).toEqual([
      StateNames.VoidPayment,
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
    ]);
    expect(states[StateNames.WhichFailure].Default).toBe(StateNames.PaymentFailed);
    expect(states[StateNames.PaymentFailed]).toMatchObject({ Type: 'Fail', Error: ErrorNames.PaymentFailed });
  });

  it('refunds the payment and fails as ShippingFailed when shipping fails after payment', () => {
    for (const error of [ErrorNames.ShippingFailed, ErrorNames.ProviderUnavailable, 'States.Timeout']) {
      expect(catchTarget(states, StateNames.ShipOrder, error)).toBe(StateNames.RefundPayment);
    }
    expect(walk(StateNames.RefundPayment).slice(0, 3)).toEqual([
      StateNames.RefundPayment,
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
    ]);
    expect(states[StateNames.WhichFailure].Choices![1]).toEqual({
      Variable: '$.payment',
      IsPresent: true,
      Next: StateNames.ShippingFailed,
    });
    expect(states[StateNames.ShippingFailed]).toEqual({
      Type: 'Fail',
      Error: ErrorNames.ShippingFailed,
      CausePath: '$.error.Cause',
    });
  });

  it('fails as RefundFailed, keeping the original error, when a refund or void cannot complete', () => {
    for (const state of [StateNames.RefundPayment, StateNames.VoidPayment]) {
      expect(states[state].Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.refundError', Next: StateNames.RefundFailed },
      ]);
    }
    expect(states[StateNames.RefundFailed]).toEqual({
      Type: 'Fail',
      Error: ErrorNames.RefundFailed,
      CausePath: '$.refundError.Cause',
    });
  });

  it('refunds a paid order whose payment could not be recorded', () => {
    expect(catchTarget(states, StateNames.RecordOrderPaid, 'DynamoDB.InternalServerErrorException')).toBe(
      StateNames.RefundPayment,
    );
  });

  it('records each status once: a duplicate execution’s failed condition goes on without a step back', () => {
    expect(states[StateNames.RecordOrderValidated].Parameters).toMatchObject({
      ConditionExpression: 'attribute_not_exists(orderId)',
    });
    expect(states[StateNames.RecordOrderPaid].Parameters).toMatchObject({
      ConditionExpression: '#status = :reserved',
    });
    for (const [state, next] of [
      [StateNames.RecordOrderValidated, StateNames.ReserveStock],
      [StateNames.RecordOrderPaid, StateNames.ShipOrder],
    ]) {
      expect(states[state].Catch![0]).toEqual({
        ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
        ResultPath: null,
        Next: next,
      });
      expect(states[state].Next).toBe(next);
    }
  });

  it('releases the reserved stock on every failure after reserving, and ends with the original failure', () => {
    expect(states[StateNames.ReleaseStock].Parameters).toMatchObject({
      Payload: {
        action: 'release',
        'order.$': '$.order',
        'executionArn.$': '$$.Execution.Id',
        'outcome.$': '$',
      },
    });
    expect(catchTarget(states, StateNames.ReleaseStock, 'Lambda.Unknown')).toBe(StateNames.WhichFailure);
    expect(states[StateNames.ReleaseStock].Next).toBe(StateNames.WhichFailure);
  });

  it('records each status with the state machine’s own DynamoDB integration', () => {
    for (const [state, status] of [
      [StateNames.RecordOrderValidated, 'VALIDATED'],
      [StateNames.RecordOrderPaid, 'PAID'],
    ]) {
      expect(states[state]).toMatchObject({
        Resource: 'arn:aws:states:::dynamodb:updateItem',
        Parameters: {
          Key: { orderId: { 'S.$': '$.order.orderId' } },
          ExpressionAttributeValues: { ':status': { S: status } },
        },
        ResultPath: null,
      });
    }
  });

  it('fails by name when stock cannot be reserved or committed for another reason than stock', () => {
    expect(catchTarget(states, StateNames.ReserveStock, 'TransactionCanceledException')).toBe(
      StateNames.ReservationFailed,
    );
    expect(states[StateNames.ReservationFailed]).toMatchObject({
      Type: 'Fail',
      Error: ErrorNames.StockReservationFailed,
    });
    expect(catchTarget(states, StateNames.CommitStock, 'Lambda.Unknown')).toBe(StateNames.CommitFailed);
    expect(states[StateNames.CommitFailed]).toMatchObject({
      Type: 'Fail',
      Error: ErrorNames.StockCommitFailed,
    });
  });

  it('keeps the failed state input under $.error so the compensation still sees the order', () => {
    // Catchers that go straight to a Fail state before anything is reserved keep only the error
    // (see "catches into the whole state…"): there is nothing to compensate.
    const endsBeforeAnything = [StateNames.InvalidOrder, StateNames.OrderNotAccepted] as string[];
    for (const [name, state] of Object.entries(states)) {
      for (const catcher of state.Catch ?? []) {
        // Only the "already recorded" catchers discard the error: nothing went wrong.
        const discards = catcher.ErrorEquals.includes('DynamoDB.ConditionalCheckFailedException');
        const replaces = endsBeforeAnything.includes(catcher.Next);
        expect([name, catcher.ResultPath]).toEqual([
          name,
          discards ? null : replaces ? '$' : expect.stringMatching(/^\$\.\w+$/),
        ]);
      }
    }
  });

  it.each(lambdaTasks.map(([name]) => name))(
    'retries transient Lambda, provider and timeout errors in %s with backoff and full jitter',
    (name) => {
      expect(states[name].Retry).toEqual([
        {
          ErrorEquals: [
            ...TRANSIENT_LAMBDA_ERRORS,
            ErrorNames.ProviderUnavailable,
            'States.Timeout',
            'Sandbox.Timedout',
          ],
          IntervalSeconds: 1,
          MaxAttempts: 3,
          BackoffRate: 2,
          MaxDelaySeconds: 10,
          JitterStrategy: 'FULL',
        },
      ]);
    },
  );

  it('never retries a final business answer (validation, decline, carrier refusal)', () => {
    for (const [, state] of Object.entries(states)) {
      const retried = (state.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect(retried).not.toContain(ErrorNames.OrderValidationFailed);
      expect(retried).not.toContain(ErrorNames.PaymentDeclined);
      expect(retried).not.toContain(ErrorNames.ShippingFailed);
      expect(retried).not.toContain('States.ALL');
    }
  });

  it('gives every task a timeout', () => {
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(tasks).toHaveLength(12);
    for (const [name, task] of tasks) {
      expect([name, task.TimeoutSeconds]).toEqual([name, 7]);
    }
  });

  it('passes the order id as idempotency key and the retry count to Process Payment', () => {
    expect(states[StateNames.ProcessPayment].Parameters).toMatchObject({
      Payload: {
        'order.$': '$.order',
        'charge.$': '$.charge',
        'idempotencyKey.$': '$.order.orderId',
        'attempt.$': '$$.State.RetryCount',
      },
    });
  });

  it('invokes each step function by ARN', () => {
    const functionArn = expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:\w+$/);
    for (const [name, task] of lambdaTasks) {
      expect([name, task.Parameters]).toEqual([name, expect.objectContaining({ FunctionName: functionArn })]);
    }
  });

  it('names every state for a person reading the console', () => {
    expect(Object.keys(states).sort()).toEqual(Object.values(StateNames).sort());
  });
});
