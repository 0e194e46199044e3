import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient, randomAccessKeyId } from '../../lib/toolkit/local/dynamodb/app-dynamodb';

/** The run's DynamoDB Local (see dynamodb-global-setup.ts); throws why there is none. */
export function dynamoDbLocalEndpoint(): string {
  const endpoint = process.env.DYNAMODB_LOCAL_ENDPOINT;
  if (endpoint) return endpoint;
  throw new Error(
    `this test needs DynamoDB Local: ${process.env.DYNAMODB_LOCAL_UNAVAILABLE ?? 'jest ran without its globalSetup'}`,
  );
}

export interface TestNamespace {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly region: string;
  /** Sees this namespace's tables only. */
  readonly client: DynamoDBClient;
}

const clients: DynamoDBClient[] = [];
afterAll(() => clients.splice(0).forEach((client) => client.destroy()));

/** A fresh access key: tables no other test sees, on the run's DynamoDB Local. */
export function testNamespace(region = 'us-east-1'): TestNamespace {
  const endpoint = dynamoDbLocalEndpoint();
  const accessKeyId = randomAccessKeyId();
  const client = localDynamoDbClient(endpoint, accessKeyId, region);
  clients.push(client);
  return { endpoint, accessKeyId, region, client };
}
