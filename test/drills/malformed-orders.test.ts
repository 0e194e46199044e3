import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { StateNames } from '../../lib/construct/state-names';
import { localDynamoDbClient } from '../../lib/toolkit/local/dynamodb/app-dynamodb';
import { MAX_INPUT_DEPTH, MAX_PAYLOAD_BYTES } from '../../lib/toolkit/local/request-rules';
import { LocalService } from '../../lib/toolkit/server/start-local';
import { ORDER_LIMITS } from '../../lambdas/shared';
import { aValidOrder, anOrderWith, anOrderWithout } from '../lambdas/fixtures';
import { startAppLocally } from '../support/local-app';
import { localSfnClient, historyOf } from '../support/sfn-client';

/**
 * Reliability drill (issue 7, part 3): malformed orders through the real app — the synthesized
 * Standard workflow with its bundled handlers and DynamoDB Local. Every one must end in
 * OrderValidationFailed with a cause naming the field and the problem, and must never reach
 * "Process Payment" nor leave a payment or order record behind. Input that is not JSON at all is
 * refused by the API itself and starts nothing. A valid control order runs beside them, so the
 * checks are shown able to see a charge when there is one.
 */

interface MalformedOrder {
  /** What is wrong with it, as the test's name says. */
  readonly kind: string;
  /** The execution input as sent: JSON text (some cases cannot be written by JSON.stringify), or none. */
  readonly input: string | undefined;
  /** The field the cause must name: its errorMessage starts with `<field>: `. */
  readonly field: string;
  /** What the cause must say about it. */
  readonly reason: string | RegExp;
  /** Text that must not appear in the cause (card data and personal data reach logs). */
  readonly secret?: string;
}

const json = (value: unknown) => JSON.stringify(value);
const RUN_ID = randomUUID().slice(0, 8);
let ordersBuilt = 0;
/**
 * The order with an order id of its own (unless the case is about the id): were several of them
 * charged, idempotency would replay one charge for a shared id, and the records would hide the rest.
 */
const ownId = (order: Record<string, unknown>, path = '') =>
  path === 'orderId' ? order : { ...order, orderId: `malformed-${RUN_ID}-${++ordersBuilt}` };
const withField = (path: string, value: unknown) => json(ownId(anOrderWith(path, value), path));
const withoutField = (path: string) => json(ownId(anOrderWithout(path), path));
/** A valid order's JSON with one member spliced in as raw text (e.g. a `__proto__` key). */
const withRawMember = (objectStart: string, member: string) => {
  const text = json(ownId(aValidOrder()));
  const at = text.indexOf(objectStart) + objectStart.length;
  return `${text.slice(0, at)}${member},${text.slice(at)}`;
};
/** A valid order's JSON with the first quantity written as raw text (e.g. `-0`, `1e400`). */
const withRawQuantity = (literal: string) =>
  json(ownId(aValidOrder())).replace('"quantity":2', `"quantity":${literal}`);
