import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FAKE_SECRET_ACCESS_KEY } from '../lambda/lambda-environment';
import { startDynamoDbLocal } from './dynamodb-local';
import { seedTables } from './seed';
import { createLocalTables, LocalTable } from './tables';

export interface AppDynamoDbOptions {
  /** Use this running DynamoDB Local instead of starting one. */
  readonly endpoint?: string;
  /** For a DynamoDB Local started here. @default 0: a free port */
  readonly port?: number;
  /** For a DynamoDB Local started here: keep the tables in this folder. @default in memory */
  readonly dbPath?: string;
  /** Items to put into the tables once they exist (see seed.ts for the format). */
  readonly seedFile?: string;
  /**
   * The table namespace: DynamoDB Local (without -sharedDb) keeps each access key's and region's
   * tables apart, so one DynamoDB Local serves many isolated runtimes. Letters and digits only.
   * @default a random key: this runtime's own tables
   */
  readonly accessKeyId?: string;
  /**
   * Told the functions' variables (AppDynamoDb.environment) as soon as the endpoint is known,
   * before DynamoDB Local has started (again, should it move to another port).
   */
  readonly onEnvironment?: (environment: Readonly<Record<string, string>>) => void;
}

/** Where the app's tables are: a client with the same endpoint, key and region sees them. */
export interface LocalDynamoDbInfo {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly region: string;
  /** Each table's name by its logical id. */
  readonly tableNames: Readonly<Record<string, string>>;
  /** How long DynamoDB Local took to start; 0 when an endpoint was given. */
  readonly startupMs: number;
}

export interface AppDynamoDb {
  readonly info: LocalDynamoDbInfo;
  /** For the task dispatcher. */
  readonly client: DynamoDBClient;
  /** For the functions: the SDK's per-service endpoint variable and the namespace's credentials. */
  readonly environment: Readonly<Record<string, string>>;
  /** Stops a DynamoDB Local started here; one given by endpoint keeps running. */
  close(): Promise<void>;
}

/** `local` and 16 letters or digits. */
export function randomAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `local${Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

export function localDynamoDbClient(endpoint: string, accessKeyId: string, region: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey: FAKE_SECRET_ACCESS_KEY },
    // Retrying is the state machine's business (its Retry fields), not the client's.
    maxAttempts: 1,
  });
}

/**
 * Starts DynamoDB Local (or connects to `endpoint`), creates the app's tables in the namespace and
 * applies the seed file.
 */
export async function startAppDynamoDb(
  tables: readonly LocalTable[],
  region: string,
  options: AppDynamoDbOptions = {},
): Promise<AppDynamoDb> {
  const accessKeyId = options.accessKeyId ?? randomAccessKeyId();
  if (!/^[A-Za-z0-9]+$/.test(accessKeyId)) {
    throw new Error(`DynamoDB Local accepts access keys of letters and digits only, not "${accessKeyId}"`);
  }
  const environmentAt = (endpoint: string) => functionEnvironment(endpoint, accessKeyId);
  if (options.endpoint) options.onEnvironment?.(environmentAt(options.endpoint));
  const started = options.endpoint
    ? undefined
    : await startDynamoDbLocal({
        port: options.port,
        dbPath: options.dbPath,
        onEndpoint: (endpoint) => options.onEnvironment?.(environmentAt(endpoint)),
      });
  const endpoint = options.endpoint ?? started!.endpoint;
  const client = localDynamoDbClient(endpoint, accessKeyId, region);
  const close = async () => {
    client.destroy();
    await started?.stop();
  };
  try {
    const tableNames = await createLocalTables(client, tables);
    if (options.seedFile) await seedTables(client, options.seedFile, tableNames);
    return {
      info: { endpoint, accessKeyId, region, tableNames, startupMs: started?.startupMs ?? 0 },
      client,
      environment: environmentAt(endpoint),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** For the functions: the SDK's per-service endpoint variable and the namespace's credentials. */
function functionEnvironment(endpoint: string, accessKeyId: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
  };
}
