/**
 * The providers each handler uses, one instance per container: the sandbox payment provider
 * remembers charges for replay, so every invocation in a container must share it. Swapping a
 * sandbox for a real provider happens here and nowhere else.
 *
 * The notifier's factory is in ./notification-provider: it loads the AWS SDK, which the other
 * functions should not pay for at cold start.
 */
import { InventoryProvider, PaymentProvider, ShippingProvider } from './provider-types';
import { SandboxInventory, SandboxPaymentProvider, SandboxShippingProvider } from './sandbox';

export * from './provider-types';

let inventory: InventoryProvider | undefined;
let payments: PaymentProvider | undefined;
let shipping: ShippingProvider | undefined;

/** The sandbox catalogue; lambdas/validate-order uses the Inventory table instead when it has one. */
export function inventoryProvider(): InventoryProvider {
  return (inventory ??= new SandboxInventory());
}

export function paymentProvider(): PaymentProvider {
  return (payments ??= new SandboxPaymentProvider());
}

export function shippingProvider(): ShippingProvider {
  return (shipping ??= new SandboxShippingProvider());
}
