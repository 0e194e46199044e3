import { loadLocalApp } from '../local/local-app';
import { commandAssembly, DEFAULT_SEED_FILE } from './this-app';

export interface SeedOptions {
  readonly type: 'standard' | 'express';
  /** @default http://127.0.0.1:8000, where `order-workflow start` runs DynamoDB Local */
  readonly endpoint: string;
  /** @default 'local', the namespace `order-workflow start` uses */
  readonly accessKey: string;
  /** @default examples/inventory-seed.json */
  readonly file?: string;
  readonly assembly?: string;
  /** `--no-cache`: false, synthesize this app even when its cached assembly is up to date. */
  readonly cache?: boolean;
}

/**
 * `order-workflow seed`: (re)loads seed data into a running DynamoDB Local, in the namespace of an
 * access key. The app's tables are created first where missing; items are put, so the seeded ones
 * are reset and others are left alone.
 */
export async function seedCommand(options: SeedOptions): Promise<void> {
  const assemblyDir = (await commandAssembly(options)).dir;
  const app = loadLocalApp(assemblyDir);
  if (app.tables.length === 0) throw new Error(`the app in ${assemblyDir} has no DynamoDB tables`);
  const file = options.file ?? DEFAULT_SEED_FILE;
  // Loaded here, not at the top: the other commands need no DynamoDB SDK.
  const { startAppDynamoDb } = await import('../local/dynamodb/app-dynamodb');
  const { seedTables } = await import('../local/dynamodb/seed');
  const dynamodb = await startAppDynamoDb(app.tables, app.environment.region, {
    endpoint: options.endpoint,
    accessKeyId: options.accessKey,
  });
  try {
    for (const { name, items } of await seedTables(dynamodb.client, file, dynamodb.info.tableNames)) {
      console.log(`${name}: ${items} item${items === 1 ? '' : 's'} from ${file}`);
    }
  } finally {
    await dynamodb.close();
  }
}
