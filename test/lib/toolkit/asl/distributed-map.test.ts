import { TaskFailure, TaskHandler, TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { parseCsv } from '../../../../lib/toolkit/asl/states/distributed-map';
import { run, single } from './helpers';

const PROCESSOR = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Work',
  States: { Work: { Type: 'Pass', End: true } },
};

/** A processor whose Task fails for items with `fail: true`. */
const FAILING_PROCESSOR = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
};

function distributed(fields: Record<string, unknown>): Record<string, unknown> {
  return single({ Type: 'Map', ItemProcessor: PROCESSOR, ...fields });
}

/** Serves `resource` with `result`, records every call, and fails `lambda:invoke` on `{ fail: true }`. */
function handler(served: Record<string, unknown> = {}): { calls: TaskInvocation[]; handle: TaskHandler } {
  const calls: TaskInvocation[] = [];
  const handle: TaskHandler = async (task) => {
    calls.push(task);
    if (task.resource in served) return served[task.resource];
    if (task.resource === 'arn:aws:states:::lambda:invoke') {
      const input = task.input as { fail?: boolean; value?: unknown };
      if (input.fail) throw new TaskFailure('Boom', `item ${JSON.stringify(input.value)}`);
      return { done: input.value };
    }
    throw new TaskFailure('States.TaskFailed', `no mock for ${task.resource}`);
  };
  return { calls, handle };
}

