import { StateNames } from '../../../lib/construct/state-names';
import { MockConfig } from '../../../lib/local/mock-config';

/** The mock configuration test case that mocks every task of the happy path. */
export const ALL_MOCKED = 'AllMocked';

/** Every task of the happy path mocked: our server and engine alone, no function code. */
export function allMocked(machineName: string, order: Record<string, unknown>): MockConfig {
  const payload = (value: unknown) => ({ '0': { Return: { StatusCode: 200, Payload: value } } });
  return MockConfig.parse({
    StateMachines: {
      [machineName]: {
        TestCases: {
          [ALL_MOCKED]: {
            [StateNames.ValidateOrder]: 'Validated',
            [StateNames.RecordOrderValidated]: 'Recorded',
            [StateNames.ReserveStock]: 'Reserved',
            [StateNames.ProcessPayment]: 'Paid',
            [StateNames.RecordOrderPaid]: 'Recorded',
            [StateNames.ShipOrder]: 'Shipped',
            [StateNames.CommitStock]: 'Committed',
          },
        },
      },
    },
    MockedResponses: {
      Validated: payload({
        order,
        inventory: { inStock: true, unavailableItems: [] },
        charge: { amount: 3497, currency: 'USD' },
      }),
      Paid: payload({
        paymentId: 'pay_1',
        amount: 3497,
        currency: 'USD',
        status: 'CAPTURED',
        replayed: false,
      }),
      Shipped: payload({ shipmentId: 'shp_1', carrier: 'Bench', trackingNumber: 'SBX000000000000' }),
      Recorded: { '0': { Return: {} } },
      Reserved: payload({ reserved: true, unavailableItems: [], status: 'STOCK_RESERVED' }),
      Committed: payload({ reserved: true, unavailableItems: [], status: 'SHIPPED' }),
    },
  });
}
