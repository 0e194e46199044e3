import { handler } from '../../../lambdas/ship-order';
import { SANDBOX_CARRIER } from '../../../lambdas/providers/sandbox';
import { ErrorNames, ShippingFailedError } from '../../../lambdas/shared';
import { aCapturedPayment, aValidOrder, anOrderWith } from '../fixtures';
import { captureLogs, CapturedLogs } from '../log-capture';

const aShippingRequest = (order: unknown = aValidOrder(), attempt = 0) => ({
  order,
  payment: aCapturedPayment(),
  attempt,
});

describe('ship-order handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  it('books a sandbox shipment with a tracking number', async () => {
    await expect(handler(aShippingRequest())).resolves.toEqual({
      shipmentId: expect.stringMatching(/^shp_/),
      carrier: SANDBOX_CARRIER,
      trackingNumber: expect.stringMatching(/^SBX\d{12}$/),
    });
  });

  it('fails country XX with ShippingFailed, an undeliverable address', async () => {
    const shipment = handler(aShippingRequest(anOrderWith('shippingAddress.country', 'XX')));
    await expect(shipment).rejects.toThrow(ShippingFailedError);
    await expect(shipment).rejects.toThrow('undeliverable address');
  });

  it('fails postal code 00000 with ShippingFailed', async () => {
    await expect(
      handler(aShippingRequest(anOrderWith('shippingAddress.postalCode', '00000'))),
    ).rejects.toMatchObject({
      name: ErrorNames.ShippingFailed,
    });
  });

  it('fails postal code 99999 with ProviderUnavailable on attempts 0 and 1 and ships on attempt 2', async () => {
    const order = anOrderWith('shippingAddress.postalCode', '99999');
    await expect(handler(aShippingRequest(order, 0))).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
    await expect(handler(aShippingRequest(order, 1))).rejects.toMatchObject({
      name: ErrorNames.ProviderUnavailable,
    });
    await expect(handler(aShippingRequest(order, 2))).resolves.toMatchObject({ carrier: SANDBOX_CARRIER });
  });

  it('throws a TypeError naming payment.paymentId when the payment result is incomplete', async () => {
    const event = { ...aShippingRequest(), payment: { ...aCapturedPayment(), paymentId: undefined } };
    await expect(handler(event)).rejects.toThrow(
      new TypeError('Malformed ship-order event: payment.paymentId: is required'),
    );
  });

  it('throws a TypeError naming attempt when the state machine does not pass it', async () => {
    await expect(handler({ order: aValidOrder(), payment: aCapturedPayment() })).rejects.toThrow(
      'Malformed ship-order event: attempt: is required',
    );
  });

  it('logs the shipment under the orderId with the payment id, and not the address or token', async () => {
    await handler(aShippingRequest());
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        message: 'Order shipped',
        orderId: 'order-0001',
        paymentId: aCapturedPayment().paymentId,
      }),
    ]);
    expect(logs.text()).not.toMatch(/tok_visa|Main Street/);
  });
});
