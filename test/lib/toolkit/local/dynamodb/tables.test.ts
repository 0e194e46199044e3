import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { createTables, tablesOfTemplate } from '../../../../../lib/toolkit/local/dynamodb/tables';
import { CfnTemplate, TemplateResolver } from '../../../../../lib/toolkit/local/template-resolver';
import { testNamespace } from '../../../../support/dynamodb-test-local';
import { testApp } from '../../../../support/synth';

/** Every kind of table the local side must understand, as CDK synthesizes them. */
function synthTables(): CfnTemplate {
  const app = testApp();
  const stack = new Stack(app, 'Tables', { env: { account: '111111111111', region: 'us-east-1' } });
  const orders = new dynamodb.Table(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    stream: dynamodb.StreamViewType.NEW_IMAGE,
  });
  orders.addGlobalSecondaryIndex({
    indexName: 'byCustomer',
    partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
    projectionType: dynamodb.ProjectionType.KEYS_ONLY,
  });
  orders.addLocalSecondaryIndex({
    indexName: 'byStatus',
    sortKey: { name: 'status', type: dynamodb.AttributeType.STRING },
  });
  new dynamodb.Table(stack, 'Named', {
    tableName: 'idempotency-store',
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    readCapacity: 3,
    writeCapacity: 4,
  });
  new dynamodb.TableV2(stack, 'Global', {
    partitionKey: { name: 'sku', type: dynamodb.AttributeType.STRING },
    billing: dynamodb.Billing.provisioned({
      readCapacity: dynamodb.Capacity.fixed(2),
      writeCapacity: dynamodb.Capacity.autoscaled({ maxCapacity: 10 }),
    }),
    globalSecondaryIndexes: [
      { indexName: 'byName', partitionKey: { name: 'name', type: dynamodb.AttributeType.STRING } },
    ],
    timeToLiveAttribute: 'ttl',
    replicas: [{ region: 'eu-west-1' }],
  });
  return app.synth().getStackByName('Tables').template;
}

const template = synthTables();
const resolver = new TemplateResolver(template);
const tables = tablesOfTemplate(template, resolver);
const byPrefix = (prefix: string) => tables.find((t) => t.logicalId.startsWith(prefix))!;

describe('tablesOfTemplate', () => {
  it('finds AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable resources', () => {
    expect(tables.map((t) => template.Resources![t.logicalId].Type).sort()).toEqual([
      'AWS::DynamoDB::GlobalTable',
      'AWS::DynamoDB::Table',
      'AWS::DynamoDB::Table',
    ]);
  });

  it('names a table by its TableName, else by its logical id', () => {
    expect(byPrefix('Named').name).toBe('idempotency-store');
    expect(byPrefix('Orders').name).toBe(byPrefix('Orders').logicalId);
  });

  it('keeps keys, attribute definitions, both kinds of index and the on-demand billing mode', () => {
    const orders = byPrefix('Orders');
    expect(orders.createTable).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCustomer',
          KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      LocalSecondaryIndexes: [{ IndexName: 'byStatus', Projection: { ProjectionType: 'ALL' } }],
    });
    expect(orders.createTable.AttributeDefinitions).toHaveLength(4);
    expect(orders.createTable.ProvisionedThroughput).toBeUndefined();
    expect(orders.createTable).not.toHaveProperty('StreamSpecification');
    expect(orders.timeToLiveAttribute).toBe('expiresAt');
  });

  it('gives provisioned tables and their indexes a throughput: the template’s, or a default', () => {
    expect(byPrefix('Named').createTable).toMatchObject({
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
    });
    const global = byPrefix('Global').createTable;
    expect(global.BillingMode).toBe('PROVISIONED');
    expect(global.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
    expect(global.GlobalSecondaryIndexes?.[0].ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
    expect(global).not.toHaveProperty('Replicas');
  });
});

describe('createTables against DynamoDB Local', () => {
  const ns = testNamespace();
  let names: Record<string, string>;
  beforeAll(async () => {
    names = await createTables(ns.client, template, resolver);
  });

  it('creates every table and returns its name by logical id', async () => {
    expect(names).toEqual(Object.fromEntries(tables.map((t) => [t.logicalId, t.name])));
    const { TableNames } = await ns.client.send(new ListTablesCommand({}));
    expect(TableNames?.sort()).toEqual(Object.values(names).sort());
  });

  it('creates the keys and indexes DynamoDB Local then describes', async () => {
    const { Table } = await ns.client.send(
      new DescribeTableCommand({ TableName: names[byPrefix('Orders').logicalId] }),
    );
    expect(Table?.KeySchema).toEqual(byPrefix('Orders').createTable.KeySchema);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byCustomer']);
    expect(Table?.LocalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byStatus']);
  });

  it('turns time to live on where the template does', async () => {
    const ttl = await ns.client.send(
      new DescribeTimeToLiveCommand({ TableName: names[byPrefix('Global').logicalId] }),
    );
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
  });

  it('leaves a table that exists as it is: creating again keeps its items', async () => {
    const TableName = 'idempotency-store';
    await ns.client.send(new PutItemCommand({ TableName, Item: { id: { S: 'kept' } } }));
    await expect(createTables(ns.client, template, resolver)).resolves.toEqual(names);
    const { Item } = await ns.client.send(new GetItemCommand({ TableName, Key: { id: { S: 'kept' } } }));
    expect(Item).toEqual({ id: { S: 'kept' } });
  });

  it('keeps each access key’s tables apart: another namespace sees none of them', async () => {
    const other = testNamespace();
    expect((await other.client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });
});
