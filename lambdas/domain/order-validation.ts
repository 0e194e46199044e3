import {
  Customer,
  Order,
  OrderItem,
  ORDER_LIMITS,
  OrderValidationError,
  PaymentMethod,
  ShippingAddress,
  SUPPORTED_CURRENCIES,
} from '../shared';
import { childPath, FieldFailure, FieldReader, quote } from './field-reader';
import { StockLookup } from './catalogue';

/**
 * Deliberately simple: one `@`, no spaces, a dot in the domain. Full RFC 5322 parsing rejects
 * nothing useful here; delivering the mail is the real check.
 */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const ORDER_ID_RULE = "1 to 64 letters, digits, '-' or '_'";

// Typed by the contract, so a field added to or renamed in lambdas/shared/order.ts fails to compile here.
const ORDER_KEYS: readonly (keyof Order)[] = [
  'orderId',
  'customer',
  'items',
  'currency',
  'payment',
  'shippingAddress',
];
const CUSTOMER_KEYS: readonly (keyof Customer)[] = ['id', 'email', 'name'];
const ITEM_KEYS: readonly (keyof OrderItem)[] = ['sku', 'quantity'];
const PAYMENT_KEYS: readonly (keyof PaymentMethod)[] = ['token'];
const ADDRESS_KEYS: readonly (keyof ShippingAddress)[] = ['line1', 'line2', 'city', 'postalCode', 'country'];

// Personal data and the card token are described in errors, never repeated: errors reach logs.
// Every text of an order is printed somewhere (a label, an email, a log line): plain text only.
const TEXT = { maxLength: ORDER_LIMITS.maxTextLength, plain: true } as const;
const PRIVATE_TEXT = { ...TEXT, echo: 'type-only' } as const;

const throwValidationError: FieldFailure = (field, reason) => {
  throw new OrderValidationError(field, reason);
};

/**
 * Checks the structure and limits of an execution input and returns a clean copy of it as an
 * {@link Order}. Unknown fields are rejected at every level, so a misspelt field, or card data
 * sent where a token belongs, fails loudly instead of being dropped.
 *
 * @throws OrderValidationError naming the first offending field, e.g. `items[2].quantity`
 *   (`$` when the input itself is not an object).
 */
export function parseOrder(input: unknown): Order {
  return readOrder(input, new FieldReader(throwValidationError), '$');
}

/**
 * {@link parseOrder}, then rejects items the catalogue does not sell. (The validate-order
 * handler calls the two halves itself: it needs the parsed SKUs to ask the inventory.)
 *
 * @param stock the catalogue's answer for the order's SKUs (see InventoryProvider.lookup).
 * @throws OrderValidationError
 */
export function validateOrder(input: unknown, stock: StockLookup): Order {
  const order = parseOrder(input);
  assertItemsInCatalogue(order, stock);
  return order;
}

/** @throws OrderValidationError on `items[i].sku` for the first SKU the catalogue does not sell. */
export function assertItemsInCatalogue(order: Order, stock: StockLookup): void {
  order.items.forEach((item, index) => {
    if (!stock.has(item.sku))
      throw new OrderValidationError(`items[${index}].sku`, `unknown item ${quote(item.sku)}`);
  });
}

/**
 * The order rules with a caller-chosen failure and root path: handlers re-check the order
 * inside their events with it and report a bad one as a wiring fault under `order.…`.
 */
export function readOrder(input: unknown, read: FieldReader, root: string): Order {
  const at = (key: string) => childPath(root, key);
  const order = read.object(input, root, ORDER_KEYS);
  return {
    orderId: read.matching(order.orderId, at('orderId'), ORDER_LIMITS.orderIdPattern, ORDER_ID_RULE),
    customer: readCustomer(order.customer, read, at('customer')),
    items: readItems(order.items, read, at('items')),
    currency: read.oneOf(order.currency, at('currency'), SUPPORTED_CURRENCIES),
    payment: readPayment(order.payment, read, at('payment')),
    shippingAddress: readAddress(order.shippingAddress, read, at('shippingAddress')),
  };
}

function readCustomer(value: unknown, read: FieldReader, path: string): Order['customer'] {
  const customer = read.object(value, path, CUSTOMER_KEYS);
  const id = read.text(customer.id, childPath(path, 'id'), TEXT);
  const email = read.text(customer.email, childPath(path, 'email'), PRIVATE_TEXT);
  if (!EMAIL_PATTERN.test(email))
    read.fail(childPath(path, 'email'), 'must be an email address like name@example.com');
  return { id, email, name: read.text(customer.name, childPath(path, 'name'), PRIVATE_TEXT) };
}

function readItems(value: unknown, read: FieldReader, path: string): readonly OrderItem[] {
  const items = read.array(value, path);
  if (items.length === 0) read.fail(path, 'must contain at least one item');
  if (items.length > ORDER_LIMITS.maxItems) {
    read.fail(path, `must contain at most ${ORDER_LIMITS.maxItems} items, got ${items.length}`);
  }
  const lineOfSku = new Map<string, number>();
  return items.map((value, index) => {
    const item = readItem(value, read, `${path}[${index}]`);
    const firstLine = lineOfSku.get(item.sku);
    if (firstLine !== undefined) {
      read.fail(
        `${path}[${index}].sku`,
        `repeats ${path}[${firstLine}].sku ${quote(item.sku)}; put the whole quantity on one line`,
      );
    }
    lineOfSku.set(item.sku, index);
    return item;
  });
}

function readItem(value: unknown, read: FieldReader, path: string): OrderItem {
  const item = read.object(value, path, ITEM_KEYS);
  return {
    sku: read.text(item.sku, childPath(path, 'sku'), TEXT),
    quantity: read.wholeNumber(
      item.quantity,
      childPath(path, 'quantity'),
      1,
      ORDER_LIMITS.maxQuantityPerItem,
    ),
  };
}

function readPayment(value: unknown, read: FieldReader, path: string): Order['payment'] {
  const payment = read.object(value, path, PAYMENT_KEYS);
  return { token: read.text(payment.token, childPath(path, 'token'), PRIVATE_TEXT) };
}

function readAddress(value: unknown, read: FieldReader, path: string): ShippingAddress {
  const address = read.object(value, path, ADDRESS_KEYS);
  const line1 = read.text(address.line1, childPath(path, 'line1'), PRIVATE_TEXT);
  const line2 = read.optionalText(address.line2, childPath(path, 'line2'), {
    ...PRIVATE_TEXT,
    allowBlank: true,
  });
  return {
    line1,
    ...(line2 === undefined ? {} : { line2 }),
    city: read.text(address.city, childPath(path, 'city'), TEXT),
    postalCode: read.text(address.postalCode, childPath(path, 'postalCode'), PRIVATE_TEXT),
    country: read.matching(
      address.country,
      childPath(path, 'country'),
      COUNTRY_PATTERN,
      'an ISO 3166-1 alpha-2 code in capitals, e.g. US',
    ),
  };
}
