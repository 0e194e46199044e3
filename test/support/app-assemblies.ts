import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowTypeName } from '../../lib/app/synthesize';

/**
 * The app's cloud assemblies, Standard and Express, synthesized once per jest run (globalSetup)
 * exactly as `cdk synth` makes them (handlers bundled, cdk-nag and CloudFormation validation on),
 * into one temporary folder that every suite reading an assembly shares. A suite only reads them:
 * the local toolkit never writes into an assembly.
 */
export const APP_ASSEMBLIES_ENV = 'ORDER_WORKFLOW_TEST_APP_ASSEMBLIES';

const WORKFLOW_TYPES: readonly WorkflowTypeName[] = ['STANDARD', 'EXPRESS'];
const SYNTH_SCRIPT = path.join(__dirname, 'synth-app-assembly.ts');
const TSX = require.resolve('tsx', { paths: [path.join(__dirname, '..', '..')] });

/** Synthesizes both assemblies under a new temporary folder, in two processes at once; returns it. */
export async function synthesizeAppAssemblies(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-test-apps-'));
  // CDK_VALIDATION as `cdk synth` has it, whatever the calling process set.
  const env = { ...process.env, CDK_VALIDATION: 'true' };
  await Promise.all(
    WORKFLOW_TYPES.map((type) =>
      promisify(execFile)(process.execPath, ['--import', TSX, SYNTH_SCRIPT, type, assemblyIn(dir, type)], {
        env,
      }).catch((error: Error & { stderr?: string }) => {
        throw new Error(
          `synthesizing the ${type} app for the tests failed: ${error.stderr ?? error.message}`,
        );
      }),
    ),
  );
  return dir;
}

function assemblyIn(dir: string, type: WorkflowTypeName): string {
  return path.join(dir, type.toLowerCase());
}

/** The run's shared assembly of the app (read it, never write into it). */
export function appAssembly(type: WorkflowTypeName): string {
  const dir = process.env[APP_ASSEMBLIES_ENV];
  if (!dir) throw new Error(`${APP_ASSEMBLIES_ENV} is unset: jest ran without test/support/global-setup.ts`);
  return assemblyIn(dir, type);
}
