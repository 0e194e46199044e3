import { validateDefinition } from '../../../../lib/toolkit/asl/validate';

const messages = (definition: unknown) => validateDefinition(definition).map((p) => p.message);

const pass = { Type: 'Pass', End: true };

describe('validate', () => {
  it('accepts a valid definition, Task, Choice, Map and Parallel included', () => {
    expect(
      validateDefinition({
        Comment: 'ok',
        StartAt: 'Check',
        TimeoutSeconds: 300,
        States: {
          Check: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.inStock', BooleanEquals: true, Next: 'Pay' },
              {
                And: [
                  { Variable: '$.n', NumericGreaterThan: 1 },
                  { Not: { Variable: '$.s', StringMatches: 'a*' } },
                ],
                Next: 'Each',
              },
            ],
            Default: 'Fail',
          },
          Pay: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { 'Payload.$': '$', 'attempt.$': '$$.State.RetryCount', 'id.$': 'States.UUID()' },
            ResultSelector: { 'paid.$': '$.Payload' },
            ResultPath: '$.payment',
            TimeoutSeconds: 15,
            Retry: [
              { ErrorEquals: ['Busy'], MaxDelaySeconds: 10, JitterStrategy: 'FULL' },
              { ErrorEquals: ['States.ALL'] },
            ],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Fail' }],
            Next: 'Both',
          },
          Both: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'B', States: { B: pass } }],
            Next: 'Done',
          },
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'I', States: { I: pass } },
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
          Fail: { Type: 'Fail', Error: 'Failed', CausePath: '$.error.Cause' },
        },
      }),
    ).toEqual([]);
  });

  it('reports a missing transition target where AWS does, with its wording', () => {
    expect(
      validateDefinition({
        StartAt: 'Bar',
        States: {
          Bar: { Type: 'Pass', Next: 'Foo' },
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'Nope' }], Default: 'Gone' },
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sns:publish',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }],
            End: true,
          },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        {
          path: '/States/Bar/Next',
          message: "MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo at /States/Bar/Next",
        },
        {
          path: '/States/C/Choices[0]/Next',
          message: "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/C/Choices[0]/Next",
        },
        {
          path: '/States/C/Default',
          message: "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/C/Default",
        },
        {
          path: '/States/T/Catch[0]/Next',
          message: "MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/T/Catch[0]/Next",
        },
      ]),
    );
  });

  it('reports StartAt naming no state, and unreachable states', () => {
    expect(messages({ StartAt: 'Nope', States: { A: pass } })).toEqual([
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /StartAt",
    ]);
    expect(messages({ StartAt: 'A', States: { A: pass, Lonely: pass } })).toEqual([
      'MISSING_TRANSITION_TARGET: State "Lonely" is not reachable. at /States/Lonely',
    ]);
  });

  it('reports a workflow without a terminal state', () => {
    expect(
      messages({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } }),
    ).toEqual(['MISSING_END_STATE: Workflow has no terminal state']);
  });

  it('reports the shape: required fields, types, Next/End, unsupported fields', () => {
    expect(messages({ States: { A: pass } })).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /',
    ]);
    expect(messages({ StartAt: 'A', States: { A: { Type: 'Bogus', End: true } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'Type' must be one of [Choice, Fail, Map, Parallel, Pass, Succeed, Task, Wait] at /States/A/Type",
    ]);
    expect(messages({ StartAt: 'A', States: { A: { Type: 'Pass' } } })).toEqual([
      'SCHEMA_VALIDATION_FAILED: Exactly one of these fields must be provided: [Next, End] at /States/A',
      'MISSING_END_STATE: Workflow has no terminal state',
    ]);
    expect(messages({ StartAt: 'A', States: { A: { Type: 'Pass', End: true, Retry: [] } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Retry' is not supported at /States/A",
    ]);
    expect(messages({ StartAt: 'A', States: { A: { Type: 'Task', End: true } } })).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/A',
    ]);
  });

  it('reports bad paths, templates and intrinsic calls', () => {
    expect(
      messages({
        StartAt: 'A',
        States: {
          A: {
            Type: 'Pass',
            InputPath: 'no-dollar',
            ResultPath: '$.items[*]',
            Parameters: { 'a.$': '$.[', 'b.$': 'States.Bogus(1)', 'c.$': "States.Format('x'" },
            End: true,
          },
        },
      }),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath at /States/A/InputPath",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid ReferencePath at /States/A/ResultPath",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters/a.$",
      "SCHEMA_VALIDATION_FAILED: The intrinsic function 'States.Bogus' is not supported at /States/A/Parameters/b.$",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'c.$' must be a valid intrinsic function call at /States/A/Parameters/c.$",
    ]);
  });

  it('reports malformed Choice rules', () => {
    expect(
      messages({
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.a', NumericEquals: 'one', Next: 'D' },
              { Variable: '$.a', IsNull: true },
              { And: [], Next: 'D' },
              { Variable: '$.a', StringEquals: 'x', BooleanEquals: true, Next: 'D' },
            ],
          },
          D: { Type: 'Succeed' },
        },
      }),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'NumericEquals' must be a NUMBER at /States/C/Choices[0]/NumericEquals",
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[1]',
      "SCHEMA_VALIDATION_FAILED: The value for the field 'And' must be a non-empty ARRAY at /States/C/Choices[2]/And",
      'SCHEMA_VALIDATION_FAILED: A choice rule must have exactly one comparison operator at /States/C/Choices[3]',
    ]);
  });

  it('reports Retry and Catch mistakes', () => {
    expect(
      messages({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Retry: [
              { ErrorEquals: ['States.ALL'] },
              { ErrorEquals: ['E'], BackoffRate: 0.5, JitterStrategy: 'HALF' },
            ],
            Catch: [{ ErrorEquals: ['E'] }],
            End: true,
          },
        },
      }),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone in 'ErrorEquals', and only in the last retrier at /States/T/Retry[0]/ErrorEquals",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'BackoffRate' must be a number not less than 1.0 at /States/T/Retry[1]/BackoffRate",
      "SCHEMA_VALIDATION_FAILED: The value for the field 'JitterStrategy' must be one of [FULL, NONE] at /States/T/Retry[1]/JitterStrategy",
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/T/Catch[0]',
    ]);
  });

  it('checks branches as machines of their own, and state names across them', () => {
    expect(
      messages({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'P', States: { P: { Type: 'Pass', Next: 'Outside' } } }],
            Next: 'Outside',
          },
          Outside: pass,
        },
      }),
    ).toEqual([
      'DUPLICATE_STATE_NAME: Duplicate State name: P at /States/P/Branches[0]/States/P',
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Outside at /States/P/Branches[0]/States/P/Next",
      'MISSING_END_STATE: Workflow has no terminal state',
    ]);
  });

  it('reports Wait and Map settings', () => {
    expect(
      messages({
        StartAt: 'W',
        States: {
          W: { Type: 'Wait', Seconds: 1, Timestamp: 'yesterday', Next: 'M' },
          M: { Type: 'Map', MaxConcurrency: -1, End: true },
        },
      }),
    ).toEqual([
      'SCHEMA_VALIDATION_FAILED: Exactly one of these fields must be provided: [Seconds, SecondsPath, Timestamp, TimestampPath] at /States/W',
      "SCHEMA_VALIDATION_FAILED: The value for the field 'Timestamp' must be a valid timestamp at /States/W/Timestamp",
      'SCHEMA_VALIDATION_FAILED: These fields are required: [ItemProcessor] at /States/M',
      "SCHEMA_VALIDATION_FAILED: The value for the field 'MaxConcurrency' must be a non-negative integer at /States/M/MaxConcurrency",
    ]);
  });

  it('reports variable names that a path cannot read', () => {
    expect(
      messages({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Assign: { ok_1: 1, 'no-dash': 2, '9lives.$': '$' }, End: true } },
      }),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: Invalid variable name: 'no-dash' at /States/A/Assign/no-dash",
      "SCHEMA_VALIDATION_FAILED: Invalid variable name: '9lives' at /States/A/Assign/9lives.$",
    ]);
  });

  it('refuses a definition that is not an object', () => {
    expect(messages('nope')).toEqual(['SCHEMA_VALIDATION_FAILED: The value must be a JSON object at /']);
  });
});
