import type { ServiceIntegrationResource } from '../../../../../lib/toolkit/asl/model';
import { callEvents } from '../../../../../lib/toolkit/local/messaging/events-tasks';
import { EXECUTION, failureOf, setup, STATE_MACHINE, task } from './dispatcher-setup';

describe('EventBridge tasks', () => {
  it('events:putEvents writes a JSON Detail as its text and adds the state machine’s and execution’s ARNs', async () => {
    const { events, handle } = setup();
    const result = await handle(
      task('arn:aws:states:::events:putEvents', {
        Entries: [
          { Source: 'shop', DetailType: 'Placed', Detail: { TaskToken: 'AQC+/token==' }, Resources: ['r'] },
        ],
      }),
    );
    expect(result).toEqual({ Entries: [{ EventId: expect.any(String) }], FailedEntryCount: 0 });
    expect(events.list()).toEqual([
      expect.objectContaining({
        eventBusName: 'default',
        detail: '{"TaskToken":"AQC+/token=="}',
        resources: ['r', STATE_MACHINE, EXECUTION],
      }),
    ]);
  });

  it('events:putEvents fails with EventBridge.FailedEntry, the answer as cause, when an entry failed', async () => {
    const { events, handle } = setup();
    const failure = await failureOf(
      handle(
        task('arn:aws:states:::events:putEvents', {
          Entries: [
            { Source: 'shop', DetailType: 'Placed', Detail: {} },
            { DetailType: 'Placed', Detail: {} },
          ],
        }),
      ),
    );
    expect(failure.error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(failure.cause)).toEqual({
      Entries: [
        { EventId: expect.any(String) },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
        },
      ],
      FailedEntryCount: 1,
    });
    // The entry that passed was put, as on AWS.
    expect(events.list()).toHaveLength(1);
  });

  it('aws-sdk:eventbridge:putEvents returns failed entries in its answer, and names request errors EventBridge.*', async () => {
    const { handle } = setup();
    const result = await handle(
      task('arn:aws:states:::aws-sdk:eventbridge:putEvents', {
        Entries: [{ Source: 'shop', DetailType: 'Placed', Detail: 'not json' }],
      }),
    );
    expect(result).toEqual({
      Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }],
      FailedEntryCount: 1,
    });
    const failure = await failureOf(
      handle(task('arn:aws:states:::aws-sdk:eventbridge:putEvents', { Entries: [] })),
    );
    expect(failure.error).toBe('EventBridge.EventBridgeException');
    expect((await failureOf(handle(task('arn:aws:states:::events:putEvents', { Entries: [] })))).error).toBe(
      'EventBridge.AmazonEventBridgeException',
    );
  });
});

describe('PutEvents task of a .waitForTaskToken state (the request half; the waiting is the runtime’s)', () => {
  it('puts the event with the engine’s token in its Detail verbatim, so a test can pick it out', async () => {
    const { events } = setup();
    const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAeRkx+/token==';
    const resource = task('arn:aws:states:::events:putEvents.waitForTaskToken', {});
    const input = { Entries: [{ Source: 'shop', DetailType: 'Approve', Detail: { TaskToken: token } }] };
    callEvents(events, { ...resource, input }, resource.classifiedResource as ServiceIntegrationResource);
    expect(JSON.parse(events.list({ contains: token })[0].detail)).toEqual({ TaskToken: token });
  });
});
