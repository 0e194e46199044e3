import type {
  AttributeDefinition,
  CreateTableCommandInput,
  DynamoDBClient,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  ProvisionedThroughput,
} from '@aws-sdk/client-dynamodb';
import { CfnTemplate, TemplateResolver } from '../template-resolver';

export const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'] as const;

/** A table of the app, as DynamoDB Local gets it. */
export interface LocalTable {
  readonly logicalId: string;
  /** The resolver's physical name: the explicit TableName, or the logical id. */
  readonly name: string;
  readonly createTable: CreateTableCommandInput;
  /** Applied after creation, when the template enables it. */
  readonly timeToLiveAttribute?: string;
}

/** Capacity means nothing locally, but a provisioned table and its indexes must state one. */
const DEFAULT_THROUGHPUT: ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

interface CfnIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  ProvisionedThroughput?: { ReadCapacityUnits: unknown; WriteCapacityUnits: unknown };
}

/**
 * Every AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable of a template as a CreateTable request:
 * keys, attribute definitions, global and local secondary indexes, billing mode. What DynamoDB
 * Local has no use for is left out: a global table's replicas and per-replica settings, streams,
 * encryption, point-in-time recovery, tags. Only the properties read here are resolved, so an
 * intrinsic elsewhere (a KMS key's ARN, say) cannot stop it.
 */
export function tablesOfTemplate(
  template: CfnTemplate,
  resolver = new TemplateResolver(template),
): LocalTable[] {
  return TABLE_TYPES.flatMap((type) => resolver.resourcesOfType(type)).map(([logicalId, resource]) => {
    const property = <T>(name: string) =>
      resolver.resolve(resource.Properties?.[name], `${logicalId}.Properties.${name}`) as T | undefined;
    const keySchema = property<KeySchemaElement[]>('KeySchema');
    if (!Array.isArray(keySchema)) throw new Error(`table ${logicalId} has no KeySchema`);
    const onDemand = property<string>('BillingMode') === 'PAY_PER_REQUEST';
    const throughput = (given: CfnIndex['ProvisionedThroughput']) =>
      onDemand
        ? {}
        : {
            ProvisionedThroughput: given
              ? {
                  ReadCapacityUnits: Number(given.ReadCapacityUnits),
                  WriteCapacityUnits: Number(given.WriteCapacityUnits),
                }
              : DEFAULT_THROUGHPUT,
          };
    const name = resolver.physicalName(logicalId);
    const gsis = property<CfnIndex[]>('GlobalSecondaryIndexes') ?? [];
    const lsis = property<CfnIndex[]>('LocalSecondaryIndexes') ?? [];
    const ttl = property<{ AttributeName?: string; Enabled?: boolean | string }>('TimeToLiveSpecification');
    return {
      logicalId,
      name,
      createTable: {
        TableName: name,
        KeySchema: keySchema,
        AttributeDefinitions: property<AttributeDefinition[]>('AttributeDefinitions') ?? [],
        BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
        ...throughput(property('ProvisionedThroughput')),
        ...(gsis.length > 0 && {
          GlobalSecondaryIndexes: gsis.map((index): GlobalSecondaryIndex => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
            ...throughput(index.ProvisionedThroughput),
          })),
        }),
        ...(lsis.length > 0 && {
          LocalSecondaryIndexes: lsis.map((index): LocalSecondaryIndex => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
          })),
        }),
      },
      timeToLiveAttribute:
        ttl?.AttributeName && String(ttl.Enabled) === 'true' ? ttl.AttributeName : undefined,
    };
  });
}

/**
 * Creates the tables that do not exist yet (one that exists is left as it is, data and all), then
 * turns on their time to live. Returns each table's name by logical id.
 */
export async function createLocalTables(
  client: DynamoDBClient,
  tables: readonly LocalTable[],
): Promise<Record<string, string>> {
  const { CreateTableCommand, UpdateTimeToLiveCommand } = await import('@aws-sdk/client-dynamodb');
  await Promise.all(
    tables.map(async (table) => {
      try {
        await client.send(new CreateTableCommand(table.createTable));
      } catch (error) {
        if ((error as Error).name === 'ResourceInUseException') return;
        throw new Error(
          `cannot create table ${table.name} (${table.logicalId}): ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      if (table.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: table.name,
            TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }),
  );
  return Object.fromEntries(tables.map((t) => [t.logicalId, t.name]));
}

/** {@link tablesOfTemplate} and {@link createLocalTables} for one template. */
export function createTables(
  client: DynamoDBClient,
  template: CfnTemplate,
  resolver = new TemplateResolver(template),
): Promise<Record<string, string>> {
  return createLocalTables(client, tablesOfTemplate(template, resolver));
}
