import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
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
  /** `Image` for a container image function: listed, but it cannot run here. */
  readonly packageType?: 'Image';
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
    const code = props.Code as { S3Key?: unknown; ZipFile?: unknown; ImageUri?: unknown } | undefined;
    if (props.PackageType === 'Image' || code?.ImageUri !== undefined) {
      bundles.push({ logicalId, directory: '', handler: '', environment: {}, packageType: 'Image' });
      continue;
    }
    const directory =
      typeof code?.ZipFile === 'string'
        ? inlineCodeFolder(code.ZipFile, props.Runtime)
        : assetFolder(assemblyDir, manifest, manifestFile, logicalId, code?.S3Key);
    if (!directory) continue; // code we cannot place (no S3 key, no inline code)
    bundles.push({
      logicalId,
      directory,
      handler: String(props.Handler ?? 'index.handler'),
      runtime: props.Runtime as string | undefined,
      environment: (props.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {},
    });
  }
  return bundles;
}

function assetFolder(
  assemblyDir: string,
  manifest: AssetManifest,
  manifestFile: string,
  logicalId: string,
  s3Key: unknown,
): string | undefined {
  if (typeof s3Key !== 'string') return undefined;
  const hash = s3Key.replace(/\.zip$/, '');
  const asset = manifest.files?.[hash];
  if (!asset) throw new Error(`${logicalId}: asset ${hash} is not in ${manifestFile}`);
  return path.resolve(assemblyDir, asset.source.path);
}

/**
 * Inline code (`Code.fromInline`, CloudFormation's `ZipFile`) written where Lambda puts it: the
 * file `index.js` for Node.js, `index.py` for Python. The folder is named by the code's hash, in
 * the temporary folder, so the user's cdk.out is left as it is and the same code is written once.
 */
function inlineCodeFolder(code: string, runtime: unknown): string {
  const file = String(runtime ?? '').startsWith('python') ? 'index.py' : 'index.js';
  const hash = createHash('sha256').update(file).update(code).digest('hex').slice(0, 16);
  const folder = path.join(os.tmpdir(), 'order-workflow-inline-code', hash);
  if (!fs.existsSync(path.join(folder, file))) {
    fs.mkdirSync(folder, { recursive: true });
    // Written aside, then renamed: a parallel test worker never reads a half-written file.
    const partial = path.join(folder, `${file}.${process.pid}.partial`);
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, path.join(folder, file));
  }
  return folder;
}
