/**
 * `node --import tsx synth-app-assembly.ts <STANDARD|EXPRESS> <outdir>`: the app synthesized as
 * `cdk synth -c workflowType=<type>` does, into outdir (app-assemblies.ts runs one per type).
 */
import { synthesizeApp, WorkflowTypeName } from '../../lib/app/synthesize';

const [type, outdir] = process.argv.slice(2);
if (type !== 'STANDARD' && type !== 'EXPRESS') throw new Error(`workflow type ${type}?`);
synthesizeApp(type as WorkflowTypeName, outdir);
