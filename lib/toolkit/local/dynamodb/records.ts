import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LocalTable } from './tables';

/** One item of the app's tables that an execution's input points to. */
export interface ExecutionRecordItem {
  readonly table: string;
  readonly logicalId: string;
  readonly key: Record<string, string | number>;
  readonly item: Record<string, unknown>;
}

/**
 * The items an execution is about: for every table whose whole primary key is a top-level field of
 * the execution input (`orderId` for the Orders table, say), that item, read consistently. Generic
 * for any app; the console shows them beside the execution (an order's status timeline, here).
 */
export async function recordsOfInput(
  client: DynamoDBClient,
  tables: readonly LocalTable[],
  input: unknown,
): Promise<ExecutionRecordItem[]> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [];
  const fields = input as Record<string, unknown>;
  const found: ExecutionRecordItem[] = [];
  for (const table of tables) {
    const keyNames = (table.createTable.KeySchema ?? []).map((k) => k.AttributeName!);
    const key: Record<string, string | number> = {};
    for (const name of keyNames) {
      const value = fields[name];
      if (typeof value === 'string' || typeof value === 'number') key[name] = value;
    }
    if (keyNames.length === 0 || Object.keys(key).length !== keyNames.length) continue;
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: table.name,
        ConsistentRead: true,
        Key: Object.fromEntries(
          Object.entries(key).map(([k, v]) => [k, typeof v === 'number' ? { N: String(v) } : { S: v }]),
        ),
      }),
    );
    if (Item) found.push({ table: table.name, logicalId: table.logicalId, key, item: unmarshall(Item) });
  }
  return found;
}
