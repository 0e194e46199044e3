import { OrderValidationError, ORDER_LIMITS } from '../../../lambdas/shared';
import { assertItemsInCatalogue, parseOrder, validateOrder } from '../../../lambdas/domain';
import { aValidOrder, anOrderWith, anOrderWithout, sandboxStockFor } from '../fixtures';

const longText = 'x'.repeat(ORDER_LIMITS.maxTextLength + 1);
const itemsOf = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));

interface Rejection {
  readonly description: string;
  readonly input: unknown;
  readonly field: string;
  readonly reason: RegExp;
}

const rejections: Rejection[] = [
  // The input itself
  { description: 'null', input: null, field: '$', reason: /must be an object, got null/ },
  { description: 'an array', input: [aValidOrder()], field: '$', reason: /must be an object, got an array/ },
  { description: 'a string', input: 'order-0001', field: '$', reason: /must be an object, got "order-0001"/ },
  { description: 'a number', input: 42, field: '$', reason: /must be an object, got 42/ },
  { description: 'nothing', input: undefined, field: '$', reason: /is required/ },
  {
    description: 'an unknown top-level field',
    input: anOrderWith('couponCode', 'SAVE10'),
    field: 'couponCode',
    reason: /not a known field \(expected orderId, customer/,
  },
  {
    description: 'a misspelt orderId',
    input: { ...anOrderWithout('orderId'), orderid: 'order-0001' },
    field: 'orderid',
    reason: /not a known field/,
  },
  // orderId
  {
    description: 'a missing orderId',
    input: anOrderWithout('orderId'),
    field: 'orderId',
    reason: /is required/,
  },
  {
    description: 'a numeric orderId',
    input: anOrderWith('orderId', 1001),
    field: 'orderId',
    reason: /got 1001/,
  },
  {
    description: 'a null orderId',
    input: anOrderWith('orderId', null),
    field: 'orderId',
    reason: /got null/,
  },
  {
    description: 'an empty orderId',
    input: anOrderWith('orderId', ''),
    field: 'orderId',
    reason: /1 to 64 letters, digits, '-' or '_', got ""/,
  },
  {
    description: 'an orderId with a space',
    input: anOrderWith('orderId', 'order 1'),
    field: 'orderId',
    reason: /got "order 1"/,
  },
  {
    description: 'an orderId with a slash',
    input: anOrderWith('orderId', 'a/b'),
    field: 'orderId',
    reason: /got "a\/b"/,
  },
  {
    description: 'a 65-character orderId',
    input: anOrderWith('orderId', 'a'.repeat(65)),
    field: 'orderId',
    reason: /a string of 65 characters/,
  },
  // customer
  {
    description: 'a missing customer',
    input: anOrderWithout('customer'),
    field: 'customer',
    reason: /is required/,
  },
  {
    description: 'a string customer',
    input: anOrderWith('customer', 'Ada'),
    field: 'customer',
    reason: /must be an object/,
  },
  {
    description: 'an array customer',
    input: anOrderWith('customer', []),
    field: 'customer',
    reason: /got an array/,
  },
  {
    description: 'a missing customer.id',
    input: anOrderWithout('customer.id'),
    field: 'customer.id',
    reason: /is required/,
  },
  {
    description: 'a numeric customer.id',
    input: anOrderWith('customer.id', 42),
    field: 'customer.id',
    reason: /must be a string, got 42/,
  },
  {
    description: 'a blank customer.id',
    input: anOrderWith('customer.id', '   '),
    field: 'customer.id',
    reason: /must not be empty/,
  },
  {
    description: 'a missing customer.email',
    input: anOrderWithout('customer.email'),
    field: 'customer.email',
    reason: /is required/,
  },
  {
    description: 'an email without @',
    input: anOrderWith('customer.email', 'ada.example.com'),
    field: 'customer.email',
    reason: /must be an email address/,
  },
  {
    description: 'an email without a dot in the domain',
    input: anOrderWith('customer.email', 'ada@example'),
    field: 'customer.email',
    reason: /must be an email address/,
  },
  {
    description: 'an email with a space',
    input: anOrderWith('customer.email', 'ada lovelace@example.com'),
    field: 'customer.email',
    reason: /must be an email address/,
  },
  {
    description: 'an email over the length limit',
    input: anOrderWith('customer.email', `${longText}@example.com`),
    field: 'customer.email',
    reason: /at most 200 characters/,
  },
  {
    description: 'a missing customer.name',
    input: anOrderWithout('customer.name'),
    field: 'customer.name',
    reason: /is required/,
  },
  {
    description: 'an empty customer.name',
    input: anOrderWith('customer.name', ''),
    field: 'customer.name',
    reason: /must not be empty/,
  },
  {
    description: 'a customer.name over the length limit',
    input: anOrderWith('customer.name', longText),
    field: 'customer.name',
    reason: /at most 200 characters, got 201/,
  },
  {
    description: 'an unknown customer field',
    input: anOrderWith('customer.phone', '555-0100'),
    field: 'customer.phone',
    reason: /not a known field \(expected id, email, name\)/,
  },
  // items
  { description: 'missing items', input: anOrderWithout('items'), field: 'items', reason: /is required/ },
  {
    description: 'items as an object',
    input: anOrderWith('items', { sku: 'SKU-BOOK-001', quantity: 1 }),
    field: 'items',
    reason: /must be an array, got an object/,
  },
  { description: 'no items', input: anOrderWith('items', []), field: 'items', reason: /at least one item/ },
  {
    description: 'more items than the limit',
    input: anOrderWith('items', itemsOf(ORDER_LIMITS.maxItems + 1)),
    field: 'items',
    reason: /at most 50 items, got 51/,
  },
  {
    description: 'a null item',
    input: anOrderWith('items[0]', null),
    field: 'items[0]',
    reason: /must be an object, got null/,
  },
  {
    description: 'a string item',
    input: anOrderWith('items[1]', 'SKU-MUG-002'),
    field: 'items[1]',
    reason: /must be an object/,
  },
  {
    description: 'an item without a sku',
    input: anOrderWithout('items[0].sku'),
    field: 'items[0].sku',
    reason: /is required/,
  },
  {
    description: 'an empty sku',
    input: anOrderWith('items[0].sku', ''),
    field: 'items[0].sku',
    reason: /must not be empty/,
  },
  {
    description: 'a numeric sku',
    input: anOrderWith('items[1].sku', 2),
    field: 'items[1].sku',
    reason: /must be a string, got 2/,
  },
  {
    description: 'a sku over the length limit',
    input: anOrderWith('items[0].sku', longText),
    field: 'items[0].sku',
    reason: /at most 200 characters/,
  },
  {
    description: 'an item without a quantity',
    input: anOrderWithout('items[1].quantity'),
    field: 'items[1].quantity',
    reason: /is required/,
  },
  {
    description: 'a zero quantity',
    input: anOrderWith('items[0].quantity', 0),
    field: 'items[0].quantity',
    reason: /^must be a whole number from 1 to 100, got 0$/,
  },
  {
    description: 'a negative quantity',
    input: anOrderWith('items[0].quantity', -1),
    field: 'items[0].quantity',
    reason: /^must be a whole number from 1 to 100, got -1$/,
  },
  {
    description: 'a fractional quantity',
    input: anOrderWith('items[0].quantity', 1.5),
    field: 'items[0].quantity',
    reason: /got 1\.5/,
  },
  {
    description: 'a quantity over the limit',
    input: anOrderWith('items[0].quantity', 101),
    field: 'items[0].quantity',
    reason: /got 101/,
  },
  {
    description: 'a huge quantity',
    input: anOrderWith('items[0].quantity', 1e21),
    field: 'items[0].quantity',
    reason: /got 1e\+21/,
  },
  {
    description: 'a NaN quantity',
    input: anOrderWith('items[0].quantity', NaN),
    field: 'items[0].quantity',
    reason: /got NaN/,
  },
  {
    description: 'an infinite quantity',
    input: anOrderWith('items[0].quantity', Infinity),
    field: 'items[0].quantity',
    reason: /got Infinity/,
  },
  {
    description: 'a quantity as a string',
    input: anOrderWith('items[0].quantity', '2'),
    field: 'items[0].quantity',
    reason: /got "2" \(a string\)/,
  },
  {
    description: 'a null quantity',
    input: anOrderWith('items[0].quantity', null),
    field: 'items[0].quantity',
    reason: /got null/,
  },
  {
    description: 'a boolean quantity',
    input: anOrderWith('items[0].quantity', true),
    field: 'items[0].quantity',
    reason: /got true/,
  },
  {
    description: 'a price sent with an item',
    input: anOrderWith('items[0].price', 1),
    field: 'items[0].price',
    reason: /not a known field \(expected sku, quantity\)/,
  },
  {
    description: 'the same SKU on two lines',
    input: anOrderWith('items', [
      { sku: 'SKU-BOOK-001', quantity: 1 },
      { sku: 'SKU-MUG-002', quantity: 1 },
      { sku: 'SKU-BOOK-001', quantity: 2 },
    ]),
    field: 'items[2].sku',
    reason: /repeats items\[0\]\.sku "SKU-BOOK-001"/,
  },
  // currency
  {
    description: 'a missing currency',
    input: anOrderWithout('currency'),
    field: 'currency',
    reason: /is required/,
  },
  {
    description: 'an unsupported currency',
    input: anOrderWith('currency', 'EUR'),
    field: 'currency',
    reason: /must be one of USD, got "EUR"/,
  },
  {
    description: 'a lowercase currency',
    input: anOrderWith('currency', 'usd'),
    field: 'currency',
    reason: /got "usd"/,
  },
  {
    description: 'a numeric currency code',
    input: anOrderWith('currency', 840),
    field: 'currency',
    reason: /got 840/,
  },
  // payment
  {
    description: 'a missing payment',
    input: anOrderWithout('payment'),
    field: 'payment',
    reason: /is required/,
  },
  {
    description: 'a payment given as a bare token',
    input: anOrderWith('payment', 'tok_visa'),
    field: 'payment',
    reason: /must be an object/,
  },
  {
    description: 'a missing payment.token',
    input: anOrderWithout('payment.token'),
    field: 'payment.token',
    reason: /is required/,
  },
  {
    description: 'an empty payment.token',
    input: anOrderWith('payment.token', ''),
    field: 'payment.token',
    reason: /must not be empty/,
  },
  {
    description: 'a numeric payment.token',
    input: anOrderWith('payment.token', 4242424242424242),
    field: 'payment.token',
    reason: /must be a string, got a number$/,
  },
  {
    description: 'a card number beside the token',
    input: anOrderWith('payment.cardNumber', '4242424242424242'),
    field: 'payment.cardNumber',
    reason: /not a known field \(expected token\)/,
  },
  // shippingAddress
  {
    description: 'a missing shippingAddress',
    input: anOrderWithout('shippingAddress'),
    field: 'shippingAddress',
    reason: /is required/,
  },
  {
    description: 'a shippingAddress given as one string',
    input: anOrderWith('shippingAddress', '1 Main St'),
    field: 'shippingAddress',
    reason: /must be an object/,
  },
  {
    description: 'a missing line1',
    input: anOrderWithout('shippingAddress.line1'),
    field: 'shippingAddress.line1',
    reason: /is required/,
  },
  {
    description: 'a line1 over the length limit',
    input: anOrderWith('shippingAddress.line1', longText),
    field: 'shippingAddress.line1',
    reason: /at most 200 characters/,
  },
  {
    description: 'a null line2',
    input: anOrderWith('shippingAddress.line2', null),
    field: 'shippingAddress.line2',
    reason: /must be a string or left out, got null/,
  },
  {
    description: 'a numeric line2',
    input: anOrderWith('shippingAddress.line2', 4),
    field: 'shippingAddress.line2',
    reason: /must be a string or left out/,
  },
  {
    description: 'a line2 over the length limit',
    input: anOrderWith('shippingAddress.line2', longText),
    field: 'shippingAddress.line2',
    reason: /at most 200 characters/,
  },
  {
    description: 'a missing city',
    input: anOrderWithout('shippingAddress.city'),
    field: 'shippingAddress.city',
    reason: /is required/,
  },
  {
    description: 'a blank city',
    input: anOrderWith('shippingAddress.city', ' \t'),
    field: 'shippingAddress.city',
    reason: /must not be empty/,
  },
  {
    description: 'a missing postalCode',
    input: anOrderWithout('shippingAddress.postalCode'),
    field: 'shippingAddress.postalCode',
    reason: /is required/,
  },
  {
    description: 'a numeric postalCode',
    input: anOrderWith('shippingAddress.postalCode', 12345),
    field: 'shippingAddress.postalCode',
    reason: /must be a string, got a number/,
  },
  {
    description: 'a missing country',
    input: anOrderWithout('shippingAddress.country'),
    field: 'shippingAddress.country',
    reason: /is required/,
  },
  {
    description: 'a lowercase country',
    input: anOrderWith('shippingAddress.country', 'us'),
    field: 'shippingAddress.country',
    reason: /ISO 3166-1 alpha-2 code in capitals, e.g. US, got "us"/,
  },
  {
    description: 'a three-letter country',
    input: anOrderWith('shippingAddress.country', 'USA'),
    field: 'shippingAddress.country',
    reason: /got "USA"/,
  },
  {
    description: 'a numeric country',
    input: anOrderWith('shippingAddress.country', 840),
    field: 'shippingAddress.country',
    reason: /got 840/,
  },
  // Unicode: every order text is plain, printable, well-formed text.
  {
    description: 'a name with a lone surrogate',
    input: anOrderWith('customer.name', 'Ada \ud800'),
    field: 'customer.name',
    reason: /^must be well-formed Unicode text \(a lone surrogate at character 5\)$/,
  },
  {
    description: 'a sku with an escape sequence',
    input: anOrderWith('items[0].sku', 'SKU\u001b[2J'),
    field: 'items[0].sku',
    reason: /^must not contain control characters \(U\+001B at character 4\)$/,
  },
  {
    description: 'a city with a line break',
    input: anOrderWith('shippingAddress.city', 'Spring\nfield'),
    field: 'shippingAddress.city',
    reason: /U\+000A at character 7/,
  },
  {
    description: 'an email with a NUL',
    input: anOrderWith('customer.email', 'ada\u0000@example.com'),
    field: 'customer.email',
    reason: /must not contain control characters/,
  },
  {
    description: 'an address line with a right-to-left override',
    input: anOrderWith('shippingAddress.line1', '1 Main \u202eteertS'),
    field: 'shippingAddress.line1',
    reason: /U\+202E at character 8/,
  },
  {
    description: 'a second address line with a tab',
    input: anOrderWith('shippingAddress.line2', 'Flat\t2'),
    field: 'shippingAddress.line2',
    reason: /U\+0009 at character 5/,
  },
  {
    description: 'a name of zero-width spaces only',
    input: anOrderWith('customer.name', '\u200b\u200b'),
    field: 'customer.name',
    reason: /^must not be empty$/,
  },
  {
    description: 'a payment token with a control character',
    input: anOrderWith('payment.token', 'tok_\u0007visa'),
    field: 'payment.token',
    reason: /^must not contain control characters \(U\+0007 at character 5\)$/,
  },
  {
    description: 'an unknown address field',
    input: anOrderWith('shippingAddress.state', 'IL'),
    field: 'shippingAddress.state',
    reason: /not a known field/,
  },
];

function validationErrorOf(action: () => unknown): OrderValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof OrderValidationError) return error;
    throw error;
  }
  throw new Error('expected an OrderValidationError, but nothing was thrown');
}

