import * as fs from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Seed data for the app's tables, from a JSON file:
 *
 *     { "<table>": [ { "sku": "SKU-BOOK-001", "available": 10000 }, ... ], ... }
 *
 * Items are plain JSON (strings, numbers, booleans, null, lists, maps), marshalled to DynamoDB's
 * types. `<table>` names a table of the app, tried in this order:
 *   1. its logical id (`OrderWorkflowInventoryTable6A8F4E0B`);
 *   2. its physical name (the template's TableName, locally the logical id when there is none);
 *   3. the start of exactly one table's logical id (`OrderWorkflowInventoryTable`): CDK appends a
 *      hash of the construct path to the construct ids, so a prefix keeps working as the app changes.
 * Each item is written with PutItem: seeding again overwrites the seeded items and leaves the rest.
 */
export interface SeedTable {
  readonly logicalId: string;
  readonly name: string;
  readonly items: readonly Record<string, unknown>[];
}

/** Reads and checks a seed file against the app's tables (logical id → name). */
export function readSeedFile(seedFile: string, tableNames: Readonly<Record<string, string>>): SeedTable[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(seedFile, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the seed file ${seedFile}: ${(error as Error).message}`, { cause: error });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`seed file ${seedFile}: expected an object mapping each table to an array of items`);
  }
  const claimedBy = new Map<string, string>();
  return Object.entries(raw).map(([key, items]) => {
    const logicalId = matchTable(seedFile, key, tableNames);
    const other = claimedBy.get(logicalId);
    if (other !== undefined) {
      throw new Error(
        `seed file ${seedFile}: "${other}" and "${key}" both name table ${tableNames[logicalId]}`,
      );
    }
    claimedBy.set(logicalId, key);
    if (!Array.isArray(items)) {
      throw new Error(`seed file ${seedFile}, table "${key}": expected an array of items`);
    }
    items.forEach((item, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw new Error(`seed file ${seedFile}, table "${key}", item ${index}: an item is a JSON object`);
      }
    });
    return { logicalId, name: tableNames[logicalId], items };
  });
}

function matchTable(seedFile: string, key: string, tableNames: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(tableNames, key)) return key;
  const entries = Object.entries(tableNames);
  const byName = entries.find(([, name]) => name === key);
  if (byName) return byName[0];
  const byPrefix = entries.filter(([logicalId]) => logicalId.startsWith(key));
  if (byPrefix.length === 1) return byPrefix[0][0];
  const listed = (list: Array<[string, string]>) =>
    list.map(([id, name]) => (id === name ? id : `${id} (${name})`)).join(', ') || 'none';
  if (byPrefix.length > 1) {
    throw new Error(
      `seed file ${seedFile}: "${key}" starts the logical ids of several tables: ${listed(byPrefix)}`,
    );
  }
  throw new Error(
    `seed file ${seedFile}: "${key}" is not a table of the app (by logical id, name, or logical-id ` +
      `prefix); its tables: ${listed(entries)}`,
  );
}

export interface SeedResult {
  readonly logicalId: string;
  readonly name: string;
  readonly items: number;
}

/** Writes the seed file's items into the tables (logical id → name); see {@link SeedTable}. */
export async function seedTables(
  client: DynamoDBClient,
  seedFile: string,
  tableNames: Readonly<Record<string, string>>,
): Promise<SeedResult[]> {
  const tables = readSeedFile(seedFile, tableNames);
  const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
  const { marshall } = await import('@aws-sdk/util-dynamodb');
  const results: SeedResult[] = [];
  for (const table of tables) {
    const where = (index: number) => `seed file ${seedFile}, table ${table.name}, item ${index}`;
    const requests = table.items.map((item, index) => {
      try {
        return marshall(item, { removeUndefinedValues: true });
      } catch (error) {
        throw new Error(`${where(index)}: ${(error as Error).message}`, { cause: error });
      }
    });
    await inBatches(requests, 16, async (Item, index) => {
      try {
        await client.send(new PutItemCommand({ TableName: table.name, Item }));
      } catch (error) {
        throw new Error(`${where(index)}: ${(error as Error).message}`, { cause: error });
      }
    });
    results.push({ logicalId: table.logicalId, name: table.name, items: requests.length });
  }
  return results;
}

/** Runs `work` over `items`, at most `concurrency` at a time; the first failure rejects. */
async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}
