import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** Creates a string-keyed on-demand table in a test namespace. */
export async function createTable(client: DynamoDBClient, name: string, key: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

export async function putStock(
  client: DynamoDBClient,
  table: string,
  sku: string,
  available: number,
  unitPrice = 1000,
) {
  await client.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        sku: { S: sku },
        available: { N: String(available) },
        reserved: { N: '0' },
        unitPrice: { N: String(unitPrice) },
        currency: { S: 'USD' },
      },
    }),
  );
}
