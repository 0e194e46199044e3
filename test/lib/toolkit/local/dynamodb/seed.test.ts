import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { SANDBOX_CATALOGUE } from '../../../../../lambdas/providers/sandbox/sandbox-inventory';
import { readSeedFile, seedTables } from '../../../../../lib/toolkit/local/dynamodb/seed';
import { testNamespace } from '../../../../support/dynamodb-test-local';

const INVENTORY_SEED = path.join(__dirname, '..', '..', '..', '..', '..', 'examples', 'inventory-seed.json');
/** Logical id → name, as an app with the order workflow's tables would have them. */
const TABLES = {
  OrderWorkflowInventoryTable6A8F4E0B: 'OrderWorkflowInventoryTable6A8F4E0B',
  OrderWorkflowOrdersTableB2C49D11: 'OrderWorkflowOrdersTableB2C49D11',
  IdempotencyTable8F3C21AA: 'order-idempotency',
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-seed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
/** A seed file with this content (a string is written as it is). */
function seedFile(content: unknown): string {
  const file = path.join(dir, `seed-${++files}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('readSeedFile: which table a key names', () => {
  it('matches a logical id, a physical name, and the start of one logical id', () => {
    const file = seedFile({
      OrderWorkflowOrdersTableB2C49D11: [{ orderId: 'o-1' }],
      'order-idempotency': [{ id: 'k-1' }],
      OrderWorkflowInventoryTable: [{ sku: 'S-1' }],
    });
    expect(readSeedFile(file, TABLES).map((t) => [t.logicalId, t.name, t.items.length])).toEqual([
      ['OrderWorkflowOrdersTableB2C49D11', 'OrderWorkflowOrdersTableB2C49D11', 1],
      ['IdempotencyTable8F3C21AA', 'order-idempotency', 1],
      ['OrderWorkflowInventoryTable6A8F4E0B', 'OrderWorkflowInventoryTable6A8F4E0B', 1],
    ]);
  });

  it('refuses a key that names no table, naming the file and listing the app’s tables', () => {
    const file = seedFile({ Stock: [] });
    expect(() => readSeedFile(file, TABLES)).toThrow(
      `seed file ${file}: "Stock" is not a table of the app (by logical id, name, or logical-id prefix); ` +
        'its tables: OrderWorkflowInventoryTable6A8F4E0B, OrderWorkflowOrdersTableB2C49D11, ' +
        'IdempotencyTable8F3C21AA (order-idempotency)',
    );
  });

  it('refuses a prefix that starts several logical ids', () => {
    const file = seedFile({ OrderWorkflow: [] });
    expect(() => readSeedFile(file, TABLES)).toThrow(
      /"OrderWorkflow" starts the logical ids of several tables: OrderWorkflowInventoryTable6A8F4E0B, OrderWorkflowOrdersTableB2C49D11$/,
    );
  });

  it('refuses two keys naming one table', () => {
    const file = seedFile({ OrderWorkflowInventoryTable: [], OrderWorkflowInventoryTable6A8F4E0B: [] });
    expect(() => readSeedFile(file, TABLES)).toThrow(
      `seed file ${file}: "OrderWorkflowInventoryTable" and "OrderWorkflowInventoryTable6A8F4E0B" both name table OrderWorkflowInventoryTable6A8F4E0B`,
    );
  });

  it.each([
    ['a file that is not JSON', '{ "Orders": [', /^cannot read the seed file .*seed-\d+\.json: /],
    [
      'a file that is not an object',
      '[]',
      /^seed file .*seed-\d+\.json: expected an object mapping each table to an array of items$/,
    ],
    [
      'items that are not an array',
      { 'order-idempotency': {} },
      /^seed file .*seed-\d+\.json, table "order-idempotency": expected an array of items$/,
    ],
    [
      'an item that is not an object',
      { 'order-idempotency': [{}, 'k-2'] },
      /^seed file .*seed-\d+\.json, table "order-idempotency", item 1: an item is a JSON object$/,
    ],
  ])('refuses %s, naming the file', (_, content, message) => {
    expect(() => readSeedFile(seedFile(content), TABLES)).toThrow(message);
  });

  it('refuses a file that is not there, naming it', () => {
    expect(() => readSeedFile(path.join(dir, 'missing.json'), TABLES)).toThrow(
      /^cannot read the seed file .*missing\.json: ENOENT/,
    );
  });
});

describe('examples/inventory-seed.json', () => {
  it('holds the sandbox catalogue, nothing reserved, for the Inventory table by logical-id prefix', () => {
    const [table] = readSeedFile(INVENTORY_SEED, TABLES);
    expect(table.logicalId).toBe('OrderWorkflowInventoryTable6A8F4E0B');
    expect(table.items).toEqual(
      SANDBOX_CATALOGUE.map(({ sku, name, available, unitPrice, currency }) => ({
        sku,
        name,
        available,
        reserved: 0,
        unitPrice,
        currency,
      })),
    );
  });
});

describe('seedTables against DynamoDB Local', () => {
  const ns = testNamespace();
  const inventory = TABLES.OrderWorkflowInventoryTable6A8F4E0B;
  beforeAll(async () => {
    await ns.client.send(
      new CreateTableCommand({
        TableName: inventory,
        KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  const stored = async () =>
    ((await ns.client.send(new ScanCommand({ TableName: inventory }))).Items ?? [])
      .map((item) => unmarshall(item))
      .sort((a, b) => String(a.sku).localeCompare(String(b.sku)));

  it('puts every item, numbers as numbers, and reports how many', async () => {
    const results = await seedTables(ns.client, INVENTORY_SEED, TABLES);
    expect(results).toEqual([
      { logicalId: 'OrderWorkflowInventoryTable6A8F4E0B', name: inventory, items: SANDBOX_CATALOGUE.length },
    ]);
    const { Item } = await ns.client.send(
      new GetItemCommand({ TableName: inventory, Key: { sku: { S: 'SKU-LAMP-005' } } }),
    );
    expect(Item).toMatchObject({ available: { N: '2' }, unitPrice: { N: '4599' }, currency: { S: 'USD' } });
    expect((await stored()).map((item) => item.sku)).toEqual(SANDBOX_CATALOGUE.map((c) => c.sku).sort());
  });

  it('seeding again overwrites the seeded items and leaves the others', async () => {
    await seedTables(
      ns.client,
      seedFile({
        OrderWorkflowInventoryTable: [
          { sku: 'SKU-EXTRA', available: 1 },
          { sku: 'SKU-BOOK-001', available: 1 },
        ],
      }),
      TABLES,
    );
    await seedTables(ns.client, INVENTORY_SEED, TABLES);
    const items = await stored();
    expect(items.find((i) => i.sku === 'SKU-EXTRA')).toEqual({ sku: 'SKU-EXTRA', available: 1 });
    expect(items.find((i) => i.sku === 'SKU-BOOK-001')?.available).toBe(10_000);
  });

  it('names the file, the table and the item that DynamoDB refuses', async () => {
    const file = seedFile({ OrderWorkflowInventoryTable: [{ sku: 'SKU-OK' }, { name: 'no key' }] });
    await expect(seedTables(ns.client, file, TABLES)).rejects.toThrow(
      `seed file ${file}, table ${inventory}, item 1: One of the required keys was not given a value`,
    );
  });
});
