import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runOrder } from '../../../../lib/toolkit/cli/run-command';
import { messagingApp } from '../server/messaging-app';

describe('order-workflow run on an app that sends to SQS and puts on EventBridge', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-messaging-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists each recorded message and event after the path, as it lists SNS messages', async () => {
    const input = path.join(dir, 'input.json');
    fs.writeFileSync(input, JSON.stringify({ id: 'o-9' }));
    const lines: string[] = [];
    const code = await runOrder(
      { input, type: 'express', assembly: messagingApp().synth().directory, quiet: true },
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  ✉ SQS orders: {"order":"o-9"}',
        '  ✉ SQS orders: {"from":"function","id":"o-9"}',
        '  ✉ EventBridge shop: shop.flow OrderPlaced {"order":"o-9"}',
      ]),
    );
    expect(lines.findIndex((l) => l.startsWith('  ✉'))).toBeGreaterThan(
      lines.findIndex((l) => l.includes('Send batch')),
    );
  });
});
