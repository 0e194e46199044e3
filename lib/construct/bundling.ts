import * as path from 'node:path';
import * as fs from 'node:fs';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The project root: where lambdas/ and the lock file are, whether run from source or from node_modules. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Where the default handlers live: `lambdas/<step>/index.ts`. */
export const LAMBDAS_DIR = path.join(PROJECT_ROOT, 'lambdas');

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

/** How every default handler is bundled; the bundle-size test and the benchmark reuse it. */
export const DEFAULT_BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: false,
  target: BUNDLE_TARGET,
  format: OutputFormat.CJS,
  externalModules: EXTERNAL_MODULES,
};

/** Entry file of a default handler. */
export function handlerEntry(step: string): string {
  return path.join(LAMBDAS_DIR, step, 'index.ts');
}

/** The lock file NodejsFunction reads to find the project root; absent when installed as a package. */
export function lockFile(): string | undefined {
  const file = path.join(PROJECT_ROOT, 'package-lock.json');
  return fs.existsSync(file) ? file : undefined;
}
