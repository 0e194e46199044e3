import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TaskFailure, TaskInvocation } from '../../../../../lib/toolkit/asl/engine';
import { classifyResource } from '../../../../../lib/toolkit/asl/model';
import { localDynamoDbClient } from '../../../../../lib/toolkit/local/dynamodb/app-dynamodb';
import { FunctionRegistry } from '../../../../../lib/toolkit/local/function-registry';
import type { FunctionRunner } from '../../../../../lib/toolkit/local/lambda/function-runner';
import { MockConfig } from '../../../../../lib/toolkit/local/mock-config';
import { SnsRecorder } from '../../../../../lib/toolkit/local/sns-recorder';
import { createTaskHandler, TaskDispatcherDeps } from '../../../../../lib/toolkit/local/task-dispatcher';
import { testNamespace } from '../../../../support/dynamodb-test-local';

const TABLE = 'Orders';
const ns = testNamespace();
const deps: TaskDispatcherDeps = {
  functions: new FunctionRegistry([]),
  runner: {} as FunctionRunner,
  sns: new SnsRecorder(new Set()),
  region: 'us-east-1',
  dynamodb: ns.client,
};
const handler = createTaskHandler(deps);

const task = (resource: string, input: unknown, stateName = 'Db'): TaskInvocation =>
  ({
    resource,
    classifiedResource: classifyResource(resource),
    input,
    stateName,
    retryCount: 0,
    signal: new AbortController().signal,
  }) as TaskInvocation;
const optimized = (action: string, input: unknown) =>
  handler(task(`arn:aws:states:::dynamodb:${action}`, input));
const awsSdk = (action: string, input: unknown) =>
  handler(task(`arn:aws:states:::aws-sdk:dynamodb:${action}`, input));
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the task to fail');
    },
    (error: TaskFailure) => error,
  );
const key = (id: string) => ({ TableName: TABLE, Key: { id: { S: id } } });

