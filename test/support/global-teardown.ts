import * as fs from 'node:fs';
import { APP_ASSEMBLIES_ENV } from './app-assemblies';
import stopDynamoDbLocalForTests from './dynamodb-global-teardown';

/** Jest globalTeardown: what global-setup.ts started and made, stopped and removed. */
export default async function globalTeardown(): Promise<void> {
  await stopDynamoDbLocalForTests();
  const assemblies = process.env[APP_ASSEMBLIES_ENV];
  if (assemblies) fs.rmSync(assemblies, { recursive: true, force: true });
}
