import { ExecutionOutcome, TaskFailure, TaskInvocation } from '../../../../lib/toolkit/asl/engine';
import { javaRandomDouble } from '../../../../lib/toolkit/asl/jsonata/functions';
import { validateDefinition } from '../../../../lib/toolkit/asl/validate';
import { detailsOf, run, shape, single } from './helpers';

/** A JSONata machine around one state. */
const jsonata = (state: Record<string, unknown>) => ({ QueryLanguage: 'JSONata', ...single(state) });
const output = (expression: string) => jsonata({ Type: 'Pass', Output: `{% ${expression} %}` });

async function evaluate(expression: string, input: unknown = {}) {
  const { outcome } = await run(output(expression), input);
  return outcome as ExecutionOutcome & { cause?: string };
}

describe('JSONata expressions', () => {
  it('read $states.input, $states.context and variables, with no context item', async () => {
    const { outcome } = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Set',
        States: {
          Set: { Type: 'Pass', Assign: { rate: 2 }, Next: 'Use' },
          Use: {
            Type: 'Pass',
            Output: {
              total: '{% $sum($states.input.items.price) * $rate %}',
              state: '{% $states.context.State.Name %}',
              literal: 'not {% evaluated',
            },
            End: true,
          },
        },
      },
      { items: [{ price: 1 }, { price: 2 }] },
    );
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { total: 6, state: 'Use', literal: 'not {% evaluated' },
    });
  });

  it('fail with States.QueryEvaluationError and AWS’s cause when they give nothing or throw', async () => {
    expect(await evaluate('$states.input.missing')).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).",
    });
    expect((await evaluate('$sum("a")')).cause).toMatch(
      /'\$sum\("a"\)' specified for the field 'Output' threw an error during evaluation\. T0412: Argument 1 of function "sum"/,
    );
    expect((await evaluate('function($x){$x}')).cause).toMatch(/returned an unsupported result type\.$/);
  });

  it('record an EvaluationFailed event naming the field, chained like AWS', async () => {
    const { events } = await run(jsonata({ Type: 'Pass', Output: { a: { b: '{% $nope %}' } } }));
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 PassStateEntered',
      '3<-0 EvaluationFailed',
      '4<-3 ExecutionFailed',
    ]);
    expect(detailsOf(events[2])).toMatchObject({ location: 'Output/a/b', state: 'S' });
  });

  it('refuse $eval (use $parse), as AWS does', async () => {
    expect((await evaluate('$eval("1+1")')).cause).toMatch(/T1006: Attempted to invoke a non-function/);
    expect(await evaluate('$parse($states.input.json).a', { json: '{"a":[1]}' })).toEqual({
      status: 'SUCCEEDED',
      output: [1],
    });
  });
});

describe('Step Functions’ JSONata functions', () => {
  it('$partition, $range and $hash', async () => {
    expect(
      await evaluate(
        '{"p": $partition([1,2,3,4,5], 2), "r": $range(0, 10, 5), "h": $hash("abc", "SHA-256")}',
      ),
    ).toEqual({
      status: 'SUCCEEDED',
      output: {
        p: [[1, 2], [3, 4], [5]],
        r: [0, 5, 10],
        h: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      },
    });
    expect((await evaluate('$hash("abc", "SHA-3")')).cause).toMatch(
      /D3137: Hash algorithm 'SHA-3' must be one of/,
    );
  });

  it('$random with a seed draws like java.util.Random (AWS’s), $uuid is a v4 UUID', async () => {
    expect(javaRandomDouble(42)).toBe(0.7275636800328681);
    expect(await evaluate('$random(42)')).toEqual({ status: 'SUCCEEDED', output: 0.7275636800328681 });
    // Without a seed: the execution's random source (0.5 in these tests).
    expect(await evaluate('$random()')).toEqual({ status: 'SUCCEEDED', output: 0.5 });
    const uuid = await evaluate('$uuid()');
    expect(uuid.status === 'SUCCEEDED' && uuid.output).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
  });
});

