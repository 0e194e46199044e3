import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { PROJECT_ROOT } from '../construct/bundling';
import { buildApp } from './build-app';

export type WorkflowTypeName = 'STANDARD' | 'EXPRESS';

/**
 * Synthesizes this repository's app, handlers bundled, into `outdir` (one folder per workflow
 * type, `cdk.out.local/<type>` by default): exactly what `cdk synth -c workflowType=<type>`
 * produces, cdk-nag checks included. Returns the cloud assembly folder, which the local toolkit
 * then runs like any other.
 */
export function synthesizeApp(workflowType: WorkflowTypeName, outdir = defaultOutdir(workflowType)): string {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const app = new App({ outdir, context: { ...cdkJson.context, workflowType } });
  buildApp(app);
  return app.synth().directory;
}

export function defaultOutdir(workflowType: WorkflowTypeName): string {
  return path.join(PROJECT_ROOT, 'cdk.out.local', workflowType.toLowerCase());
}
