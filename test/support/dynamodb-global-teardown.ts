import type { DynamoDbLocal } from '../../lib/toolkit/local/dynamodb/dynamodb-local';

/** Jest globalTeardown: stops the DynamoDB Local that dynamodb-global-setup.ts started. */
export default async function stopDynamoDbLocalForTests(): Promise<void> {
  await (globalThis as { dynamoDbLocalForTests?: DynamoDbLocal }).dynamoDbLocalForTests?.stop();
}