beforeAll(async () => {
  await ns.client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

describe('optimized DynamoDB integrations (arn:aws:states:::dynamodb:*)', () => {
  it('putItem writes the item and answers with only the HTTP metadata Step Functions adds', async () => {
    const result = await optimized('putItem', {
      TableName: TABLE,
      Item: { id: { S: 'put-1' }, total: { N: '3497' } },
    });
    expect(Object.keys(result as object).sort()).toEqual(['SdkHttpMetadata', 'SdkResponseMetadata']);
    expect(result).toMatchObject({
      SdkHttpMetadata: {
        HttpStatusCode: 200,
        HttpHeaders: { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': expect.any(String) },
        AllHttpHeaders: { 'Content-Type': ['application/x-amz-json-1.0'] },
      },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    const stored = await ns.client.send(new GetItemCommand(key('put-1')));
    expect(stored.Item).toEqual({ id: { S: 'put-1' }, total: { N: '3497' } });
  });

  it('getItem returns the item in DynamoDB JSON, binary values as base64', async () => {
    await optimized('putItem', { TableName: TABLE, Item: { id: { S: 'get-1' }, blob: { B: 'AQID' } } });
    const result = await optimized('getItem', key('get-1'));
    expect(result).toMatchObject({ Item: { id: { S: 'get-1' }, blob: { B: 'AQID' } } });
  });

  it('updateItem returns the attributes ReturnValues asks for', async () => {
    await optimized('putItem', { TableName: TABLE, Item: { id: { S: 'upd-1' }, stock: { N: '5' } } });
    const result = await optimized('updateItem', {
      ...key('upd-1'),
      UpdateExpression: 'SET stock = stock - :n',
      ExpressionAttributeValues: { ':n': { N: '2' } },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(result).toMatchObject({ Attributes: { stock: { N: '3' } } });
  });

  it('deleteItem removes the item and returns the old one', async () => {
    await optimized('putItem', { TableName: TABLE, Item: { id: { S: 'del-1' } } });
    const result = await optimized('deleteItem', { ...key('del-1'), ReturnValues: 'ALL_OLD' });
    expect(result).toMatchObject({ Attributes: { id: { S: 'del-1' } } });
    expect((await ns.client.send(new GetItemCommand(key('del-1')))).Item).toBeUndefined();
  });

  it('names a failed condition DynamoDB.ConditionalCheckFailedException, with the Java SDK v1 cause', async () => {
    await optimized('putItem', { TableName: TABLE, Item: { id: { S: 'cond-1' } } });
    const failure = await failureOf(
      optimized('putItem', {
        TableName: TABLE,
        Item: { id: { S: 'cond-1' } },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure.error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(failure.cause).toMatch(
      /^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: .+; Proxy: null\)$/,
    );
  });

  it('names an unmodeled error (ValidationException) DynamoDB.AmazonDynamoDBException', async () => {
    const failure = await failureOf(optimized('getItem', { TableName: TABLE, Key: { nope: { S: 'x' } } }));
    expect(failure.error).toBe('DynamoDB.AmazonDynamoDBException');
    expect(failure.cause).toContain('Error Code: ValidationException');
  });

  it('names a missing table DynamoDB.ResourceNotFoundException', async () => {
    const failure = await failureOf(
      optimized('getItem', { TableName: 'NoSuchTable', Key: { id: { S: 'x' } } }),
    );
    expect(failure.error).toBe('DynamoDB.ResourceNotFoundException');
  });
});

describe('AWS SDK DynamoDB integrations (arn:aws:states:::aws-sdk:dynamodb:*)', () => {
  it('query returns the plain response: PascalCase keys, no HTTP metadata', async () => {
    await optimized('putItem', { TableName: TABLE, Item: { id: { S: 'q-1' }, note: { S: 'hi' } } });
    const result = await awsSdk('query', {
      TableName: TABLE,
      KeyConditionExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': { S: 'q-1' } },
    });
    expect(result).toEqual({ Count: 1, ScannedCount: 1, Items: [{ id: { S: 'q-1' }, note: { S: 'hi' } }] });
  });

  it('transactWriteItems writes every item, or fails as DynamoDb.TransactionCanceledException', async () => {
    const put = (id: string) => ({ Put: { TableName: TABLE, Item: { id: { S: id } } } });
    expect(await awsSdk('transactWriteItems', { TransactItems: [put('tx-1'), put('tx-2')] })).toEqual({});
    const failure = await failureOf(
      awsSdk('transactWriteItems', {
        TransactItems: [
          put('tx-3'),
          { Put: { ...put('tx-1').Put, ConditionExpression: 'attribute_not_exists(id)' } },
        ],
      }),
    );
    expect(failure.error).toBe('DynamoDb.TransactionCanceledException');
    expect(failure.cause).toMatch(
      /ConditionalCheckFailed.* \(Service: DynamoDb, Status Code: 400, Request ID: .+\)$/,
    );
    expect((await ns.client.send(new GetItemCommand(key('tx-3')))).Item).toBeUndefined();
  });

  it('names a failed condition DynamoDb.ConditionalCheckFailedException (mixed case, as AWS does)', async () => {
    await optimized('putItem', { TableName: TABLE, Item: { id: { S: 'cond-2' } } });
    const failure = await failureOf(
      awsSdk('deleteItem', { ...key('cond-2'), ConditionExpression: 'attribute_not_exists(id)' }),
    );
    expect(failure.error).toBe('DynamoDb.ConditionalCheckFailedException');
    expect(failure.cause).toMatch(/^The conditional request failed \(Service: DynamoDb, Status Code: 400/);
  });

  it('names an unmodeled error DynamoDb.DynamoDbException', async () => {
    const failure = await failureOf(awsSdk('getItem', { TableName: TABLE, Key: {} }));
    expect(failure.error).toBe('DynamoDb.DynamoDbException');
  });

  it('fails an action DynamoDB does not have with States.Runtime', async () => {
    await expect(awsSdk('fetchEverything', {})).rejects.toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringContaining('DynamoDB has no action fetchEverything'),
    });
  });
});

describe('DynamoDB tasks without a DynamoDB Local, or mocked', () => {
  it('fails with a cause saying that no DynamoDB Local runs for the app', async () => {
    const without = createTaskHandler({ ...deps, dynamodb: undefined });
    await expect(
      without(task('arn:aws:states:::dynamodb:getItem', key('x'), 'Load order')),
    ).rejects.toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringMatching(
        /^state "Load order" calls .*dynamodb:getItem, but no DynamoDB Local runs/,
      ),
    });
  });

  it('names a DynamoDB Local that does not answer DynamoDB.SdkClientException', async () => {
    const gone = localDynamoDbClient('http://127.0.0.1:9', ns.accessKeyId, ns.region); // discard port
    try {
      const failure = await failureOf(
        createTaskHandler({ ...deps, dynamodb: gone })(task('arn:aws:states:::dynamodb:getItem', key('x'))),
      );
      expect(failure.error).toBe('DynamoDB.SdkClientException');
      expect(failure.cause).toMatch(/^Unable to execute HTTP request: /);
    } finally {
      gone.destroy();
    }
  });

  it('answers a mocked state from the mock configuration, without calling DynamoDB', async () => {
    const config = MockConfig.parse({
      StateMachines: { M: { TestCases: { Cached: { Db: 'Found' } } } },
      MockedResponses: { Found: { '0': { Return: { Item: { id: { S: 'mocked' } } } } } },
    });
    const mocked = createTaskHandler(
      { ...deps, dynamodb: undefined },
      { config, stateMachineName: 'M', testCase: 'Cached' },
    );
    expect(await mocked(task('arn:aws:states:::dynamodb:getItem', key('x')))).toEqual({
      Item: { id: { S: 'mocked' } },
    });
  });
});
