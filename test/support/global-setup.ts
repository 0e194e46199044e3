import { ensureHandlerBundles } from '../../lib/app/handler-bundles';
import { APP_ASSEMBLIES_ENV, synthesizeAppAssemblies } from './app-assemblies';
import startDynamoDbLocalForTests from './dynamodb-global-setup';

/**
 * Jest globalSetup: the handler bundles the construct deploys (built by the same function as
 * `npm run build:handlers`, only when missing or older than lambdas/), then at once: one DynamoDB
 * Local, and the app's Standard and Express assemblies that the suites share (app-assemblies.ts).
 */
export default async function globalSetup(): Promise<void> {
  await ensureHandlerBundles();
  const [assemblies] = await Promise.all([synthesizeAppAssemblies(), startDynamoDbLocalForTests()]);
  process.env[APP_ASSEMBLIES_ENV] = assemblies;
}
