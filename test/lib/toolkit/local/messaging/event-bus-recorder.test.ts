import {
  EventBusRecorder,
  EventsValidationError,
} from '../../../../../lib/toolkit/local/messaging/event-bus-recorder';
import { defaultEventBus } from '../../../../../lib/toolkit/local/messaging/event-buses';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../../lib/toolkit/local/template-resolver';

const DEFAULT = defaultEventBus(DEFAULT_LOCAL_ENVIRONMENT);
const ORDERS = {
  logicalId: 'OrdersBus',
  name: 'orders',
  arn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders',
};
const entry = (overrides: Record<string, unknown> = {}) => ({
  Source: 'shop',
  DetailType: 'OrderPlaced',
  Detail: '{"id":"o-1"}',
  ...overrides,
});

describe('EventBusRecorder', () => {
  it('records entries on the default bus, or one named by name or ARN, and answers their EventIds', () => {
    const events = new EventBusRecorder([DEFAULT, ORDERS]);
    const result = events.putEvents({
      Entries: [
        entry(),
        entry({ EventBusName: 'orders' }),
        entry({ EventBusName: ORDERS.arn, Resources: ['r'] }),
      ],
    });
    expect(result).toEqual({
      Entries: [
        { EventId: expect.any(String) },
        { EventId: expect.any(String) },
        { EventId: expect.any(String) },
      ],
      FailedEntryCount: 0,
    });
    expect(events.list().map((e) => [e.eventBusName, e.eventBusArn])).toEqual([
      ['default', DEFAULT.arn],
      ['orders', ORDERS.arn],
      ['orders', ORDERS.arn],
    ]);
    expect(events.list({ eventBus: ORDERS.arn })).toHaveLength(2);
    expect(events.list()[2]).toMatchObject({ source: 'shop', detailType: 'OrderPlaced', resources: ['r'] });
  });

  it('answers a missing field or a Detail that is not a JSON object in the entry, as EventBridge does', () => {
    const events = new EventBusRecorder([DEFAULT]);
    const result = events.putEvents({
      Entries: [
        entry(),
        entry({ Source: undefined }),
        entry({ DetailType: '' }),
        entry({ Detail: '"text"' }),
      ],
    });
    expect(result).toEqual({
      Entries: [
        { EventId: expect.any(String) },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
        },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
        },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      ],
      FailedEntryCount: 3,
    });
    // The entries that passed are put, as EventBridge puts them.
    expect(events.list()).toHaveLength(1);
  });

  it('accepts an entry for a bus the app lacks, as EventBridge does, and records it as dropped', () => {
    const events = new EventBusRecorder([DEFAULT]);
    const result = events.putEvents({ Entries: [entry({ EventBusName: 'typo' })] });
    expect(result.FailedEntryCount).toBe(0);
    expect(events.list()).toEqual([expect.objectContaining({ eventBusName: 'typo' })]);
    expect(events.list()[0].eventBusArn).toBeUndefined();
    expect(events.list({ eventBus: 'typo' })).toHaveLength(1);
  });

  it('refuses a request without entries, with more than ten, or too large', () => {
    const events = new EventBusRecorder([DEFAULT]);
    expect(() => events.putEvents({})).toThrow(EventsValidationError);
    expect(() => events.putEvents({ Entries: [] })).toThrow(/greater than or equal to 1/);
    expect(() => events.putEvents({ Entries: Array.from({ length: 11 }, () => entry()) })).toThrow(
      /less than or equal to 10/,
    );
    const big = JSON.stringify({ text: 'x'.repeat(262_144) });
    expect(() => events.putEvents({ Entries: [entry({ Detail: big })] })).toThrow(
      'Total size of the entries in the request is over the limit.',
    );
    expect(events.list()).toEqual([]);
  });

  it('keeps the Detail verbatim (a task token in it too), the entry’s Time, and the newest events up to its limit', () => {
    const events = new EventBusRecorder([DEFAULT], 2);
    const detail = '{ "TaskToken": "AQC+/token==" }';
    events.putEvents({ Entries: [entry({ Detail: detail, Time: 1_700_000_000 })] });
    expect(events.list({ contains: 'AQC+/token==' })[0]).toMatchObject({
      detail,
      time: new Date(1_700_000_000_000),
    });
    events.putEvents({ Entries: [entry({ Source: 'b' }), entry({ Source: 'c' })] });
    expect(events.list().map((e) => e.source)).toEqual(['b', 'c']);
  });
});
