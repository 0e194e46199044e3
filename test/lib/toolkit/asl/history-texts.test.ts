/**
 * The history's JSON texts are made when read, some spliced from texts already made (a result
 * placed under a new key), and state data is shared between states instead of copied: each text
 * must still be exactly JSON.stringify of the value it records, and no state may see another's
 * changes. A randomized check over ResultPath shapes, plus the sharing rules.
 */
import type { HistoryEvent } from '../../../../lib/toolkit/asl/engine';
import { detailsOf, run } from './helpers';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** Every text field of every event, parsed and serialized again, equals itself: it is canonical JSON. */
function expectCanonicalTexts(events: readonly HistoryEvent[]): void {
  for (const event of events) {
    const details = detailsOf(event) ?? {};
    for (const key of ['input', 'output', 'parameters'] as const) {
      const text = details[key];
      if (text === undefined) continue;
      expect(typeof text).toBe('string');
      expect(JSON.stringify(JSON.parse(text as string))).toBe(text);
    }
  }
}

/** The StateExited output of each state, parsed. */
function exitedOutputs(events: readonly HistoryEvent[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of events) {
    if (!e.type.endsWith('StateExited')) continue;
    const details = e.stateExitedEventDetails as { name: string; output: string };
    out[details.name] = JSON.parse(details.output);
  }
  return out;
}

describe('history texts', () => {
  const inputs: unknown[] = [
    {},
    { a: 1 },
    { order: { id: 'o-1', items: [{ sku: 'x', qty: 2 }] }, '7': 'index-like key', é: 'ünïcode ✓' },
    { existing: { deep: [1, 2, 3] }, list: [{ x: 1 }, { x: 2 }] },
  ];
  const resultPaths = ['$', null, '$.added', '$.existing', '$.existing.deep', '$.list[1].x', '$.5', '$.a.b'];

  it.each(inputs.flatMap((input) => resultPaths.map((resultPath) => [input, resultPath] as const)))(
    'a task with input %j and ResultPath %j records exactly what it outputs',
    async (input, resultPath) => {
      const definition = {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: LAMBDA, ResultPath: resultPath, Next: 'After' },
          After: { Type: 'Pass', End: true },
        },
      };
      const { outcome, events } = await run(definition, input, {
        taskHandler: async () => ({ ok: true, n: 3 }),
      });
      expectCanonicalTexts(events);
      if (outcome.status !== 'SUCCEEDED') {
        // A ResultPath the input's shape refuses fails as on AWS; nothing to compare then.
        expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.ResultPathMatchFailure' });
        return;
      }
      // What the next state entered with, what the task exited with and the execution's output agree.
      const entered = events.find((e) => e.type === 'PassStateEntered')!.stateEnteredEventDetails as {
        input: string;
      };
      expect(entered.input).toBe(JSON.stringify(outcome.output));
      expect(exitedOutputs(events).T).toEqual(outcome.output);
    },
  );

  it('serializes a task input only when the history is read, and the same text every time', async () => {
    const { events } = await run(
      {
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: LAMBDA, End: true, Parameters: { 'v.$': '$.v' } } },
      },
      { v: [1, { two: 2 }] },
      { taskHandler: async () => 'done' },
    );
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!;
    const first = JSON.stringify(scheduled);
    expect((scheduled.taskScheduledEventDetails as { parameters: string }).parameters).toBe(
      '{"v":[1,{"two":2}]}',
    );
    expect(JSON.stringify(scheduled)).toBe(first);
    expect({ ...(scheduled.taskScheduledEventDetails as object) }).toMatchObject({
      parameters: '{"v":[1,{"two":2}]}',
    });
  });

  it('shows a deferred text as a plain string field: keys, spreads and JSON see nothing else', async () => {
    const { events } = await run(
      {
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: LAMBDA, End: true, Parameters: { 'v.$': '$.v' } } },
      },
      { v: 'x' },
      { taskHandler: async () => 'done' },
    );
    const details = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails as object;
    // Unread: the field is there, and nothing of how it is made shows.
    expect(Object.keys(details)).toEqual(['resourceType', 'resource', 'region', 'parameters']);
    const copy = { ...details };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(JSON.parse(JSON.stringify(details))).toEqual(copy);
    expect(copy).toMatchObject({ parameters: '{"v":"x"}' });
    expect(Object.getOwnPropertyDescriptor(details, 'parameters')).toMatchObject({
      value: '{"v":"x"}',
      enumerable: true,
      writable: true,
    });
  });
});

describe('shared state data', () => {
  it('keeps a state input unchanged when a later state places a result inside it', async () => {
    const { outcome, events } = await run(
      {
        StartAt: 'Keep',
        States: {
          Keep: { Type: 'Pass', ResultPath: '$.copy', Parameters: { 'inner.$': '$.inner' }, Next: 'Change' },
          Change: { Type: 'Pass', Result: 'changed', ResultPath: '$.inner.value', Next: 'Again' },
          Again: { Type: 'Pass', Result: 'again', ResultPath: '$.copy.inner.value', End: true },
        },
      },
      { inner: { value: 'original' } },
    );
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { inner: { value: 'changed' }, copy: { inner: { value: 'again' } } },
    });
    const outputs = exitedOutputs(events);
    expect(outputs.Keep).toEqual({ inner: { value: 'original' }, copy: { inner: { value: 'original' } } });
    expect(outputs.Change).toEqual({ inner: { value: 'changed' }, copy: { inner: { value: 'original' } } });
  });

  it('gives a handler a copy of its input and context: changing them changes nothing of the execution', async () => {
    const { outcome, events } = await run(
      {
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.result', End: true } },
      },
      { order: { id: 'o-1' } },
      {
        taskHandler: async (task) => {
          (task.input as { order: { id: string } }).order.id = 'tampered';
          (task.context.Execution.Input as { order: { id: string } }).order.id = 'tampered';
          return 'ok';
        },
      },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { order: { id: 'o-1' }, result: 'ok' } });
    expect(JSON.parse((events[0].executionStartedEventDetails as { input: string }).input)).toEqual({
      order: { id: 'o-1' },
    });
  });

  it('copies a handler result: a handler that hands out the same object twice sees no changes', async () => {
    const shared = { count: 1 };
    const { outcome } = await run(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.a', Next: 'B' },
          B: { Type: 'Pass', Result: 2, ResultPath: '$.a.count', Next: 'C' },
          C: { Type: 'Task', Resource: LAMBDA, ResultPath: '$.c', End: true },
        },
      },
      {},
      { taskHandler: async () => shared },
    );
    expect(shared).toEqual({ count: 1 });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { a: { count: 2 }, c: { count: 1 } } });
  });
});
