import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { seedCommand } from '../../../../../lib/toolkit/cli/seed-command';
import { testNamespace } from '../../../../support/dynamodb-test-local';
import { synthDynamoDbTinyAssembly } from '../../../../support/dynamodb-tiny-assembly';

const assembly = synthDynamoDbTinyAssembly();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-seed-command-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('order-workflow seed', () => {
  it('creates the app’s missing tables in the access key’s namespace and loads the file', async () => {
    const ns = testNamespace();
    const file = path.join(tmp, 'notes.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        Notes: [
          { id: 'a', note: 'first' },
          { id: 'b', note: 'second' },
        ],
      }),
    );
    const printed: unknown[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line) => printed.push(line));
    try {
      await seedCommand({
        type: 'standard',
        endpoint: ns.endpoint,
        accessKey: ns.accessKeyId,
        file,
        assembly,
      });
    } finally {
      log.mockRestore();
    }
    const [table] = (await ns.client.send(new ListTablesCommand({}))).TableNames!;
    expect(table).toMatch(/^Notes[0-9A-F]{8}$/);
    expect(printed).toEqual([`${table}: 2 items from ${file}`]);
    const { Item } = await ns.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'b' } } }));
    expect(Item?.note).toEqual({ S: 'second' });
  });
});