const lines = (count: number) => Array.from({ length: count }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const WHOLE_QUANTITY = /^must be a whole number from 1 to 100, got /;

const MALFORMED: readonly MalformedOrder[] = [
  // The input itself: valid JSON, but not an order.
  { kind: 'a null input', input: 'null', field: '$', reason: 'must be an object, got null' },
  { kind: 'an array of orders', input: json([aValidOrder()]), field: '$', reason: 'got an array' },
  { kind: 'a bare string', input: '"order-0001"', field: '$', reason: 'got "order-0001"' },
  { kind: 'a bare number', input: '42', field: '$', reason: 'got 42' },
  { kind: 'an empty object', input: '{}', field: 'orderId', reason: 'is required' },
  // StartExecution without input: AWS (and the local runtime) run it with "{}".
  { kind: 'no input at all', input: undefined, field: 'orderId', reason: 'is required' },
  {
    kind: 'an unknown top-level field',
    input: withField('couponCode', 'SAVE10'),
    field: 'couponCode',
    reason: /not a known field/,
  },
  // Prototype pollution: JSON.parse makes `__proto__` an own key; it must be named, not merged.
  {
    kind: 'a top-level "__proto__" key',
    input: withRawMember('{', '"__proto__":{"admin":true}'),
    field: '__proto__',
    reason: /not a known field/,
  },
  {
    kind: 'a "__proto__" key in the customer',
    input: withRawMember('"customer":{', '"__proto__":{"id":"x"}'),
    field: 'customer.__proto__',
    reason: /not a known field/,
  },
  {
    kind: 'a "constructor" key in an item',
    input: withRawMember('"items":[{', '"constructor":{"prototype":{}}'),
    field: 'items[0].constructor',
    reason: /not a known field/,
  },
  // orderId: also the idempotency key, so it must be exact.
  { kind: 'a missing orderId', input: withoutField('orderId'), field: 'orderId', reason: 'is required' },
  {
    kind: 'a numeric orderId',
    input: withField('orderId', 1001),
    field: 'orderId',
    reason: /letters, digits.*got 1001$/,
  },
  { kind: 'a null orderId', input: withField('orderId', null), field: 'orderId', reason: /got null$/ },
  {
    kind: 'a path-like orderId',
    input: withField('orderId', '../orders/1'),
    field: 'orderId',
    reason: /got "\.\.\/orders\/1"$/,
  },
  {
    kind: 'a 65-character orderId',
    input: withField('orderId', 'a'.repeat(65)),
    field: 'orderId',
    reason: /got a string of 65 characters$/,
  },
  // customer
  { kind: 'a missing customer', input: withoutField('customer'), field: 'customer', reason: 'is required' },
  {
    kind: 'a customer given as an array',
    input: withField('customer', [{ id: 'c-1' }]),
    field: 'customer',
    reason: 'must be an object, got an array',
  },
  {
    kind: 'a customer given as a string',
    input: withField('customer', 'Ada'),
    field: 'customer',
    reason: 'must be an object, got "Ada"',
  },
  {
    kind: 'a null customer id',
    input: withField('customer.id', null),
    field: 'customer.id',
    reason: 'must be a string, got null',
  },
  {
    kind: 'a missing email',
    input: withoutField('customer.email'),
    field: 'customer.email',
    reason: 'is required',
  },
  {
    kind: 'an email without @',
    input: withField('customer.email', 'ada.example.com'),
    field: 'customer.email',
    reason: /must be an email address/,
    secret: 'ada.example.com',
  },
  {
    kind: 'an email with two @',
    input: withField('customer.email', 'ada@@example.com'),
    field: 'customer.email',
    reason: /must be an email address/,
  },
  {
    kind: 'a numeric email',
    input: withField('customer.email', 12345),
    field: 'customer.email',
    reason: 'must be a string, got a number',
  },
  {
    kind: 'an empty name',
    input: withField('customer.name', ''),
    field: 'customer.name',
    reason: 'must not be empty',
  },
  {
    kind: 'a whitespace-only name',
    input: withField('customer.name', ' \t '),
    field: 'customer.name',
    reason: 'must not be empty',
  },
  {
    kind: 'a name split into an object (extra nesting)',
    input: withField('customer.name', { first: 'Ada', last: 'Lovelace' }),
    field: 'customer.name',
    reason: 'must be a string, got an object',
  },
  {
    kind: 'a 200,000-character name',
    input: withField('customer.name', 'A'.repeat(200_000)),
    field: 'customer.name',
    reason: 'must be at most 200 characters, got 200000',
  },
  {
    kind: 'a misspelt customer field',
    input: withField('customer.e-mail', 'ada@example.com'),
    field: 'customer.e-mail',
    reason: /not a known field \(expected id, email, name\)/,
  },
  // items
  { kind: 'missing items', input: withoutField('items'), field: 'items', reason: 'is required' },
  {
    kind: 'an empty items list',
    input: withField('items', []),
    field: 'items',
    reason: 'must contain at least one item',
  },
  {
    kind: 'items given as an object',
    input: withField('items', { sku: 'SKU-BOOK-001', quantity: 1 }),
    field: 'items',
    reason: 'must be an array, got an object',
  },
  {
    kind: 'null items',
    input: withField('items', null),
    field: 'items',
    reason: 'must be an array, got null',
  },
  {
    kind: 'one line more than allowed',
    input: withField('items', lines(ORDER_LIMITS.maxItems + 1)),
    field: 'items',
    reason: 'must contain at most 50 items, got 51',
  },
  {
    kind: '5,000 lines',
    input: withField('items', lines(5_000)),
    field: 'items',
    reason: 'must contain at most 50 items, got 5000',
  },
  {
    kind: 'a line given as a bare SKU',
    input: withField('items[0]', 'SKU-BOOK-001'),
    field: 'items[0]',
    reason: 'must be an object, got "SKU-BOOK-001"',
  },
  {
    kind: 'a null line',
    input: withField('items[1]', null),
    field: 'items[1]',
    reason: 'must be an object, got null',
  },
  {
    kind: 'a line wrapped in an extra array',
    input: withField('items', [[{ sku: 'SKU-BOOK-001', quantity: 1 }]]),
    field: 'items[0]',
    reason: 'must be an object, got an array',
  },
  {
    kind: 'a line without a sku',
    input: withoutField('items[0].sku'),
    field: 'items[0].sku',
    reason: 'is required',
  },
  {
    kind: 'a numeric sku',
    input: withField('items[0].sku', 123),
    field: 'items[0].sku',
    reason: 'must be a string, got 123',
  },
  {
    kind: 'an empty sku',
    input: withField('items[1].sku', ''),
    field: 'items[1].sku',
    reason: 'must not be empty',
  },
  {
    kind: 'a 100,000-character sku',
    input: withField('items[0].sku', 'S'.repeat(100_000)),
    field: 'items[0].sku',
    reason: 'must be at most 200 characters, got 100000',
  },
  {
    kind: 'an unknown item',
    input: withField('items[1].sku', 'SKU-NOPE-999'),
    field: 'items[1].sku',
    reason: 'unknown item "SKU-NOPE-999"',
  },
  {
    kind: 'a sku in the wrong case',
    input: withField('items[0].sku', 'sku-book-001'),
    field: 'items[0].sku',
    reason: 'unknown item "sku-book-001"',
  },
  {
    kind: 'a sku padded with spaces',
    input: withField('items[0].sku', ' SKU-BOOK-001 '),
    field: 'items[0].sku',
    reason: 'unknown item " SKU-BOOK-001 "',
  },
  {
    kind: 'a sku in full-width digits',
    input: withField('items[0].sku', 'SKU-BOOK-００１'),
    field: 'items[0].sku',
    reason: /^unknown item/,
  },
  {
    kind: 'a sku behind an invisible byte-order mark',
    input: withField('items[0].sku', '\ufeffSKU-BOOK-001'),
    field: 'items[0].sku',
    reason: 'unknown item "\\uFEFFSKU-BOOK-001"',
  },
  {
    kind: 'the same SKU on two lines',
    input: withField('items[1].sku', 'SKU-BOOK-001'),
    field: 'items[1].sku',
    reason: 'repeats items[0].sku "SKU-BOOK-001"; put the whole quantity on one line',
  },
  {
    kind: 'a price sent with a line',
    input: withField('items[0].unitPrice', 1),
    field: 'items[0].unitPrice',
    reason: /not a known field \(expected sku, quantity\)/,
  },
  // quantities
  {
    kind: 'a zero quantity',
    input: withField('items[0].quantity', 0),
    field: 'items[0].quantity',
    reason: new RegExp(`${WHOLE_QUANTITY.source}0$`),
  },
  {
    kind: 'a negative quantity',
    input: withField('items[0].quantity', -3),
    field: 'items[0].quantity',
    reason: /got -3$/,
  },
  {
    kind: 'a negative zero quantity',
    input: withRawQuantity('-0'),
    field: 'items[0].quantity',
    reason: /got 0$/,
  },
  {
    kind: 'a fractional quantity',
    input: withField('items[0].quantity', 1.5),
    field: 'items[0].quantity',
    reason: /got 1\.5$/,
  },
  {
    kind: 'a quantity one over the limit',
    input: withField('items[0].quantity', 101),
    field: 'items[0].quantity',
    reason: /got 101$/,
  },
  {
    kind: 'a huge quantity',
    input: withField('items[0].quantity', 1e21),
    field: 'items[0].quantity',
    reason: /got 1e\+21$/,
  },
  {
    kind: 'a quantity past the safe integers',
    input: withRawQuantity('9007199254740993'),
    field: 'items[0].quantity',
    reason: /got 9007199254740992$/,
  },
  // JSON has no Infinity: 1e400 parses to it, and becomes null on its way to the function.
  {
    kind: 'a quantity that overflows a double',
    input: withRawQuantity('1e400'),
    field: 'items[0].quantity',
    reason: WHOLE_QUANTITY,
  },
  {
    kind: 'a quantity given as a string',
    input: withField('items[0].quantity', '2'),
    field: 'items[0].quantity',
    reason: 'got "2" (a string)',
  },
  {
    kind: 'a boolean quantity',
    input: withField('items[0].quantity', true),
    field: 'items[0].quantity',
    reason: /got true$/,
  },
  {
    kind: 'a null quantity',
    input: withField('items[1].quantity', null),
    field: 'items[1].quantity',
    reason: /got null$/,
  },
  {
    kind: 'a missing quantity',
    input: withoutField('items[1].quantity'),
    field: 'items[1].quantity',
    reason: 'is required',
  },
  // currency
  { kind: 'a missing currency', input: withoutField('currency'), field: 'currency', reason: 'is required' },
  {
    kind: 'an unsupported currency',
    input: withField('currency', 'EUR'),
    field: 'currency',
    reason: 'must be one of USD, got "EUR"',
  },
  {
    kind: 'a lowercase currency',
    input: withField('currency', 'usd'),
    field: 'currency',
    reason: 'got "usd"',
  },
  {
    kind: 'a numeric currency code',
    input: withField('currency', 840),
    field: 'currency',
    reason: 'got 840',
  },
  {
    kind: 'a currency given as an object',
    input: withField('currency', { code: 'USD' }),
    field: 'currency',
    reason: 'got an object',
  },
  // payment
  { kind: 'a missing payment', input: withoutField('payment'), field: 'payment', reason: 'is required' },
  {
    kind: 'a card number instead of a token',
    input: withField('payment', { cardNumber: '4111111111111111' }),
    field: 'payment.cardNumber',
    reason: /not a known field \(expected token\)/,
    secret: '4111111111111111',
  },
  {
    kind: 'an empty payment token',
    input: withField('payment.token', ''),
    field: 'payment.token',
    reason: 'must not be empty',
  },
  {
    kind: 'a numeric payment token',
    input: withField('payment.token', 4242424242424242),
    field: 'payment.token',
    reason: /must be a string, got a number$/,
    secret: '4242424242424242',
  },
  // shippingAddress
  {
    kind: 'a missing shipping address',
    input: withoutField('shippingAddress'),
    field: 'shippingAddress',
    reason: 'is required',
  },
  {
    kind: 'an address given as a list of lines',
    input: withField('shippingAddress', ['1 Main Street', 'Springfield']),
    field: 'shippingAddress',
    reason: 'must be an object, got an array',
  },
  {
    kind: 'a missing city',
    input: withoutField('shippingAddress.city'),
    field: 'shippingAddress.city',
    reason: 'is required',
  },
  {
    kind: 'a numeric postal code',
    input: withField('shippingAddress.postalCode', 12345),
    field: 'shippingAddress.postalCode',
    reason: 'must be a string, got a number',
  },
  {
    kind: 'a null second address line',
    input: withField('shippingAddress.line2', null),
    field: 'shippingAddress.line2',
    reason: 'must be a string or left out, got null',
  },
  {
    kind: 'a lowercase country',
    input: withField('shippingAddress.country', 'us'),
    field: 'shippingAddress.country',
    reason: /ISO 3166-1 alpha-2.*got "us"$/,
  },
  {
    kind: 'a three-letter country',
    input: withField('shippingAddress.country', 'USA'),
    field: 'shippingAddress.country',
    reason: /got "USA"$/,
  },
  {
    kind: 'a customer id nested 900 arrays deep',
    input: withField('customer.id', JSON.parse(nestedArrays(900))),
    field: 'customer.id',
    reason: 'must be a string, got an array',
  },
  // Unicode oddities: text that is not plain, printable, well-formed text.
  {
    kind: 'a name with a lone surrogate',
    input: withField('customer.name', 'Ada \ud800'),
    field: 'customer.name',
    reason: 'must be well-formed Unicode text (a lone surrogate at character 5)',
  },
  {
    kind: 'a sku with a lone surrogate',
    input: withField('items[0].sku', 'SKU-\udc00'),
    field: 'items[0].sku',
    reason: 'must be well-formed Unicode text (a lone surrogate at character 5)',
  },
  {
    kind: 'a customer id with a NUL character',
    input: withField('customer.id', 'cust\u0000-1'),
    field: 'customer.id',
    reason: 'must not contain control characters (U+0000 at character 5)',
  },
  {
    kind: 'a city with a line break',
    input: withField('shippingAddress.city', 'Spring\nfield'),
    field: 'shippingAddress.city',
    reason: 'must not contain control characters (U+000A at character 7)',
  },
  {
    kind: 'a sku with a terminal escape sequence',
    input: withField('items[0].sku', 'SKU-BOOK-001\u001b[2J'),
    field: 'items[0].sku',
    reason: /must not contain control characters \(U\+001B/,
  },
  {
    kind: 'an email with a NUL character',
    input: withField('customer.email', 'ada\u0000@example.com'),
    field: 'customer.email',
    reason: /must not contain control characters/,
  },
  {
    kind: 'an address line with a right-to-left override',
    input: withField('shippingAddress.line1', '1 Main \u202eteertS'),
    field: 'shippingAddress.line1',
    reason: 'must not contain control characters (U+202E at character 8)',
  },
  {
    kind: 'a name of zero-width spaces only',
    input: withField('customer.name', '\u200b\u200b'),
    field: 'customer.name',
    reason: 'must not be empty',
  },
  {
    kind: 'a name of 101 emoji (202 UTF-16 units)',
    input: withField('customer.name', '😀'.repeat(101)),
    field: 'customer.name',
    reason: 'must be at most 200 characters, got 202',
  },
];

/** Input the API must refuse before anything runs: it is not JSON (AWS: InvalidExecutionInput). */
const NOT_JSON: readonly { readonly kind: string; readonly input: string }[] = [
  { kind: 'a truncated object', input: '{' },
  { kind: 'the word undefined', input: 'undefined' },
  // AWS documents that input without data must still be "{}"; an empty string is not JSON.
  { kind: 'an empty string', input: '' },
  { kind: 'whitespace only', input: ' \n\t ' },
  { kind: 'an order followed by garbage', input: `${json(aValidOrder())} trailing` },
  { kind: 'two orders back to back', input: `${json(aValidOrder())}${json(aValidOrder())}` },
  { kind: 'single-quoted strings', input: "{'orderId': 'order-0001'}" },
  { kind: 'unquoted keys', input: '{orderId: "order-0001"}' },
  { kind: 'a trailing comma', input: '{"orderId": "order-0001",}' },
  { kind: 'NaN', input: '{"quantity": NaN}' },
  { kind: 'a comment', input: '// order\n{}' },
  { kind: 'an unescaped control character in a string', input: '{"orderId": "a\u0001b"}' },
  { kind: 'an invalid escape', input: '{"orderId": "\\x41"}' },
  { kind: 'a hexadecimal number', input: '{"quantity": 0x10}' },
];

interface Outcome {
  readonly execution: DescribeExecutionCommandOutput;
  readonly entered: string[];
}

const POLL_MS = 100;
const DEADLINE_MS = 30_000;

async function waitForEnd(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    if (Date.now() > deadline) throw new Error(`${executionArn} still RUNNING after ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const enteredStates = (events: HistoryEvent[]) =>
  events.flatMap((e) => (e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : []));

/** The errorMessage inside the Lambda error's Cause (`{"errorType","errorMessage","trace"}`). */
const messageOf = (cause: string | undefined) => JSON.parse(cause ?? '{}').errorMessage as string;

describe('drill: malformed orders through the real workflow', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let stateMachineArn: string;
  const outcomes = new Map<string, Promise<Outcome>>();
  const control = { ...aValidOrder(), orderId: `control-${RUN_ID}` };

  async function run(name: string, input: string | undefined): Promise<Outcome> {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));
    const execution = await waitForEnd(sfn, executionArn!);
    return { execution, entered: enteredStates(await historyOf(sfn, executionArn!)) };
  }

  /** Items in one of the app's tables, by its logical id's prefix (the namespace is this run's own). */
  async function itemsIn(logicalIdPrefix: string): Promise<Record<string, unknown>[]> {
    const db = local.dynamodb!;
    const [, table] = Object.entries(db.tableNames).find(([id]) => id.startsWith(logicalIdPrefix))!;
    const client = localDynamoDbClient(db.endpoint, db.accessKeyId, db.region);
    try {
      return (await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
    } finally {
      client.destroy();
    }
  }

  beforeAll(async () => {
    local = await startAppLocally('STANDARD');
    sfn = localSfnClient(local.url, local.app.environment.region);
    stateMachineArn = local.runtime.listStateMachines()[0].arn;
    // Every order at once: the drill is also a burst of bad traffic beside one good order.
    outcomes.set('control', run(`control-${RUN_ID}`, json(control)));
    MALFORMED.forEach((order, index) =>
      outcomes.set(order.kind, run(`malformed-${index}-${RUN_ID}`, order.input)),
    );
    await Promise.allSettled(outcomes.values());
  }, 120_000);

  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  it('has at least 50 distinct kinds of malformed order', () => {
    expect(new Set(MALFORMED.map((order) => order.kind)).size).toBe(MALFORMED.length);
    // Each case's own order id aside, no two cases send the same input.
    const masked = MALFORMED.map((order) => order.input?.replace(/"malformed-[\w-]+"/, '"<id>"'));
    expect(new Set(masked).size).toBe(MALFORMED.length);
    expect(MALFORMED.length).toBeGreaterThanOrEqual(50);
  });

  it('charges the valid control order, so the no-charge checks below can see a charge', async () => {
    const { execution, entered } = await outcomes.get('control')!;
    expect(execution.status).toBe('SUCCEEDED');
    expect(entered).toContain(StateNames.ProcessPayment);
  });

  it.each(MALFORMED)('refuses $kind and never charges it', async ({ kind, field, reason, secret }) => {
    const { execution, entered } = await outcomes.get(kind)!;
    expect({ status: execution.status, error: execution.error }).toEqual({
      status: 'FAILED',
      error: 'OrderValidationFailed',
    });
    const message = messageOf(execution.cause);
    expect(message.slice(0, field.length + 2)).toBe(`${field}: `);
    const said = message.slice(field.length + 2);
    if (typeof reason === 'string') expect(said).toContain(reason);
    else expect(said).toMatch(reason);
    if (secret) expect(execution.cause).not.toContain(secret);
    // Validated and refused, nothing else: no order record, no stock, no payment.
    expect(entered).toEqual([StateNames.ValidateOrder, StateNames.InvalidOrder]);
  });

  it('leaves no payment and no order record behind but the control order’s', async () => {
    const payments = await itemsIn('OrderWorkflowIdempotencyTable');
    expect(payments).toHaveLength(1);
    const orders = await itemsIn('OrderWorkflowOrdersTable');
    expect(orders.map((item) => item.orderId)).toEqual([{ S: control.orderId }]);
  });

  describe('input that is not JSON', () => {
    let expressArn: string;
    const started = () => local.runtime.allExecutions().map((record) => record.name);

    beforeAll(async () => {
      // An Express twin of the app's machine (same definition, same bundled handlers) answers
      // StartSyncExecution, which AWS serves for Express machines only.
      const standard = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
      const twin = await sfn.send(
        new CreateStateMachineCommand({
          name: `express-twin-${RUN_ID}`,
          definition: standard.definition,
          roleArn: standard.roleArn,
          type: 'EXPRESS',
        }),
      );
      expressArn = twin.stateMachineArn!;
    });

    it.each(NOT_JSON)(
      'refuses $kind with InvalidExecutionInput, starting nothing',
      async ({ kind, input }) => {
        const name = `not-json-${NOT_JSON.findIndex((c) => c.kind === kind)}-${RUN_ID}`;
        const before = started().length;
        await expect(
          sfn.send(new StartExecutionCommand({ stateMachineArn, name, input })),
        ).rejects.toMatchObject({
          name: 'InvalidExecutionInput',
          message: expect.stringMatching(/^Invalid State Machine Execution Input: '/),
          $metadata: { httpStatusCode: 400 },
        });
        await expect(
          sfn.send(new StartSyncExecutionCommand({ stateMachineArn: expressArn, name, input })),
        ).rejects.toMatchObject({ name: 'InvalidExecutionInput', $metadata: { httpStatusCode: 400 } });
        expect(started()).toHaveLength(before);
        expect(started()).not.toContain(name);
      },
    );

    it('lists none of the refused executions', async () => {
      const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
      const names = executions!.map((e) => e.name);
      expect(names.filter((name) => name!.startsWith('not-json-'))).toEqual([]);
      expect(names).toHaveLength(MALFORMED.length + 1);
    });

    it('refuses input over 256 KiB with ValidationException, as AWS does, starting nothing', async () => {
      const input = withField('customer.name', 'A'.repeat(MAX_PAYLOAD_BYTES));
      const before = started().length;
      for (const command of [
        new StartExecutionCommand({ stateMachineArn, name: `oversize-${RUN_ID}`, input }),
        new StartSyncExecutionCommand({ stateMachineArn: expressArn, input }),
      ]) {
        await expect(sfn.send(command as never)).rejects.toMatchObject({
          name: 'ValidationException',
          message:
            "1 validation error detected: Value at 'input' failed to satisfy constraint: " +
            'Member must have size less than or equal to 262144 bytes in UTF-8 encoding',
        });
      }
      expect(started()).toHaveLength(before);
    });

    it(`refuses input nested deeper than ${MAX_INPUT_DEPTH} levels with InvalidExecutionInput, starting nothing`, async () => {
      // 100,000 levels fit in 256 KiB; unchecked, copying such input overflowed the stack (HTTP 500).
      const input = withField('customer.id', JSON.parse(nestedArrays(MAX_INPUT_DEPTH)));
      const before = started().length;
      for (const command of [
        new StartExecutionCommand({ stateMachineArn, name: `deep-${RUN_ID}`, input }),
        new StartSyncExecutionCommand({
          stateMachineArn: expressArn,
          input: `{"a":${nestedArrays(100_000)}}`,
        }),
      ]) {
        await expect(sfn.send(command as never)).rejects.toMatchObject({
          name: 'InvalidExecutionInput',
          message: expect.stringContaining(`nested deeper than ${MAX_INPUT_DEPTH} levels`),
        });
      }
      expect(started()).toHaveLength(before);
    });

    it('fails a malformed order started with StartSyncExecution the same way', async () => {
      const result = await sfn.send(
        new StartSyncExecutionCommand({
          stateMachineArn: expressArn,
          input: withField('items[0].quantity', -3),
        }),
      );
      expect(result).toMatchObject({ status: 'FAILED', error: 'OrderValidationFailed' });
      expect(messageOf(result.cause)).toMatch(/^items\[0\]\.quantity: must be a whole number/);
    });
  });
});