describe('distributed Map: ItemReader', () => {
  it('reads the items through the TaskHandler with the evaluated Parameters', async () => {
    const { calls, handle } = handler({ 'arn:aws:states:::s3:getObject': [1, 2, 3] });
    const definition = distributed({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.bucket', Key: 'items.json' },
      },
    });
    const result = await run(definition, { bucket: 'b1' }, { taskHandler: handle });
    expect(result.outcome).toEqual({ status: 'SUCCEEDED', output: [1, 2, 3] });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      resource: 'arn:aws:states:::s3:getObject',
      stateName: 'S',
      input: { Bucket: 'b1', Key: 'items.json' },
    });
    // No Task events for the reader: only the Map's and the map run's.
    expect(result.events.map((e) => e.type)).not.toContain('TaskScheduled');
    expect(result.events.map((e) => e.type)).toContain('MapRunSucceeded');
  });

  it('takes Contents from listObjectsV2 and applies ItemSelector and MaxItems', async () => {
    const { handle } = handler({
      'arn:aws:states:::s3:listObjectsV2': { Contents: [{ Key: 'a' }, { Key: 'b' }, { Key: 'c' }] },
    });
    const definition = distributed({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:listObjectsV2',
        Parameters: { Bucket: 'b' },
        ReaderConfig: { MaxItems: 2 },
      },
      ItemSelector: { 'key.$': '$$.Map.Item.Value.Key', 'index.$': '$$.Map.Item.Index' },
    });
    const result = await run(definition, {}, { taskHandler: handle });
    expect(result.outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { key: 'a', index: 0 },
        { key: 'b', index: 1 },
      ],
    });
  });

  it('parses CSV text with the header in the first row, MaxItemsPath limiting', async () => {
    const { handle } = handler({ 'arn:aws:states:::s3:getObject': 'id,name\n1,"Smith, J"\n2,Doe\n3,Roe\n' });
    const definition = distributed({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        Parameters: { Bucket: 'b', Key: 'k.csv' },
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItemsPath: '$.max' },
      },
    });
    const result = await run(definition, { max: 2 }, { taskHandler: handle });
    expect(result.outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { id: '1', name: 'Smith, J' },
        { id: '2', name: 'Doe' },
      ],
    });
  });

  it('parses a JSON string from getObject', async () => {
    const { handle } = handler({ 'arn:aws:states:::s3:getObject': '[{"a":1},{"a":2}]' });
    const definition = distributed({
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' } },
    });
    const result = await run(definition, {}, { taskHandler: handle });
    expect(result.outcome).toEqual({ status: 'SUCCEEDED', output: [{ a: 1 }, { a: 2 }] });
  });

  it("fails with the handler's error when the reader's resource fails", async () => {
    const { handle } = handler();
    const definition = distributed({
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
    });
    const result = await run(definition, {}, { taskHandler: handle });
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
  });

  it('still refuses an ItemReader on an inline Map', async () => {
    const { handle } = handler({ 'arn:aws:states:::s3:getObject': [1] });
    const definition = single({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    const result = await run(definition, [], { taskHandler: handle });
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('distributed Map: ItemBatcher', () => {
  it('gives each iteration { Items, BatchInput } of at most MaxItemsPerBatch items', async () => {
    const definition = distributed({
      ItemsPath: '$.items',
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
    });
    const result = await run(definition, { run: 'r1', items: [1, 2, 3, 4, 5] });
    expect(result.outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { Items: [1, 2], BatchInput: { run: 'r1' } },
        { Items: [3, 4], BatchInput: { run: 'r1' } },
        { Items: [5], BatchInput: { run: 'r1' } },
      ],
    });
  });

  it('takes MaxItemsPerBatchPath and leaves BatchInput out when not given', async () => {
    const definition = distributed({ ItemBatcher: { MaxItemsPerBatchPath: '$[0]' } });
    const result = await run(definition, [3, 'a', 'b', 'c']);
    expect(result.outcome).toEqual({
      status: 'SUCCEEDED',
      output: [{ Items: [3, 'a', 'b'] }, { Items: ['c'] }],
    });
  });

  it('splits batches at MaxInputBytesPerBatch', async () => {
    // {"Items":["aaaa"]} is 17 bytes; two such items make 24.
    const definition = distributed({ ItemBatcher: { MaxInputBytesPerBatch: 20 } });
    const result = await run(definition, ['aaaa', 'bbbb', 'cc']);
    expect(result.outcome).toEqual({
      status: 'SUCCEEDED',
      output: [{ Items: ['aaaa'] }, { Items: ['bbbb'] }, { Items: ['cc'] }],
    });
  });
});

describe('distributed Map: tolerated failures', () => {
  const items = [{ value: 1 }, { value: 2, fail: true }, { value: 3 }, { value: 4, fail: true }];

  function failing(fields: Record<string, unknown>): Record<string, unknown> {
    return single({ Type: 'Map', ItemProcessor: FAILING_PROCESSOR, ...fields });
  }

  it('fails with States.ExceedToleratedFailureThreshold on any failure by default', async () => {
    const { handle } = handler();
    const result = await run(failing({}), items, { taskHandler: handle });
    expect(result.outcome).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
    expect(result.events.map((e) => e.type)).toContain('MapRunFailed');
  });

  it('succeeds within ToleratedFailureCount, with { Error, Cause } for the failed iterations', async () => {
    const { handle } = handler();
    const result = await run(failing({ ToleratedFailureCount: 2, MaxConcurrency: 1 }), items, {
      taskHandler: handle,
    });
    expect(result.outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { done: 1 },
        { Error: 'Boom', Cause: 'item 2' },
        { done: 3 },
        { Error: 'Boom', Cause: 'item 4' },
      ],
    });
  });

  it('fails when ToleratedFailureCount is exceeded', async () => {
    const { handle } = handler();
    const result = await run(failing({ ToleratedFailureCount: 1 }), items, { taskHandler: handle });
    expect(result.outcome).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
  });

  it('applies ToleratedFailurePercentage (and its Path form) to failed items over all items', async () => {
    const { handle } = handler();
    // 2 of 4 failed: 50%.
    const at50 = await run(
      failing({ ItemsPath: '$.items', ToleratedFailurePercentagePath: '$.pct' }),
      {
        items,
        pct: 50,
      },
      { taskHandler: handle },
    );
    expect(at50.outcome.status).toBe('SUCCEEDED');
    const at49 = await run(failing({ ToleratedFailurePercentage: 49 }), items, { taskHandler: handle });
    expect(at49.outcome).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
  });

  it('counts every item of a failed batch', async () => {
    const { handle } = handler();
    const batchFails: TaskHandler = async (task) => {
      const input = task.input as { Items?: { fail?: boolean }[] };
      if (input.Items?.some((item) => item.fail)) throw new TaskFailure('Boom', 'batch');
      return handle(task);
    };
    // Batches of 2: the first holds one failing item, so 2 of 4 items fail (50%).
    const definition = failing({ ItemBatcher: { MaxItemsPerBatch: 2 }, ToleratedFailurePercentage: 25 });
    const result = await run(definition, [{ fail: true }, {}, {}, {}], { taskHandler: batchFails });
    expect(result.outcome).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
  });

  it('a Catch on the Map catches States.ExceedToleratedFailureThreshold', async () => {
    const { handle } = handler();
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: FAILING_PROCESSOR,
          Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    const result = await run(definition, items, { taskHandler: handle });
    expect(result.outcome).toMatchObject({
      status: 'SUCCEEDED',
      output: { Error: 'States.ExceedToleratedFailureThreshold' },
    });
  });

  it('leaves an inline Map failing on its first failed iteration', async () => {
    const { handle } = handler();
    const definition = single({
      Type: 'Map',
      ToleratedFailureCount: 5,
      ItemProcessor: { ...FAILING_PROCESSOR, ProcessorConfig: { Mode: 'INLINE' } },
    });
    const result = await run(definition, items, { taskHandler: handle });
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'Boom' });
  });
});

