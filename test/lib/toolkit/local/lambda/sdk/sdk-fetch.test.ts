import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FunctionRunner, PINNED_SDK, SdkCache } from '../../../../../../lib/toolkit/local/lambda';
import { testNamespace } from '../../../../../support/dynamodb-test-local';
import { expectOk, fixtureBundles, localFunction } from '../fixtures';

const fixtures = fixtureBundles();

/**
 * Bundles that import what Lambda's Node.js runtime provides but neither this project's
 * dependencies nor anything above the bundle (a folder in os.tmpdir()) has: @aws-sdk/lib-dynamodb
 * and @aws-sdk/client-sqs. The runner fetches them into its cache (once per machine: the default
 * cache, .cache/aws-sdk/<version>) before the bundle first runs.
 */
const CJS = `
  const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient, PutCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');
  const { SQSClient } = require('@aws-sdk/client-sqs');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  exports.handler = async (event) => {
    await documents.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: event.id, items: [{ sku: 'A', n: 2 }] } }));
    const { Item } = await documents.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id } }));
    return { Item, sqs: typeof SQSClient };
  };`;
const ESM = `
  import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
  import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
  import { SQSClient } from '@aws-sdk/client-sqs';
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  export const handler = async (event) => {
    const { Item } = await documents.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id } }));
    return { Item, sqs: typeof SQSClient };
  };`;

describe('an SDK package Lambda provides and nothing here has', () => {
  const namespace = testNamespace('eu-west-1');
  const tableName = `sdk-fetch-${Date.now()}`;
  const runner = new FunctionRunner({
    baseEnvironment: {
      AWS_REGION: namespace.region,
      AWS_ACCESS_KEY_ID: namespace.accessKeyId,
      AWS_ENDPOINT_URL_DYNAMODB: namespace.endpoint,
    },
  });
  afterAll(() => runner.close());
  beforeAll(() =>
    namespace.client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    ),
  );

  it('is fetched once at the pinned release, and loads in CommonJS and ES module bundles', async () => {
    const cjs = fixtures.bundle('documents-cjs', { 'index.js': CJS });
    const esm = fixtures.bundle('documents-esm', { 'index.mjs': ESM });
    for (let dir = cjs; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      expect(fs.existsSync(path.join(dir, 'node_modules', '@aws-sdk', 'lib-dynamodb'))).toBe(false);
    }
    const environment = { TABLE_NAME: tableName };
    const put = expectOk(
      await runner.invoke(localFunction('documents-cjs', cjs, { environment, timeoutSeconds: 20 }), {
        id: 'o-1',
      }),
    );
    const got = expectOk(
      await runner.invoke(localFunction('documents-esm', esm, { environment, timeoutSeconds: 20 }), {
        id: 'o-1',
      }),
    );
    // lib-dynamodb marshalled the plain object, and unmarshalled it back.
    const expected = { Item: { pk: 'o-1', items: [{ sku: 'A', n: 2 }] }, sqs: 'function' };
    expect(put.payload).toEqual(expected);
    expect(got.payload).toEqual(expected);

    const cache = new SdkCache();
    for (const name of ['@aws-sdk/lib-dynamodb', '@aws-sdk/client-sqs']) {
      expect(cache.has(name)).toBe(true);
      const manifest = path.join(cache.nodeModules, name, 'package.json');
      expect(JSON.parse(fs.readFileSync(manifest, 'utf8')).version).toBe(PINNED_SDK.version);
    }
  });
});
