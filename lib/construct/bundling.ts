import * as fs from 'node:fs';
import * as path from 'node:path';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';

/** The `name` in this package's package.json: how {@link findPackageRoot} knows it has arrived. */
export const PACKAGE_NAME = 'order-workflow';

/**
 * The folder holding this package's package.json, found by walking up from `from`: the same
 * answer from `lib/construct` (run from source under ts-node, tsx or jest) and from
 * `dist/lib/construct` (the compiled package, in a consumer's node_modules).
 */
export function findPackageRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (isPackageRoot(dir)) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`no package.json named "${PACKAGE_NAME}" in ${from} or any folder above it`);
    }
  }
}

function isPackageRoot(dir: string): boolean {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) return false;
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false; // a broken package.json on the way up is someone else's
  }
}

/** The package root: where package.json, lambdas/ (in this repository) and dist/ are. */
export const PROJECT_ROOT = findPackageRoot();

/** Where the default handlers' sources live: `lambdas/<step>/index.ts` (not shipped in the package). */
export const LAMBDAS_DIR = path.join(PROJECT_ROOT, 'lambdas');

/** Where the build puts each handler's bundle, `<step>/index.js`; shipped in the package. */
export const HANDLERS_DIST_DIR = path.join(PROJECT_ROOT, 'dist', 'handlers');

/** The newest Node.js runtime aws-cdk-lib offers (cdk-nag's AwsSolutions-L1 checks for it). */
export const DEFAULT_RUNTIME = Runtime.NODEJS_24_X;

/** Graviton: cheaper per GB-second than x86 for the same work. */
export const DEFAULT_ARCHITECTURE = Architecture.ARM_64;

/** esbuild target matching {@link DEFAULT_RUNTIME}. */
export const BUNDLE_TARGET = 'node24';

/**
 * The AWS SDK v3 is provided by the Lambda runtime: bundling it would add megabytes and pin
 * a version the runtime already patches.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/** The budget every handler bundle must fit in, Powertools included: cold starts grow with it. */
export const BUNDLE_BUDGET_BYTES = 100 * 1024;

/** How a default handler is bundled (esbuild's option names); kept free of esbuild's types. */
export interface HandlerBundling {
  readonly minify: boolean;
  readonly sourcemap: boolean;
  readonly target: string;
  readonly format: 'cjs';
  readonly platform: 'node';
  readonly external: readonly string[];
}

/**
 * How every default handler is bundled, by `npm run build:handlers` at build time (what
 * NodejsFunction passed to esbuild when it bundled them at synth).
 */
export const DEFAULT_BUNDLING: HandlerBundling = {
  minify: true,
  sourcemap: false,
  target: BUNDLE_TARGET,
  format: 'cjs',
  platform: 'node',
  external: EXTERNAL_MODULES,
};

/** Entry file of a default handler. */
export function handlerEntry(step: string): string {
  return path.join(LAMBDAS_DIR, step, 'index.ts');
}

/**
 * The folder holding a default handler's prebuilt bundle (`index.js`), for `Code.fromAsset`.
 * Throws when it is missing: in this repository the handlers have not been built yet.
 */
export function handlerBundleDir(step: string): string {
  const dir = path.join(HANDLERS_DIST_DIR, step);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(
      `the ${step} handler's bundle is missing (${path.join(dir, 'index.js')}): ` +
        'run `npm run build:handlers` (or `npm run build`) in the order-workflow package',
    );
  }
  return dir;
}
