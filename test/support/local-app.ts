import * as path from 'node:path';
import type { WorkflowTypeName } from '../../lib/app/synthesize';
import { LocalService, startLocal, StartLocalOptions } from '../../lib/toolkit/server/start-local';
import { appAssembly } from './app-assemblies';

/** The project's seed data: the sandbox catalogue in the Inventory table. */
export const INVENTORY_SEED = path.join(__dirname, '..', '..', 'examples', 'inventory-seed.json');

/**
 * Serves the app (the run's shared assembly, handlers bundled: app-assemblies.ts) on a free port,
 * its tables in a namespace of their own on the test run's DynamoDB Local, seeded with the catalogue.
 */
export function startAppLocally(
  type: WorkflowTypeName,
  options: Partial<StartLocalOptions> = {},
): Promise<LocalService> {
  return startLocal({
    assemblyDir: appAssembly(type),
    port: 0,
    dynamodb: { endpoint: process.env.DYNAMODB_LOCAL_ENDPOINT, seedFile: INVENTORY_SEED },
    ...options,
  });
}
