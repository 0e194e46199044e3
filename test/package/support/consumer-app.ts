import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childEnv, npm, REPO_ROOT } from './pack';

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
 * with this repository's aws-cdk-lib, constructs, CDK CLI and TypeScript, and the tarball.
 */
export function consumerPackageJson(tarball: string): object {
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
      'order-workflow': `file:${tarball}`,
    },
  };
}

/** Copies the fixture into `dir`, writes its package.json, installs; returns the install time in ms. */
export function createConsumerApp(dir: string, tarball: string): number {
  fs.cpSync(FIXTURE_DIR, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(consumerPackageJson(tarball), null, 2));
  const started = performance.now();
  // The packages are in npm's cache (this repository installed them): no round trip per package.
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return performance.now() - started;
}

/** `npx cdk synth` in the consumer, offline; returns the time in ms. */
export function cdkSynth(dir: string): number {
  const started = performance.now();
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--no-notices'], {
    cwd: dir,
    env: childEnv(OFFLINE_CDK_ENV),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return performance.now() - started;
}

/** Runs `node <script> ...args` in the consumer and parses what it prints as JSON. */
export function runNodeScript<T>(dir: string, script: string, ...args: string[]): { value: T; ms: number } {
  const started = performance.now();
  const out = execFileSync(process.execPath, [script, ...args], {
    cwd: dir,
    env: childEnv(OFFLINE_CDK_ENV),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { value: JSON.parse(out) as T, ms: performance.now() - started };
}
