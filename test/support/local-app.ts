import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeApp, WorkflowTypeName } from '../../lib/local/synthesize';
import { LocalService, startLocal, StartLocalOptions } from '../../lib/server/start-local';

/** Synthesizes the app (bundled) into a temporary folder and serves it on a free port. */
export async function startAppLocally(
  type: WorkflowTypeName,
  options: Partial<StartLocalOptions> = {},
): Promise<LocalService> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `order-workflow-local-${type.toLowerCase()}-`));
  const service = await startLocal({ assemblyDir: synthesizeApp(type, outdir), port: 0, ...options });
  return {
    ...service,
    close: async () => {
      await service.close();
      fs.rmSync(outdir, { recursive: true, force: true });
    },
  };
}
