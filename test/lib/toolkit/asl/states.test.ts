import type { TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { run, single } from './helpers';

describe('input and output processing', () => {
  const input = { order: { id: 'o-1', items: [{ sku: 'A', qty: 2 }] }, keep: true };

  it('runs InputPath, Parameters, ResultSelector, ResultPath and OutputPath in order', async () => {
    const seen: TaskInvocation[] = [];
    const { outcome } = await run(
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        InputPath: '$.order',
        Parameters: {
          FunctionName: 'fn',
          'Payload.$': '$',
          'first.$': '$.items[0].sku',
          'name.$': '$$.State.Name',
        },
        ResultSelector: { 'total.$': '$.Payload.total', static: 1 },
        ResultPath: '$.result.of.task',
        OutputPath: '$.result',
      }),
      input,
      {
        taskHandler: async (task) => {
          seen.push(task);
          return { Payload: { total: 42 }, StatusCode: 200 };
        },
      },
    );
    expect(seen[0].input).toEqual({
      FunctionName: 'fn',
      Payload: input.order,
      first: 'A',
      name: 'S',
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { of: { task: { total: 42, static: 1 } } } });
  });

  it('gives {} for a null InputPath or OutputPath, and the input back for a null ResultPath', async () => {
    const pass = (fields: Record<string, unknown>) =>
      run(single({ Type: 'Pass', Result: 'r', ...fields }), input);
    expect((await pass({ InputPath: null, Result: undefined })).outcome).toMatchObject({ output: {} });
    expect((await pass({ OutputPath: null })).outcome).toMatchObject({ output: {} });
    expect((await pass({ ResultPath: null })).outcome).toMatchObject({ output: input });
    expect((await pass({ ResultPath: '$' })).outcome).toMatchObject({ output: 'r' });
    expect((await pass({ ResultPath: '$.keep' })).outcome).toMatchObject({ output: { ...input, keep: 'r' } });
  });

  it('keeps Result literal (its `.$` keys are not evaluated)', async () => {
    const { outcome } = await run(single({ Type: 'Pass', Result: { 'a.$': '$.x' } }), { x: 1 });
    expect(outcome).toMatchObject({ output: { 'a.$': '$.x' } });
  });

  it('evaluates intrinsic functions, context paths and nested templates in Parameters', async () => {
    const { outcome } = await run(
      single({
        Type: 'Pass',
        Parameters: {
          'greeting.$': "States.Format('Hello {}', $.name)",
          nested: { 'list.$': 'States.Array($.name, 1)', literal: ['x', { 'y.$': '$.name' }] },
          'execution.$': '$$.Execution.Name',
          'retry.$': '$$.State.RetryCount',
        },
      }),
      { name: 'Ada' },
    );
    expect(outcome).toMatchObject({
      output: {
        greeting: 'Hello Ada',
        nested: { list: ['Ada', 1], literal: ['x', { y: 'Ada' }] },
        execution: 'run-1',
        retry: 0,
      },
    });
  });

  it('fails with States.Runtime, AWS-style cause, when a path matches nothing', async () => {
    const { outcome } = await run(single({ Type: 'Pass', InputPath: '$.missing' }), { a: 1 });
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    });
    const params = await run(single({ Type: 'Pass', Parameters: { 'x.$': '$.a.b' } }), { a: {} });
    expect(params.outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect((params.outcome as { cause: string }).cause).toMatch(
      /The JSONPath '\$\.a\.b' specified for the field 'x\.\$'/,
    );
  });

  it('fails with States.ResultPathMatchFailure when ResultPath cannot be applied', async () => {
    const { outcome } = await run(single({ Type: 'Pass', Result: 1, ResultPath: '$.a.b' }), { a: 'text' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.ResultPathMatchFailure' });
  });

  it('takes a task result as JSON, never aliasing what the handler returned', async () => {
    const shared = { list: [1], at: new Date('2024-05-01T00:00:00Z') };
    const { outcome } = await run(
      {
        StartAt: 'One',
        States: {
          One: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ResultPath: '$.one', Next: 'Two' },
          Two: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            ResultPath: '$.one.list[0]',
            End: true,
          },
        },
      },
      {},
      { taskHandler: async () => shared },
    );
    expect(outcome).toMatchObject({
      output: {
        one: { list: [{ list: [1], at: '2024-05-01T00:00:00.000Z' }], at: '2024-05-01T00:00:00.000Z' },
      },
    });
    expect(shared.list).toEqual([1]);
  });

  it('fails with States.DataLimitExceeded when a result exceeds 256 KiB', async () => {
    const big = 'x'.repeat(262_144);
    const { outcome } = await run(single({ Type: 'Pass', Result: big }));
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    const justUnder = await run(single({ Type: 'Pass', Result: 'x'.repeat(262_142) }));
    expect(justUnder.outcome.status).toBe('SUCCEEDED');
  });
});