describe('JSONata states', () => {
  const LAMBDA = 'arn:aws:states:::lambda:invoke';

  it('Task: Arguments, $states.result in Output and Assign, TimeoutSeconds as an expression', async () => {
    const calls: TaskInvocation[] = [];
    const taskHandler = async (task: TaskInvocation) => {
      calls.push(task);
      return { Payload: { doubled: (task.input as { Payload: number }).Payload * 2 } };
    };
    const { outcome, events } = await run(
      jsonata({
        Type: 'Task',
        Resource: LAMBDA,
        Arguments: { FunctionName: 'f', Payload: '{% $states.input.n %}' },
        TimeoutSeconds: '{% $states.input.timeout %}',
        Output: '{% $states.result.Payload.doubled + 1 %}',
        Assign: { seen: '{% $states.result.Payload %}' },
      }),
      { n: 4, timeout: 30 },
      { taskHandler },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 9 });
    expect(calls[0]).toMatchObject({ input: { FunctionName: 'f', Payload: 4 }, timeoutSeconds: 30 });
    const exited = detailsOf(events.find((e) => e.type === 'TaskStateExited')!);
    expect(exited?.assignedVariables).toEqual({ seen: '{"doubled":8}' });
  });

  it('Task: a catcher’s Output and Assign see $states.errorOutput; Retry works as in JSONPath', async () => {
    let attempts = 0;
    const taskHandler = async () => {
      attempts += 1;
      throw new TaskFailure('Boom', `attempt ${attempts}`);
    };
    const { outcome } = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1, IntervalSeconds: 1 }],
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                Output: { failed: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' },
                Assign: { why: '{% $states.errorOutput.Cause %}' },
                Next: 'After',
              },
            ],
            End: true,
          },
          After: { Type: 'Pass', Output: { out: '{% $states.input %}', why: '{% $why %}' }, End: true },
        },
      },
      { x: 1 },
      { taskHandler },
    );
    expect(attempts).toBe(2);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { out: { failed: 'Boom', input: { x: 1 } }, why: 'attempt 2' },
    });
  });

  it('Assign and Output both see the variables as they were on entry', async () => {
    const { outcome } = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Output: '{% $x %}', Next: 'C' },
        C: {
          Type: 'Pass',
          Output: { x: '{% $x %}', y: '{% $y %}', before: '{% $states.input %}' },
          End: true,
        },
      },
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { x: 2, y: 1, before: 1 } });
  });

  it('Choice: Conditions, a rule’s own Assign and Output; a non-boolean Condition fails', async () => {
    const machine = (condition: unknown) => ({
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: condition, Assign: { rule: 1 }, Output: { picked: 'rule' }, Next: 'Done' }],
          Default: 'Done',
          Output: { picked: 'default' },
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    expect((await run(machine('{% $states.input.n > 1 %}'), { n: 2 })).outcome).toEqual({
      status: 'SUCCEEDED',
      output: { picked: 'rule' },
    });
    expect((await run(machine('{% $states.input.n > 1 %}'), { n: 0 })).outcome).toEqual({
      status: 'SUCCEEDED',
      output: { picked: 'default' },
    });
    expect((await run(machine('{% $states.input.n %}'), { n: 0 })).outcome).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining(
        "for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number'",
      ),
    });
  });

  it('Wait: Seconds from an expression, on the execution clock', async () => {
    const { outcome, elapsedMs } = await run(
      jsonata({ Type: 'Wait', Seconds: '{% $states.input.s * 2 %}' }),
      {
        s: 5,
      },
    );
    expect(outcome.status).toBe('SUCCEEDED');
    expect(elapsedMs).toBe(10_000);
  });

  it('Fail: Error and Cause from expressions', async () => {
    const { outcome } = await run(
      jsonata({ Type: 'Fail', Error: '{% $states.input.e %}', Cause: '{% "because " & $states.input.e %}' }),
      { e: 'Bad' },
    );
    expect(outcome).toEqual({ status: 'FAILED', error: 'Bad', cause: 'because Bad' });
  });

  it('Map: Items, ItemSelector with $states.context.Map.Item, MaxConcurrency as an expression', async () => {
    const { outcome } = await run(
      jsonata({
        Type: 'Map',
        Items: '{% $states.input.list %}',
        MaxConcurrency: '{% 1 %}',
        ItemSelector: {
          index: '{% $states.context.Map.Item.Index %}',
          value: '{% $states.context.Map.Item.Value %}',
          tag: '{% $states.input.tag %}',
        },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        Output: '{% $states.result.(tag & index & value) %}',
      }),
      { list: ['a', 'b'], tag: 't' },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: ['t0a', 't1b'] });
  });

  it('Parallel: Arguments to every branch; branches read outer variables, their own stay inside', async () => {
    const { outcome } = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'Par' },
          Par: {
            Type: 'Parallel',
            Arguments: { v: '{% $states.input.v %}' },
            Branches: [
              {
                StartAt: 'B1',
                States: {
                  B1: { Type: 'Pass', Assign: { inner: 'i' }, Next: 'B2' },
                  B2: { Type: 'Pass', Output: '{% $outer & $inner & $states.input.v %}', End: true },
                },
              },
              { StartAt: 'B3', States: { B3: { Type: 'Pass', End: true } } },
            ],
            Next: 'After',
          },
          After: {
            Type: 'Pass',
            Output: { result: '{% $states.input %}', inner: '{% $exists($inner) %}' },
            End: true,
          },
        },
      },
      { v: 'v' },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { result: ['oiv', { v: 'v' }], inner: false } });
  });
});