describe('parseOrder', () => {
  it('returns an equal copy of a valid order', () => {
    const input = aValidOrder();
    const order = parseOrder(input);
    expect(order).toEqual(input);
    expect(order).not.toBe(input);
  });

  it.each(rejections)('rejects $description at $field', ({ input, field, reason }) => {
    const error = validationErrorOf(() => parseOrder(input));
    expect(error.name).toBe('OrderValidationFailed');
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message.slice(field.length + 2)).toMatch(reason);
  });

  it('rejects an own __proto__ key, as JSON.parse creates it, by name', () => {
    const input = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(aValidOrder()).slice(1)}`);
    expect(validationErrorOf(() => parseOrder(input)).field).toBe('__proto__');
  });

  it('reports an unknown field before a missing one, so a typo names itself', () => {
    const input = { ...anOrderWithout('currency'), Currency: 'USD' };
    expect(validationErrorOf(() => parseOrder(input)).field).toBe('Currency');
  });

  it('accepts every limit at its maximum', () => {
    const input = {
      ...aValidOrder(),
      orderId: 'A'.repeat(64),
      items: itemsOf(ORDER_LIMITS.maxItems).map((item) => ({
        ...item,
        quantity: ORDER_LIMITS.maxQuantityPerItem,
      })),
      customer: { id: 'c'.repeat(200), email: `${'a'.repeat(188)}@example.com`, name: 'n'.repeat(200) },
    };
    expect(parseOrder(input).items).toHaveLength(ORDER_LIMITS.maxItems);
  });

  it('keeps line2 when given, even empty, and adds no line2 key when left out', () => {
    expect(parseOrder(anOrderWith('shippingAddress.line2', 'Flat 2')).shippingAddress.line2).toBe('Flat 2');
    expect(parseOrder(anOrderWith('shippingAddress.line2', '')).shippingAddress.line2).toBe('');
    expect(Object.keys(parseOrder(aValidOrder()).shippingAddress)).not.toContain('line2');
  });

  it('never repeats the card token, email, name or address in its messages', () => {
    const secrets = ['4242424242424242', 'ada.lovelace', 'Ada Secret', '221B Baker'];
    const messages = [
      anOrderWith('payment.token', 4242424242424242),
      anOrderWith('payment.token', ['4242424242424242']),
      anOrderWith('customer.email', 'ada.lovelace'),
      anOrderWith('customer.name', ['Ada Secret']),
      anOrderWith('shippingAddress.line1', { text: '221B Baker' }),
      anOrderWith('shippingAddress.postalCode', 4242424242424242),
    ].map((input) => validationErrorOf(() => parseOrder(input)).message);
    for (const message of messages) for (const secret of secrets) expect(message).not.toContain(secret);
  });
});

describe('validateOrder', () => {
  it('accepts an order whose items the catalogue sells', async () => {
    const input = aValidOrder();
    expect(validateOrder(input, await sandboxStockFor(input))).toEqual(input);
  });

  it('rejects a SKU the catalogue does not sell as an unknown item at items[i].sku', async () => {
    const input = anOrderWith('items[1].sku', 'SKU-UNICORN-999');
    const stock = await sandboxStockFor(aValidOrder());
    const error = validationErrorOf(() => validateOrder(input, stock));
    expect(error.field).toBe('items[1].sku');
    expect(error.message).toBe('items[1].sku: unknown item "SKU-UNICORN-999"');
  });

  it('checks structure before the catalogue: a malformed order is not reported as unknown items', () => {
    expect(validationErrorOf(() => validateOrder(anOrderWith('items[0].quantity', 0), new Map())).field).toBe(
      'items[0].quantity',
    );
  });
});

describe('assertItemsInCatalogue', () => {
  it('passes when the catalogue sells every SKU', async () => {
    const order = parseOrder(aValidOrder());
    const stock = await sandboxStockFor(order);
    expect(() => assertItemsInCatalogue(order, stock)).not.toThrow();
  });

  it('names the first unknown SKU', () => {
    expect(() => assertItemsInCatalogue(parseOrder(aValidOrder()), new Map())).toThrow(
      'items[0].sku: unknown item "SKU-BOOK-001"',
    );
  });

  it('shows an invisible character in an unknown SKU, which would otherwise read as a known one', () => {
    const order = parseOrder(anOrderWith('items[0].sku', '\ufeffSKU-BOOK-001'));
    expect(() => assertItemsInCatalogue(order, new Map())).toThrow(
      'items[0].sku: unknown item "\\uFEFFSKU-BOOK-001"',
    );
  });
});
