/** Builders shared by the lambdas tests: each call returns a fresh object, safe to mutate. */
import { SandboxInventory } from '../../lambdas/providers/sandbox';
import { Order, PaymentResult, ValidatedOrder } from '../../lambdas/shared';
import { assessOrder, parseOrder, skusOf, StockLookup } from '../../lambdas/domain';

export function aValidOrder(): Order & Record<string, unknown> {
  return {
    orderId: 'order-0001',
    customer: { id: 'cust-42', email: 'ada@example.com', name: 'Ada Lovelace' },
    items: [
      { sku: 'SKU-BOOK-001', quantity: 2 },
      { sku: 'SKU-MUG-002', quantity: 1 },
    ],
    currency: 'USD',
    payment: { token: 'tok_visa' },
    shippingAddress: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
  };
}

/** A valid order with the field at `path` (e.g. `items[0].quantity`) set to `value`. */
export function anOrderWith(path: string, value: unknown): Record<string, unknown> {
  return editAt(path, (parent, key) => {
    parent[key] = value;
  });
}

/** A valid order without the field at `path`. */
export function anOrderWithout(path: string): Record<string, unknown> {
  return editAt(path, (parent, key) => {
    delete parent[key];
  });
}

type Container = Record<string, unknown>;

function editAt(path: string, edit: (parent: Container, key: string) => void): Record<string, unknown> {
  const order: Container = structuredClone(aValidOrder());
  const keys = path.match(/[^.[\]]+/g) ?? [];
  const last = keys.pop();
  if (last === undefined) throw new Error(`empty path ${path}`);
  const parent = keys.reduce<Container>((node, key) => node[key] as Container, order);
  edit(parent, last);
  return order;
}

export async function sandboxStockFor(order: Order): Promise<StockLookup> {
  return new SandboxInventory().lookup(skusOf(order));
}

/** What "Validate Order" returns for `input` against the sandbox catalogue. */
export async function validated(input: unknown): Promise<ValidatedOrder> {
  const order = parseOrder(input);
  return assessOrder(order, await sandboxStockFor(order));
}

export function aCapturedPayment(): PaymentResult {
  return {
    paymentId: 'pay_0123456789abcdef01234567',
    amount: 3497,
    currency: 'USD',
    status: 'CAPTURED',
    replayed: false,
  };
}
