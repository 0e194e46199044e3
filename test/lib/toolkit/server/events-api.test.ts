import { DescribeEventBusCommand, EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { LOCAL_CREDENTIALS } from '../../../support/sfn-client';
import { messagingApp } from './messaging-app';

describe('local EventBridge through @aws-sdk/client-eventbridge', () => {
  let local: LocalService;
  let client: EventBridgeClient;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: messagingApp().synth().directory, port: 0 });
    client = new EventBridgeClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client?.destroy();
    await local?.close();
  });

  it('records PutEvents on the default bus and on the app’s bus, by name or ARN', async () => {
    const shop = local.events.buses().find((b) => b.name === 'shop')!;
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test', DetailType: 'A', Detail: '{"n":1}' },
          { Source: 'test', DetailType: 'B', Detail: '{"n":2}', EventBusName: 'shop' },
          { Source: 'test', DetailType: 'C', Detail: '{"n":3}', EventBusName: shop.arn, Time: new Date(0) },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries!.map((e) => e.EventId)).toEqual([
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);
    expect(local.events.list({ contains: '"n"' }).map((e) => [e.eventBusName, e.detailType])).toEqual([
      ['default', 'A'],
      ['shop', 'B'],
      ['shop', 'C'],
    ]);
    expect(local.events.list({ eventBus: 'shop' })[1].time).toEqual(new Date(0));
  });

  it('answers each failed entry in place and counts it', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test', DetailType: 'ok', Detail: '{}' },
          { Source: 'test', DetailType: 'bad', Detail: '[1]' },
        ],
      }),
    );
    expect(result).toMatchObject({
      FailedEntryCount: 1,
      Entries: [
        { EventId: expect.any(String) },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      ],
    });
  });

  it('raises ValidationException for more than ten entries, and UnknownOperationException for what it does not serve', async () => {
    const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new DescribeEventBusCommand({ Name: 'shop' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
  });
});
