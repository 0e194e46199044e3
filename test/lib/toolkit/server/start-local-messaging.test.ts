import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { localSfnClient } from '../../../support/sfn-client';
import { messagingApp } from './messaging-app';

/**
 * A state machine that sends to SQS and puts on EventBridge through every integration, and calls a
 * function that does so through the SDK (which sends to the queue URL's host: the endpoint's).
 */
describe('startLocal: SQS and EventBridge from a state machine and its function', () => {
  let local: LocalService;
  let sfn: SFNClient;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: messagingApp().synth().directory, port: 0 });
    sfn = localSfnClient(local.url);
  });
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  it('records every message and event, and the execution sees AWS’s answers', async () => {
    const [flow] = local.runtime.listStateMachines();
    const run = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: flow.arn, input: JSON.stringify({ id: 'o-42' }) }),
    );
    expect(run.error ?? run.status).toBe('SUCCEEDED');
    const output = JSON.parse(run.output!);

    expect(output.sent).toMatchObject({
      MessageId: expect.any(String),
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(output.put).toEqual({ Entries: [{ EventId: expect.any(String) }], FailedEntryCount: 0 });
    expect(output.batch.Successful).toHaveLength(2);
    expect(output.batch.Failed).toEqual([]);

    expect(local.sqs.list({ queue: 'orders' }).map((m) => m.body)).toEqual([
      '{"order":"o-42"}',
      '{"from":"function","id":"o-42"}',
      'first',
      'o-42',
    ]);
    expect(output.notified.messageId).toBe(local.sqs.list()[1].messageId);

    const events = local.events.list({ eventBus: 'shop' });
    expect(events.map((e) => [e.source, e.detailType, JSON.parse(e.detail)])).toEqual([
      ['shop.flow', 'OrderPlaced', { order: 'o-42' }],
      ['shop.function', 'Notified', { id: 'o-42', messageId: output.notified.messageId }],
    ]);
    // Step Functions adds the state machine and the execution to each entry it puts.
    expect(events[0].resources).toEqual([flow.arn, run.executionArn]);
    expect(output.notified.eventId).toBe(events[1].eventId);
  });
});
