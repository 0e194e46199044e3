import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeApp, WorkflowTypeName } from '../../lib/app/synthesize';
import { LocalService, startLocal, StartLocalOptions } from '../../lib/toolkit/server/start-local';

/** The project's seed data: the sandbox catalogue in the Inventory table. */
export const INVENTORY_SEED = path.join(__dirname, '..', '..', 'examples', 'inventory-seed.json');

/**
 * Synthesizes the app (bundled) into a temporary folder and serves it on a free port, its tables
 * in a namespace of their own on the test run's DynamoDB Local, seeded with the catalogue.
 */
export async function startAppLocally(
  type: WorkflowTypeName,
  options: Partial<StartLocalOptions> = {},
): Promise<LocalService> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `order-workflow-local-${type.toLowerCase()}-`));
  const service = await startLocal({
    assemblyDir: synthesizeApp(type, outdir),
    port: 0,
    dynamodb: { endpoint: process.env.DYNAMODB_LOCAL_ENDPOINT, seedFile: INVENTORY_SEED },
    ...options,
  });
  return {
    ...service,
    close: async () => {
      await service.close();
      fs.rmSync(outdir, { recursive: true, force: true });
    },
  };
}
