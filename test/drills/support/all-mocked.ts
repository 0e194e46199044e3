import { StateNames } from '../../../lib/construct/state-names';
import { MockConfig } from '../../../lib/toolkit/local/mock-config';

/** The mock configuration test case that mocks every task of the happy path. */
export const ALL_MOCKED = 'AllMocked';

/** What each task of the happy path returns, as its integration would (Lambda's wrapped in Payload). */
export function happyPathResponses(order: Record<string, unknown>): Record<string, unknown> {
  const lambda = (value: unknown) => ({ StatusCode: 200, Payload: value });
  return {
    [StateNames.ValidateOrder]: lambda({
      order,
      inventory: { inStock: true, unavailableItems: [] },
      charge: { amount: 3497, currency: 'USD' },
    }),
    [StateNames.RecordOrderValidated]: {},
    [StateNames.ReserveStock]: lambda({ reserved: true, unavailableItems: [], status: 'STOCK_RESERVED' }),
    [StateNames.ProcessPayment]: lambda({
      paymentId: 'pay_1',
      amount: 3497,
      currency: 'USD',
      status: 'CAPTURED',
      replayed: false,
    }),
    [StateNames.RecordOrderPaid]: {},
    [StateNames.ShipOrder]: lambda({
      shipmentId: 'shp_1',
      carrier: 'Bench',
      trackingNumber: 'SBX000000000000',
    }),
    [StateNames.CommitStock]: lambda({ reserved: true, unavailableItems: [], status: 'SHIPPED' }),
  };
}

/** Every task of the happy path mocked: our server and engine alone, no function code. */
export function allMocked(machineName: string, order: Record<string, unknown>): MockConfig {
  const responses = Object.entries(happyPathResponses(order));
  return MockConfig.parse({
    StateMachines: {
      [machineName]: {
        TestCases: {
          [ALL_MOCKED]: Object.fromEntries(responses.map(([state], i) => [state, `Response${i}`])),
        },
      },
    },
    MockedResponses: Object.fromEntries(
      responses.map(([, value], i) => [`Response${i}`, { '0': { Return: value } }]),
    ),
  });
}
