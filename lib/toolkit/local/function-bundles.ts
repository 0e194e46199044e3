import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnTemplate } from './template-resolver';

/** Where a function's bundled code is in a cloud assembly. */
export interface FunctionBundle {
  readonly logicalId: string;
  /** The asset folder holding the bundle, e.g. `cdk.out/asset.<hash>`. */
  readonly directory: string;
  /** `index.handler` and the like, from the template. */
  readonly handler: string;
  readonly runtime?: string;
  readonly environment: Record<string, unknown>;
}

interface AssetManifest {
  files?: Record<string, { source: { path: string; packaging?: string } }>;
}

/**
 * Finds each AWS::Lambda::Function's bundle through the stack's asset manifest (`*.assets.json`):
 * the Code's S3 key is `<hash>.zip`, and the manifest maps the hash to the asset folder. The
 * `aws:asset:path` metadata is not used: it is there only when the CLI turns asset metadata on.
 */
export function findFunctionBundles(
  assemblyDir: string,
  stackName: string,
  template: CfnTemplate,
): FunctionBundle[] {
  const manifestFile = path.join(assemblyDir, `${stackName}.assets.json`);
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`no asset manifest ${manifestFile}: synthesize the app (npx cdk synth) first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as AssetManifest;
  const bundles: FunctionBundle[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const props = resource.Properties ?? {};
    const code = props.Code as { S3Key?: unknown; ZipFile?: unknown } | undefined;
    const key = typeof code?.S3Key === 'string' ? code.S3Key : undefined;
    if (!key) continue; // inline code (ZipFile) or an image: no asset folder
    const hash = key.replace(/\.zip$/, '');
    const asset = manifest.files?.[hash];
    if (!asset) throw new Error(`${logicalId}: asset ${hash} is not in ${manifestFile}`);
    bundles.push({
      logicalId,
      directory: path.resolve(assemblyDir, asset.source.path),
      handler: String(props.Handler ?? 'index.handler'),
      runtime: props.Runtime as string | undefined,
      environment: (props.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {},
    });
  }
  return bundles;
}
