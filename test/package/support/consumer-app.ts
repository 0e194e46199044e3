import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { childEnv, npmAsync, REPO_ROOT } from './pack';

const execFileAsync = promisify(execFile);

/** The consumer's files as they are checked in; package.json is written by {@link createConsumerApp}. */
export const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'consumer-app');

/** The CDK CLI kept offline and quiet: no version check, no notices, no telemetry. */
export const OFFLINE_CDK_ENV = {
  CDK_DISABLE_VERSION_CHECK: '1',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The version of a package installed in this repository, so the consumer matches it. */
function installedVersion(name: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', ...name.split('/'), 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * package.json as `cdk init app --language typescript` writes it (the ts-node template),
 * with this repository's aws-cdk-lib, constructs, CDK CLI and TypeScript.
 */
export function consumerPackageJson(): object {
  return {
    name: 'consumer-app',
    version: '0.1.0',
    private: true,
    bin: { 'consumer-app': 'bin/app.js' },
    scripts: { build: 'tsc', watch: 'tsc -w', test: 'jest', cdk: 'cdk' },
    devDependencies: {
      '@types/jest': installedVersion('@types/jest'),
      '@types/node': installedVersion('@types/node'),
      jest: installedVersion('jest'),
      'ts-jest': '^29.4.15',
      'aws-cdk': installedVersion('aws-cdk'),
      'ts-node': '^10.9.2',
      typescript: `~${installedVersion('typescript')}`,
    },
    dependencies: {
      'aws-cdk-lib': installedVersion('aws-cdk-lib'),
      constructs: installedVersion('constructs'),
    },
  };
}

// The packages are in npm's cache (this repository installed them): no round trip per package.
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * Copies the fixture into `dir`, writes its package.json and installs it, as `cdk init` leaves an
 * app (this runs while the package builds); returns the install time in ms.
 */
export async function createConsumerApp(dir: string): Promise<number> {
  fs.cpSync(FIXTURE_DIR, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(consumerPackageJson(), null, 2));
  const started = performance.now();
  await npmAsync(NPM_INSTALL, dir);
  return performance.now() - started;
}

/** `npm install <tarball>` in the consumer, as a user adds the package; returns the time in ms. */
export async function installTarball(dir: string, tarball: string): Promise<number> {
  const started = performance.now();
  await npmAsync([...NPM_INSTALL, tarball], dir);
  return performance.now() - started;
}

/** `npx cdk synth` in the consumer, offline; returns the time in ms. */
export async function cdkSynth(dir: string): Promise<number> {
  const started = performance.now();
  await execFileAsync('npx', ['cdk', 'synth', '--quiet', '--no-notices'], {
    cwd: dir,
    env: childEnv(OFFLINE_CDK_ENV),
    encoding: 'utf8',
  });
  return performance.now() - started;
}

/** Runs `node <script> ...args` in the consumer and parses what it prints as JSON. */
export async function runNodeScript<T>(
  dir: string,
  script: string,
  ...args: string[]
): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const { stdout } = await execFileAsync(process.execPath, [script, ...args], {
    cwd: dir,
    env: childEnv(OFFLINE_CDK_ENV),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { value: JSON.parse(stdout) as T, ms: performance.now() - started };
}
