import { startDynamoDbLocal } from '../../lib/toolkit/local/dynamodb/dynamodb-local';

/**
 * Jest globalSetup: one DynamoDB Local for the whole run, its endpoint in DYNAMODB_LOCAL_ENDPOINT
 * for every worker; each test keeps to an access key namespace of its own (dynamodb-test-local.ts).
 * An endpoint already in the environment is used as it is. Where DynamoDB Local cannot start (no
 * Java), the reason goes into DYNAMODB_LOCAL_UNAVAILABLE: the tests that need it fail with it,
 * and the rest of the run goes on.
 */
export default async function startDynamoDbLocalForTests(): Promise<void> {
  // Workers set it in jest-env.js; this process talks to DynamoDB Local too.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (process.env.DYNAMODB_LOCAL_ENDPOINT) return;
  try {
    const local = await startDynamoDbLocal();
    (globalThis as { dynamoDbLocalForTests?: typeof local }).dynamoDbLocalForTests = local;
    process.env.DYNAMODB_LOCAL_ENDPOINT = local.endpoint;
  } catch (error) {
    process.env.DYNAMODB_LOCAL_UNAVAILABLE = (error as Error).message;
  }
}
