import {
  decideShipment,
  SandboxShippingProvider,
  SANDBOX_CARRIER,
} from '../../../../lambdas/providers/sandbox';
import { ErrorNames, Order, ProviderUnavailableError, ShippingFailedError } from '../../../../lambdas/shared';
import { parseOrder } from '../../../../lambdas/domain';
import { aValidOrder, anOrderWith } from '../../fixtures';

const orderTo = (field: 'country' | 'postalCode', value: string): Order =>
  parseOrder(anOrderWith(`shippingAddress.${field}`, value));

describe('decideShipment', () => {
  it('ships an ordinary address on the first attempt', () => {
    expect(decideShipment(parseOrder(aValidOrder()).shippingAddress, 0)).toEqual({ outcome: 'ship' });
  });

  it('refuses country XX and postal code 00000 on every attempt', () => {
    for (const order of [orderTo('country', 'XX'), orderTo('postalCode', '00000')]) {
      expect(decideShipment(order.shippingAddress, 5)).toEqual({
        outcome: 'refuse',
        reason: 'carrier refused the shipment: undeliverable address',
      });
    }
  });
});

describe('SandboxShippingProvider', () => {
  const shipping = new SandboxShippingProvider();

  it('books a shipment with ids derived from the order id', async () => {
    const result = await shipping.ship(parseOrder(aValidOrder()), 0);
    expect(result).toEqual({
      shipmentId: expect.stringMatching(/^shp_[0-9a-f]{24}$/),
      carrier: SANDBOX_CARRIER,
      trackingNumber: expect.stringMatching(/^SBX\d{12}$/),
    });
  });

  it('books the same shipment when asked twice for one order, and another for another order', async () => {
    const order = parseOrder(aValidOrder());
    expect(await shipping.ship(order, 1)).toEqual(await new SandboxShippingProvider().ship(order, 0));
    const other = await shipping.ship(parseOrder(anOrderWith('orderId', 'order-0002')), 0);
    expect(other.shipmentId).not.toBe((await shipping.ship(order, 0)).shipmentId);
    expect(other.trackingNumber).not.toBe((await shipping.ship(order, 0)).trackingNumber);
  });

  it.each([
    ['country XX', orderTo('country', 'XX')],
    ['postal code 00000', orderTo('postalCode', '00000')],
  ])('fails %s with ShippingFailed', async (_, order) => {
    const shipment = shipping.ship(order, 0);
    await expect(shipment).rejects.toThrow(ShippingFailedError);
    await expect(shipment).rejects.toMatchObject({ name: ErrorNames.ShippingFailed });
  });

  it('fails postal code 99999 with ProviderUnavailable on attempts 0 and 1, then ships on attempt 2', async () => {
    const order = orderTo('postalCode', '99999');
    await expect(shipping.ship(order, 0)).rejects.toThrow(ProviderUnavailableError);
    await expect(shipping.ship(order, 1)).rejects.toThrow(ProviderUnavailableError);
    await expect(shipping.ship(order, 2)).resolves.toMatchObject({ carrier: SANDBOX_CARRIER });
  });
});
