import { inventoryProvider, paymentProvider, shippingProvider } from '../../../lambdas/providers';
import { notificationProvider } from '../../../lambdas/providers/notification-provider';
import {
  SandboxInventory,
  SandboxPaymentProvider,
  SandboxShippingProvider,
} from '../../../lambdas/providers/sandbox';
import { SnsNotifier } from '../../../lambdas/providers/sns-notifier';

describe('provider factories', () => {
  it('default to the sandbox for inventory, payments and shipping, and SNS for notifications', () => {
    expect(inventoryProvider()).toBeInstanceOf(SandboxInventory);
    expect(paymentProvider()).toBeInstanceOf(SandboxPaymentProvider);
    expect(shippingProvider()).toBeInstanceOf(SandboxShippingProvider);
    expect(notificationProvider()).toBeInstanceOf(SnsNotifier);
  });

  it('return one instance per container, so remembered charges are shared by every invocation', () => {
    expect(paymentProvider()).toBe(paymentProvider());
    expect(inventoryProvider()).toBe(inventoryProvider());
    expect(shippingProvider()).toBe(shippingProvider());
    expect(notificationProvider()).toBe(notificationProvider());
  });
});
