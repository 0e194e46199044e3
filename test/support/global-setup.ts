import { ensureHandlerBundles } from '../../lib/app/handler-bundles';
import startDynamoDbLocalForTests from './dynamodb-global-setup';

/**
 * Jest globalSetup: the handler bundles the construct deploys (built by the same function as
 * `npm run build:handlers`, only when missing or older than lambdas/), then one DynamoDB Local.
 */
export default async function globalSetup(): Promise<void> {
  await ensureHandlerBundles();
  await startDynamoDbLocalForTests();
}
