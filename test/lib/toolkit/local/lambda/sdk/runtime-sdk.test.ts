import * as fs from 'node:fs';
import * as path from 'node:path';
import { FunctionRunner, PINNED_SDK, SdkCache } from '../../../../../../lib/toolkit/local/lambda';
import { sdkImportsOfBundle } from '../../../../../../lib/toolkit/local/lambda/sdk/bundle-sdk-imports';
import { RuntimeSdk } from '../../../../../../lib/toolkit/local/lambda/sdk/runtime-sdk';
import { expectError, expectOk, fixtureBundles, localFunction } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../../../../..');
const fixtures = fixtureBundles();

/** A stand-in package: `module.exports = { from: <where> }`. */
function fakePackage(nodeModules: string, name: string, from: string): void {
  const dir = path.join(nodeModules, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, main: 'main.js' }));
  fs.writeFileSync(path.join(dir, 'main.js'), `module.exports = { from: ${JSON.stringify(from)} };`);
}

describe('the pinned SDK release', () => {
  it('is the release of this repository’s @aws-sdk/client-sfn (package-lock), so the two stay in step', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(PINNED_SDK.version).toBe(lock.packages['node_modules/@aws-sdk/client-sfn'].version);
  });
});

describe('sdkImportsOfBundle', () => {
  it('finds the @aws-sdk packages a bundle requires or imports, outside its node_modules', () => {
    const dir = fixtures.bundle('imports', {
      'index.js': `const { SQSClient } = require("@aws-sdk/client-sqs"); const x = require('@aws-sdk/client-sns/dist-cjs/index.js');`,
      'lib/esm.mjs': `import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; import "@aws-sdk/client-kms"; const s3 = () => import('@aws-sdk/client-s3');`,
      'notes.txt': `require("@aws-sdk/client-ignored-not-a-script")`,
      'comment.js': `// mentions @aws-sdk/client-ec2 but never loads it`,
      'node_modules/vendored/index.js': `require("@aws-sdk/client-vendored")`,
    });
    expect(sdkImportsOfBundle(dir)).toEqual([
      '@aws-sdk/client-kms',
      '@aws-sdk/client-s3',
      '@aws-sdk/client-sns',
      '@aws-sdk/client-sqs',
      '@aws-sdk/lib-dynamodb',
    ]);
  });
});

describe('where a function’s SDK comes from', () => {
  const app = path.join(fixtures.root, 'app-node-modules');
  const cache = new SdkCache(path.join(fixtures.root, 'sdk-cache'));
  fakePackage(app, '@aws-sdk/client-sqs', 'app');
  fakePackage(cache.nodeModules, '@aws-sdk/client-sqs', 'cache');
  fakePackage(cache.nodeModules, '@aws-sdk/lib-dynamodb', 'cache');
  const runner = new FunctionRunner({ appNodeModules: [app], sdkCache: cache });
  afterAll(() => runner.close());

  it('is the app’s node_modules first, then the cache, then the SDK this toolkit depends on', async () => {
    const dir = fixtures.bundle('order', {
      'index.js': `
        exports.handler = async () => ({
          sqs: require('@aws-sdk/client-sqs').from,
          doc: require('@aws-sdk/lib-dynamodb').from,
          sns: typeof require('@aws-sdk/client-sns').SNSClient,
        });`,
    });
    const result = expectOk(await runner.invoke(localFunction('order', dir), {}));
    expect(result.payload).toEqual({ sqs: 'app', doc: 'cache', sns: 'function' });
  });

  it('never serves this project’s devDependencies, which a consumer’s install does not have', async () => {
    expect(fs.existsSync(path.join(ROOT, 'node_modules/@aws-sdk/client-sfn'))).toBe(true); // a devDependency here
    const offline = new FunctionRunner({ sdkCache: false });
    try {
      const dir = fixtures.bundle('dev-only', {
        'index.js': `const { SFNClient } = require('@aws-sdk/client-sfn'); exports.handler = async () => typeof SFNClient;`,
      });
      const result = expectError(await offline.invoke(localFunction('dev-only', dir), {}));
      expect(result).toMatchObject({
        errorType: 'Runtime.ImportModuleError',
        errorMessage: expect.stringMatching(/^Error: Cannot find module '@aws-sdk\/client-sfn'/),
      });
      expect(result.logs).toContain('[local runtime] @aws-sdk/client-sfn: not installed where');
    } finally {
      await offline.close();
    }
  });

  it('fetches nothing a source already has', () => {
    const sdk = new RuntimeSdk({ appNodeModules: [app], cache });
    const dir = fixtures.bundle('covered', {
      'index.js': `require('@aws-sdk/client-sqs'); require('@aws-sdk/lib-dynamodb'); require('@aws-sdk/client-sns');`,
    });
    expect(sdk.missingFor(dir)).toEqual([]);
    const bundled = fixtures.bundle('ships-its-own', {
      'index.js': `require('@aws-sdk/client-kinesis');`,
      'node_modules/@aws-sdk/client-kinesis/package.json': '{}',
    });
    expect(sdk.missingFor(bundled)).toEqual([]);
    expect(
      sdk.missingFor(fixtures.bundle('needs', { 'index.js': `require('@aws-sdk/client-kinesis');` })),
    ).toEqual(['@aws-sdk/client-kinesis']);
  });

  it('lets a function fail as without the package when the fetch fails, saying why in its logs', async () => {
    // A cache folder that cannot be made (its parent is a file): the fetch fails as offline would.
    const broken = new FunctionRunner({
      sdkCache: new SdkCache(path.join(fixtures.root, 'order', 'index.js', 'cache')),
    });
    try {
      const dir = fixtures.bundle('cannot-fetch', {
        'index.js': `const { KinesisClient } = require('@aws-sdk/client-kinesis'); exports.handler = async () => 1;`,
      });
      const result = expectError(await broken.invoke(localFunction('cannot-fetch', dir), {}));
      expect(result).toMatchObject({
        errorType: 'Runtime.ImportModuleError',
        errorMessage: expect.stringMatching(/^Error: Cannot find module '@aws-sdk\/client-kinesis'/),
      });
      expect(result.logs).toContain(
        "[local runtime] @aws-sdk/client-kinesis (provided by Lambda's Node.js runtime) could not be fetched: ",
      );
    } finally {
      await broken.close();
    }
  });

  it('fetches what all the functions miss in one go, before any invocation', async () => {
    class RecordingCache extends SdkCache {
      readonly fetches: string[][] = [];
      override async fetch(names: string[]): Promise<string[]> {
        this.fetches.push(names);
        return names;
      }
    }
    const recording = new RecordingCache(path.join(fixtures.root, 'recording-cache'));
    const prepared = new FunctionRunner({ sdkCache: recording });
    try {
      const first = fixtures.bundle('first', { 'index.js': `require('@aws-sdk/client-kinesis');` });
      const second = fixtures.bundle('second', {
        'index.mjs': `import '@aws-sdk/client-kinesis'; import { S3Client } from '@aws-sdk/client-s3';`,
      });
      const python = fixtures.bundle('python', { 'index.py': '# from "@aws-sdk/client-ignored"' });
      const preparations = await prepared.prepare([
        localFunction('first', first),
        localFunction('second', second),
        localFunction('python', python, { runtime: 'python3.12' }),
      ]);
      expect(recording.fetches).toEqual([['@aws-sdk/client-kinesis', '@aws-sdk/client-s3']]);
      expect(preparations).toHaveLength(2);
    } finally {
      await prepared.close();
    }
  });
});
