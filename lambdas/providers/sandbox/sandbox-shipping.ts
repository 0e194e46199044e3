import {
  Order,
  ProviderUnavailableError,
  ShippingAddress,
  ShippingFailedError,
  ShippingResult,
} from '../../shared';
import { ShippingProvider } from '../provider-types';
import { FLAKY_FAILED_ATTEMPTS } from './sandbox-flakiness';
import { sandboxId, sandboxTrackingNumber } from './sandbox-ids';

export const SANDBOX_CARRIER = 'Sandbox Parcel Service';

/** Addresses the sandbox carrier treats specially; any other address ships on the first try. */
export const SANDBOX_ADDRESS_RULES = {
  /** Refused by the carrier (ShippingFailed): the payment is refunded. */
  undeliverableCountry: 'XX',
  undeliverablePostalCode: '00000',
  /** Carrier unavailable (ProviderUnavailable) on attempts 0 and 1, shipped on attempt 2. */
  flakyPostalCode: '99999',
} as const;

export const UNDELIVERABLE_REASON = 'carrier refused the shipment: undeliverable address';

export type ShipmentDecision =
  | { readonly outcome: 'ship' }
  | { readonly outcome: 'refuse'; readonly reason: string }
  | { readonly outcome: 'unavailable'; readonly reason: string };

export function decideShipment(address: ShippingAddress, attempt: number): ShipmentDecision {
  if (
    address.country === SANDBOX_ADDRESS_RULES.undeliverableCountry ||
    address.postalCode === SANDBOX_ADDRESS_RULES.undeliverablePostalCode
  ) {
    return { outcome: 'refuse', reason: UNDELIVERABLE_REASON };
  }
  if (address.postalCode === SANDBOX_ADDRESS_RULES.flakyPostalCode && attempt < FLAKY_FAILED_ATTEMPTS) {
    return {
      outcome: 'unavailable',
      reason: `carrier unavailable (sandbox address fails until attempt ${FLAKY_FAILED_ATTEMPTS}; this was attempt ${attempt})`,
    };
  }
  return { outcome: 'ship' };
}

/** Ids come from the order id alone, so shipping an order twice books one shipment. */
export class SandboxShippingProvider implements ShippingProvider {
  async ship(order: Order, attempt: number): Promise<ShippingResult> {
    const decision = decideShipment(order.shippingAddress, attempt);
    if (decision.outcome === 'refuse') throw new ShippingFailedError(decision.reason);
    if (decision.outcome === 'unavailable') throw new ProviderUnavailableError(decision.reason);
    return {
      shipmentId: sandboxId('shp', 'shipment', order.orderId),
      carrier: SANDBOX_CARRIER,
      trackingNumber: sandboxTrackingNumber(order.orderId),
    };
  }
}