describe('variables in a Map', () => {
  const machine = (mode: string) => ({
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'Map' },
      Map: {
        Type: 'Map',
        Items: [1],
        ItemProcessor: {
          ProcessorConfig: { Mode: mode },
          StartAt: 'P',
          States: { P: { Type: 'Pass', Output: '{% $exists($outer) %}', End: true } },
        },
        End: true,
      },
    },
  });

  it('an inline iteration reads the outer variables; a distributed one (a child execution) cannot', async () => {
    expect((await run(machine('INLINE'))).outcome).toEqual({ status: 'SUCCEEDED', output: [true] });
    expect((await run(machine('DISTRIBUTED'))).outcome).toEqual({ status: 'SUCCEEDED', output: [false] });
  });
});

describe('JSONata definitions', () => {
  const problems = (definition: unknown) => validateDefinition(definition).map((p) => p.message);

  it('are refused when an expression does not parse under JSONata 2.0.6 (no ?? nor ?:)', () => {
    expect(problems(output('$states.input.a ?? 1'))).toEqual([
      expect.stringMatching(/^INVALID_JSONATA_EXPRESSION: .* at \/States\/S\/Output$/),
    ]);
    expect(problems(output('1 +'))).toEqual([
      'INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/S/Output',
    ]);
  });

  it('are refused when an expression reads the top-level context instead of $states', () => {
    expect(problems(jsonata({ Type: 'Pass', Output: { v: '{% phone %}' } }))).toEqual([
      "UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported. at /States/S/Output/v",
    ]);
    expect(problems(output('$states.input.items[price > 1].name'))).toEqual([]);
  });

  it('are refused when Assign names a variable that `$name` cannot read', () => {
    expect(problems(jsonata({ Type: 'Pass', Assign: { 'not-a-name': 1 } }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Invalid variable name: 'not-a-name' at /States/S/Assign/not-a-name",
    ]);
  });

  it('give Assign and Output only to the states that have them', () => {
    const terminal = (state: Record<string, unknown>) => ({
      QueryLanguage: 'JSONata',
      StartAt: 'S',
      States: { S: state },
    });
    expect(problems(terminal({ Type: 'Succeed', Assign: { x: 1 } }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Assign' is not supported at /States/S",
    ]);
    expect(problems(terminal({ Type: 'Fail', Output: 1 }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Output' is not supported at /States/S",
    ]);
  });

  it('keep JSONPath fields out of JSONata states and JSONata fields out of JSONPath states', () => {
    expect(problems(jsonata({ Type: 'Pass', InputPath: '$.a' }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage at /States/S",
    ]);
    expect(problems(single({ Type: 'Pass', Output: 1 }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/S",
    ]);
  });
});
