import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { localDynamoDbClient } from '../../../../../lib/toolkit/local/dynamodb/app-dynamodb';
import { LocalService, startLocal, StartLocalOptions } from '../../../../../lib/toolkit/server/start-local';
import { dynamoDbLocalEndpoint } from '../../../../support/dynamodb-test-local';
import { synthDynamoDbTinyAssembly } from '../../../../support/dynamodb-tiny-assembly';
import { synthTinyAssembly } from '../../../../support/tiny-assembly';

const assemblyDir = synthDynamoDbTinyAssembly();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-start-local-dynamodb-'));
const services: LocalService[] = [];
afterAll(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function serve(options: Partial<StartLocalOptions> = {}): Promise<LocalService> {
  const service = await startLocal({ assemblyDir, port: 0, ...options });
  services.push(service);
  return service;
}

/** Runs the Express machine (put, read in a function, get) through the endpoint. */
async function putThenGet(service: LocalService, input: { id: string; note: string }) {
  const sfn = new SFNClient({
    endpoint: service.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'LOCALKEY', secretAccessKey: 'LOCALSECRET' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  try {
    const [machine] = service.runtime.listStateMachines();
    return await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: machine.arn, input: JSON.stringify(input) }),
    );
  } finally {
    sfn.destroy();
  }
}

/** The note stored under `id` in the service's table, read in its namespace. */
async function storedNote(service: LocalService, id: string, accessKeyId = service.dynamodb!.accessKeyId) {
  const { endpoint, region, tableNames } = service.dynamodb!;
  const client = localDynamoDbClient(endpoint, accessKeyId, region);
  try {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: Object.values(tableNames)[0], Key: { id: { S: id } } }),
    );
    return Item?.note?.S;
  } finally {
    client.destroy();
  }
}

const accepts = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('startLocal with a DynamoDB Local', () => {
  it('runs dynamodb:putItem, a function reading through the SDK, and dynamodb:getItem on one table', async () => {
    const service = await serve({ dynamodb: { endpoint: dynamoDbLocalEndpoint() } });
    const result = await putThenGet(service, { id: 'n-1', note: 'hello' });
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output!)).toEqual({
      id: 'n-1',
      note: 'hello',
      function: { noteSeenByFunction: 'hello' },
      stored: { note: 'hello' },
    });
    expect(await storedNote(service, 'n-1')).toBe('hello');
  });

  it('describes its DynamoDB: endpoint, a namespace of its own, the tables by logical id', async () => {
    const service = await serve({ dynamodb: { endpoint: dynamoDbLocalEndpoint() } });
    const other = await serve({ dynamodb: { endpoint: dynamoDbLocalEndpoint() } });
    expect(service.dynamodb).toEqual({
      endpoint: dynamoDbLocalEndpoint(),
      accessKeyId: expect.stringMatching(/^local[A-Z0-9]{16}$/),
      region: 'us-east-1',
      tableNames: { [service.app.tables[0].logicalId]: expect.stringMatching(/^Notes[0-9A-F]{8}$/) },
      startupMs: 0,
    });
    expect(other.dynamodb!.accessKeyId).not.toBe(service.dynamodb!.accessKeyId);
    await putThenGet(service, { id: 'mine', note: 'not yours' });
    expect(await storedNote(other, 'mine')).toBeUndefined();
  });

  it('seeds the tables from the seed file, a table named by its logical-id prefix', async () => {
    const seedFile = path.join(tmp, 'notes-seed.json');
    fs.writeFileSync(seedFile, JSON.stringify({ Notes: [{ id: 'seeded', note: 'from the seed file' }] }));
    const service = await serve({ dynamodb: { endpoint: dynamoDbLocalEndpoint(), seedFile } });
    expect(await storedNote(service, 'seeded')).toBe('from the seed file');
  });

  it('starts a DynamoDB Local of its own, keeps the tables in dbPath, and stops it on close', async () => {
    const dbPath = path.join(tmp, 'db');
    const first = await serve({ dynamodb: { dbPath, accessKeyId: 'keptOnDisk' } });
    expect(first.dynamodb!.endpoint).not.toBe(dynamoDbLocalEndpoint());
    expect(first.dynamodb!.startupMs).toBeGreaterThan(0);
    expect((await putThenGet(first, { id: 'kept', note: 'on disk' })).status).toBe('SUCCEEDED');
    await first.close();
    expect(await accepts(Number(new URL(first.dynamodb!.endpoint).port))).toBe(false);

    const second = await serve({ dynamodb: { dbPath, accessKeyId: 'keptOnDisk' } });
    expect(await storedNote(second, 'kept')).toBe('on disk');
  });

  // One JVM for three properties of a DynamoDB Local the service starts itself (each start is seconds).
  it('starts its own on 127.0.0.1 only, with prewarmed functions at its endpoint, and kills it on close', async () => {
    const service = await serve({ dynamodb: {}, prewarm: (app) => app.functions });
    const ports = [Number(new URL(service.url).port), Number(new URL(service.dynamodb!.endpoint).port)];
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && !address.address.startsWith('fe80:'))
      .map((address) => address!.address);
    // The proof needs an interface besides loopback; the CI machine has one.
    expect(others.length).toBeGreaterThan(0);
    for (const port of ports) {
      expect(await accepts(port, '127.0.0.1')).toBe(true);
      for (const address of others)
        expect([address, port, await accepts(port, address)]).toEqual([address, port, false]);
    }
    // The function started before java answered, with the endpoint chosen before java started.
    const result = await putThenGet(service, { id: 'warm', note: 'read by a prewarmed function' });
    expect(JSON.parse(result.output!)).toMatchObject({
      function: { noteSeenByFunction: 'read by a prewarmed function' },
    });
    await service.close();
    // In memory: stopped at once (SIGKILL), nothing to keep.
    expect(await accepts(ports[1])).toBe(false);
  });

  it('with dynamodb: false starts none, and a DynamoDB task fails saying so', async () => {
    const service = await serve({ dynamodb: false });
    expect(service.dynamodb).toBeUndefined();
    const result = await putThenGet(service, { id: 'x', note: 'y' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toMatch(/no DynamoDB Local runs for this app/);
  });

  it('needs no Java for an app without tables', async () => {
    const saved = process.env.PATH;
    process.env.PATH = tmp; // no java here
    try {
      const service = await serve({ assemblyDir: synthTinyAssembly() });
      expect(service.dynamodb).toBeUndefined();
      expect(service.app.tables).toEqual([]);
    } finally {
      process.env.PATH = saved;
    }
  });
});