describe('variables (Assign)', () => {
  it('assigns on exit, reads old values within the same state, and reaches Map iterations', async () => {
    const { outcome, events } = await run({
      StartAt: 'One',
      States: {
        One: { Type: 'Pass', Assign: { count: 1, label: 'first' }, Next: 'Two' },
        Two: {
          Type: 'Pass',
          Assign: { 'count.$': 'States.MathAdd($count, 1)', 'previous.$': '$count' },
          Parameters: { 'seen.$': '$count', 'items.$': 'States.Array(1, 2)' },
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: {
                Type: 'Pass',
                Parameters: { 'c.$': '$count', 'p.$': '$previous', 'i.$': '$' },
                End: true,
              },
            },
          },
          ResultPath: '$.mapped',
          End: true,
        },
      },
    });
    expect(outcome).toMatchObject({
      output: {
        seen: 1,
        items: [1, 2],
        mapped: [
          { c: 2, p: 1, i: 1 },
          { c: 2, p: 1, i: 2 },
        ],
      },
    });
    const exited = events.find(
      (e) => e.type === 'PassStateExited' && (e.stateExitedEventDetails as { name: string }).name === 'Two',
    );
    expect(exited?.stateExitedEventDetails).toMatchObject({
      assignedVariables: { count: '2', previous: '1' },
    });
  });
});

describe('Wait', () => {
  it.each([
    [{ Seconds: 30 }, {}, 30_000],
    [{ SecondsPath: '$.s' }, { s: 5 }, 5_000],
    [{ Timestamp: '2024-01-01T00:01:00Z' }, {}, 60_000],
    [{ TimestampPath: '$.t' }, { t: '2024-01-01T00:00:02.500Z' }, 2_500],
    [{ Timestamp: '2020-01-01T00:00:00Z' }, {}, 0],
  ])('%j waits on the clock', async (fields, input, expectedMs) => {
    const { outcome, elapsedMs } = await run(single({ Type: 'Wait', ...fields }), input);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(elapsedMs).toBe(expectedMs);
  });

  it.each([
    [{ s: -1 }, 'The SecondsPath parameter references a negative value: $.s == -1'],
    [{ s: 1.5 }, 'The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5'],
    [{ s: 'x' }, 'The SecondsPath parameter cannot be parsed as a long value: $.s == x'],
  ])('refuses SecondsPath %j', async (input, message) => {
    const { outcome } = await run(single({ Type: 'Wait', SecondsPath: '$.s' }), input);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect((outcome as { cause: string }).cause).toContain(message);
  });
});

describe('Fail and Succeed', () => {
  it('fails with Error and Cause, or with ErrorPath and CausePath (paths or intrinsic calls)', async () => {
    expect((await run(single({ Type: 'Fail', Error: 'E', Cause: 'C' }))).outcome).toEqual({
      status: 'FAILED',
      error: 'E',
      cause: 'C',
    });
    const dynamic = await run(
      single({
        Type: 'Fail',
        ErrorPath: '$.error.name',
        CausePath: "States.Format('because {}', $.error.why)",
      }),
      { error: { name: 'Bad', why: 'reasons' } },
    );
    expect(dynamic.outcome).toEqual({ status: 'FAILED', error: 'Bad', cause: 'because reasons' });
    const empty = await run(single({ Type: 'Fail' }));
    expect(empty.outcome).toEqual({ status: 'FAILED', error: undefined, cause: undefined });
    expect(empty.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: {} });
  });

  it('ends a branch with Succeed', async () => {
    const { outcome } = await run(
      { StartAt: 'Done', States: { Done: { Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' } } },
      { a: { b: 7 } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 7 });
  });
});

describe('Parallel and Map', () => {
  it('Parallel returns the branch outputs in order; a failing branch fails the state with its error', async () => {
    const branch = (result: unknown) => ({
      StartAt: 'P',
      States: { P: { Type: 'Pass', Result: result, End: true } },
    });
    const ok = await run(single({ Type: 'Parallel', Branches: [branch(1), branch(2)] }));
    expect(ok.outcome).toEqual({ status: 'SUCCEEDED', output: [1, 2] });
    const failing = await run(
      single({
        Type: 'Parallel',
        Branches: [
          branch(1),
          { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'why' } } },
        ],
      }),
    );
    expect(failing.outcome).toEqual({ status: 'FAILED', error: 'Branch.Broke', cause: 'why' });
  });

  it('Map gives each iteration its item (or ItemSelector with $$.Map.Item) and respects MaxConcurrency', async () => {
    let running = 0;
    let peak = 0;
    const { outcome } = await run(
      single({
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'all.$': '$.tag' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', End: true } },
        },
      }),
      { items: ['a', 'b', 'c', 'd', 'e'], tag: 't' },
      {
        taskHandler: async (task) => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
          return task.input;
        },
      },
    );
    expect(outcome).toMatchObject({ status: 'SUCCEEDED' });
    expect((outcome as { output: unknown[] }).output).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((value, index) => ({ index, value, all: 't' })),
    );
    expect(peak).toBe(2);
  });

  it('Map fails with States.Runtime when the items are not an array', async () => {
    const { outcome } = await run(
      single({ Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }),
      { not: 'an array' },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