describe('distributed Map: ResultWriter', () => {
  it('calls its resource with the results and outputs MapRunArn and ResultWriterDetails', async () => {
    const { calls, handle } = handler({ 'arn:aws:states:::s3:putObject': {} });
    const definition = single({
      Type: 'Map',
      ItemProcessor: FAILING_PROCESSOR,
      ToleratedFailureCount: 1,
      Label: 'Run',
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { 'Bucket.$': '$.bucket', Prefix: 'out' },
      },
      ItemsPath: '$.items',
    });
    const result = await run(
      definition,
      { bucket: 'results', items: [{ value: 1 }, { value: 2, fail: true }] },
      { taskHandler: handle },
    );
    expect(result.outcome.status).toBe('SUCCEEDED');
    const output = (result.outcome as { output: { MapRunArn: string; ResultWriterDetails: unknown } }).output;
    expect(output.MapRunArn).toMatch(
      /^arn:aws:states:eu-west-1:123456789012:mapRun:machine\/Run:[0-9a-f-]{36}$/,
    );
    const runId = output.MapRunArn.split(':').pop();
    expect(output.ResultWriterDetails).toEqual({ Bucket: 'results', Key: `out/${runId}/manifest.json` });

    const writes = calls.filter((c) => c.resource === 'arn:aws:states:::s3:putObject');
    expect(writes).toHaveLength(1);
    expect(writes[0].input).toEqual({
      Bucket: 'results',
      Prefix: 'out',
      MapRunArn: output.MapRunArn,
      Results: [
        { Index: 0, Input: { value: 1 }, Status: 'SUCCEEDED', Output: { done: 1 } },
        { Index: 1, Input: { value: 2, fail: true }, Status: 'FAILED', Error: 'Boom', Cause: 'item 2' },
      ],
    });
    const started = result.events.find((e) => e.type === 'MapRunStarted');
    expect(started?.mapRunStartedEventDetails).toEqual({ mapRunArn: output.MapRunArn });
  });

  it("fails with the writer's error", async () => {
    const failingWriter: TaskHandler = async () => {
      throw new TaskFailure('S3.NoSuchBucket', 'no bucket');
    };
    const definition = distributed({
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'x' } },
    });
    const result = await run(definition, [1], { taskHandler: failingWriter });
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'S3.NoSuchBucket' });
  });

  it('works in JSONata with Arguments', async () => {
    const { calls, handle } = handler({
      'arn:aws:states:::s3:getObject': [{ n: 1 }, { n: 2 }],
      'arn:aws:states:::s3:putObject': {},
    });
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'S',
      States: {
        S: {
          Type: 'Map',
          ItemProcessor: PROCESSOR,
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            Arguments: { Bucket: '{% $states.input.b %}' },
          },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out' } },
          End: true,
        },
      },
    };
    const result = await run(definition, { b: 'in' }, { taskHandler: handle });
    expect(result.outcome).toMatchObject({
      status: 'SUCCEEDED',
      output: { ResultWriterDetails: { Bucket: 'out' } },
    });
    expect(calls[0].input).toEqual({ Bucket: 'in' });
    expect((calls[1].input as { Results: unknown[] }).Results).toHaveLength(2);
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF and other delimiters', () => {
    expect(parseCsv('a,"b ""q"", c"\r\n1,2\r\n')).toEqual([
      ['a', 'b "q", c'],
      ['1', '2'],
    ]);
    expect(parseCsv('a|b\n1|2', '|')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
