/**
 * The seams between the handlers and the outside world. Each has a sandbox implementation
 * (lambdas/providers/sandbox) so the stack runs end to end without third-party accounts.
 */
import { StockLookup } from '../domain';
import { Currency, NotificationResult, Order, PaymentResult, RefundResult, ShippingResult } from '../shared';

export interface InventoryProvider {
  /** Stock and unit price of each SKU the catalogue sells; unknown SKUs are left out. */
  lookup(skus: readonly string[]): Promise<StockLookup>;
}

export interface ChargeRequest {
  /** One charge per key, however many times this is called (retries, lost responses, duplicates). */
  readonly idempotencyKey: string;
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: Currency;
  /** The provider's card token. Never log it. */
  readonly token: string;
  /** `$$.State.RetryCount` of the calling task: a sandbox provider fails by it, any provider may log it. */
  readonly attempt: number;
}

export interface RefundChargeRequest {
  /** The key the charge was made under: the provider finds the charge by it. */
  readonly idempotencyKey: string;
  readonly amount: number;
  readonly currency: Currency;
  readonly reason: string;
  /**
   * The token the charge was (or may have been) made with. A provider that stores charges needs
   * only the key; the stateless sandbox derives from the token whether anything was charged.
   */
  readonly token: string;
  /** `$$.State.RetryCount` of the calling task. */
  readonly attempt: number;
}

export interface PaymentProvider {
  /** @throws PaymentDeclinedError (final) or ProviderUnavailableError (retry). */
  charge(request: ChargeRequest): Promise<PaymentResult>;
  /** @throws ProviderUnavailableError (retry). */
  refund(request: RefundChargeRequest): Promise<RefundResult>;
}

export interface ShippingProvider {
  /**
   * Books the shipment; calling again for the same order returns the same shipment.
   * @throws ShippingFailedError (final) or ProviderUnavailableError (retry).
   */
  ship(order: Order, attempt: number): Promise<ShippingResult>;
}

export interface Notifier {
  /** @throws ProviderUnavailableError when the channel fails transiently. */
  publish(subject: string, message: string): Promise<NotificationResult>;
}
