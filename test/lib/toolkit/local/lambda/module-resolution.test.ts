import * as fs from 'node:fs';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { FunctionRunner } from '../../../../../lib/toolkit/local/lambda';
import { expectError, expectOk, fixtureBundles, localFunction, snsStandIn } from './fixtures';

const PROJECT_NODE_MODULES = path.resolve(__dirname, '../../../../../node_modules');

const fixtures = fixtureBundles();

const { server: sns, published } = snsStandIn();
let runner: FunctionRunner;
beforeAll(async () => {
  await new Promise<void>((resolve) => sns.listen(0, '127.0.0.1', resolve));
  const { port } = sns.address() as AddressInfo;
  runner = new FunctionRunner({
    baseEnvironment: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${port}` },
  });
});
afterAll(async () => {
  await runner.close();
  await new Promise((resolve) => sns.close(resolve));
});

const PUBLISH_CJS = `
  const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
  const client = new SNSClient({});
  exports.handler = async (event) => {
    const { MessageId } = await client.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: event.message }));
    return { MessageId, region: await client.config.region() };
  };`;

describe('the AWS SDK the runtime provides', () => {
  it('is found by a CommonJS bundle outside the project, and talks to the endpoint from the base environment', async () => {
    const dir = fixtures.bundle('publisher', { 'index.js': PUBLISH_CJS });
    expect(dir.startsWith(path.resolve(__dirname, '../../../../..'))).toBe(false);
    const fn = localFunction('publisher', dir, {
      environment: { TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t' },
    });

    const result = expectOk(await runner.invoke(fn, { message: 'out of stock' }));

    expect(result.payload).toEqual({ MessageId: 'local-message-1', region: 'eu-west-1' });
    expect(published.at(-1)).toMatchObject({
      Action: 'Publish',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t',
      Message: 'out of stock',
      // Signed with the runner's fake letters-and-digits key, never the host's credentials.
      authorization: expect.stringContaining('Credential=AKIALOCALLAMBDA00000/'),
    });
  });

  it('is found by an ES module bundle outside the project', async () => {
    const dir = fixtures.bundle('publisher-esm', {
      'index.mjs': `
        import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
        const client = new SNSClient({});
        export const handler = async () => (await client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t', Message: 'esm' }))).MessageId;`,
    });
    const result = expectOk(await runner.invoke(localFunction('publisher-esm', dir), {}));
    expect(result.payload).toBe('local-message-1');
    expect(published.at(-1)).toMatchObject({ Message: 'esm' });
  });

  it('is looked up in sdkNodeModules only, whatever that folder is called', async () => {
    const sdk = path.join(fixtures.root, 'runtime-sdk');
    fixtures.bundle('runtime-sdk/@aws-sdk/client-sns', {
      'package.json': JSON.stringify({ name: '@aws-sdk/client-sns', main: 'main.js' }),
      'main.js': `exports.SNSClient = class { constructor() { this.fake = true; } };`,
    });
    const withFake = new FunctionRunner({ sdkNodeModules: sdk });
    const withNone = new FunctionRunner({ sdkNodeModules: path.join(fixtures.root, 'no-sdk-here') });
    try {
      const dir = fixtures.bundle('sdk-probe', {
        'index.js': `const { SNSClient } = require('@aws-sdk/client-sns'); exports.handler = async () => new SNSClient({}).fake === true;`,
      });
      const fn = localFunction('sdk-probe', dir);
      expect(expectOk(await withFake.invoke(fn, {})).payload).toBe(true);
      expect(expectError(await withNone.invoke(fn, {}))).toMatchObject({
        errorType: 'Runtime.ImportModuleError',
        errorMessage: expect.stringMatching(/^Error: Cannot find module '@aws-sdk\/client-sns'/),
      });
    } finally {
      await Promise.all([withFake.close(), withNone.close()]);
    }
  });
});

describe('what a bundle can load, as in /var/task', () => {
  // cdk.out inside a project: the project's node_modules (here: a link to it) is above the bundle.
  const app = path.join(fixtures.root, 'app');
  fs.mkdirSync(app);
  fs.symlinkSync(PROJECT_NODE_MODULES, path.join(app, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ type: 'module' }));

  it('does not find packages the bundle left out just because the project has them', async () => {
    expect(fs.existsSync(path.join(app, 'node_modules', 'commander'))).toBe(true);
    const cjs = fixtures.bundle('app/cdk.out/asset.cjs', {
      'index.js': `const { Command } = require('commander'); exports.handler = async () => typeof Command;`,
    });
    const esm = fixtures.bundle('app/cdk.out/asset.esm', {
      'index.mjs': `import { Command } from 'commander'; export const handler = async () => typeof Command;`,
    });
    const [fromCjs, fromEsm] = await Promise.all([
      runner.invoke(localFunction('forgot-cjs', cjs), {}),
      runner.invoke(localFunction('forgot-esm', esm), {}),
    ]);
    expect(expectError(fromCjs)).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: expect.stringMatching(/^Error: Cannot find module 'commander'/),
    });
    // The runtime wraps only CommonJS's MODULE_NOT_FOUND; an ES module's missing package is a plain Error.
    expect(expectError(fromEsm)).toMatchObject({
      errorType: 'Error',
      errorMessage: expect.stringMatching(/^Cannot find package 'commander' imported from .*asset\.esm/),
    });
  });

  it('finds what the bundle ships in its own node_modules', async () => {
    const dir = fixtures.bundle('app/cdk.out/asset.vendored', {
      'index.js': `exports.handler = async () => require('tiny').answer;`,
      'node_modules/tiny/package.json': JSON.stringify({ name: 'tiny', main: 'main.js' }),
      'node_modules/tiny/main.js': `exports.answer = 42;`,
    });
    expect(expectOk(await runner.invoke(localFunction('vendored', dir), {})).payload).toBe(42);
  });

  it('loads a CommonJS index.js under a "type": "module" package.json above the bundle', async () => {
    const dir = fixtures.bundle('app/cdk.out/asset.typemodule', {
      'index.js': `"use strict"; const sns = require('@aws-sdk/client-sns'); exports.handler = async () => typeof sns.SNSClient;`,
    });
    expect(expectOk(await runner.invoke(localFunction('typemodule', dir), {})).payload).toBe('function');
  });

  it('loads index.js as an ES module when the bundle itself says "type": "module"', async () => {
    const dir = fixtures.bundle('esm-package', {
      'package.json': JSON.stringify({ type: 'module' }),
      'index.js': `import { SNSClient } from '@aws-sdk/client-sns'; export const handler = async () => typeof SNSClient;`,
    });
    expect(expectOk(await runner.invoke(localFunction('esm-package', dir), {})).payload).toBe('function');
  });
});
