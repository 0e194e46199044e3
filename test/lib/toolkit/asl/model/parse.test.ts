import { parseDefinition } from '../../../../../lib/toolkit/asl/model/parse';
import type { State, StateMachine } from '../../../../../lib/toolkit/asl/model/state-machine';
import { validateDefinition } from '../../../../../lib/toolkit/asl/validate';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:pay';

function parsed(definition: unknown): StateMachine {
  const { machine, problems } = parseDefinition(definition);
  expect(problems).toEqual([]);
  return machine!;
}

describe('parseDefinition', () => {
  const jsonPath = {
    Comment: 'every state type',
    TimeoutSeconds: 60,
    Version: '1.0',
    StartAt: 'Pass',
    States: {
      Pass: { Type: 'Pass', Result: { a: 1 }, ResultPath: '$.r', Next: 'Task' },
      Task: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        TimeoutSeconds: 10,
        Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        Next: 'Choose',
      },
      Choose: {
        Type: 'Choice',
        Choices: [
          {
            And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.s', IsPresent: true } }],
            Next: 'Wait',
          },
          { Variable: '$.s', StringEqualsPath: '$.t', Assign: { x: 1 }, Next: 'Parallel' },
        ],
        Default: 'Done',
      },
      Wait: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Parallel' },
      Parallel: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'Legacy', States: { Legacy: { Type: 'Task', Resource: LAMBDA, End: true } } }],
        Next: 'Map',
      },
      Map: {
        Type: 'Map',
        ItemsPath: '$.items',
        Parameters: { 'item.$': '$$.Map.Item.Value' },
        Iterator: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
        Next: 'Distributed',
      },
      Distributed: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Child',
          States: { Child: { Type: 'Succeed' } },
        },
        ToleratedFailureCount: 1,
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b' } },
        Next: 'Done',
      },
      Done: { Type: 'Succeed', OutputPath: '$.r' },
      Failed: { Type: 'Fail', Error: 'E', CausePath: '$.error.Cause' },
    },
  };

  it('reads every state type of a JSONPath machine into its typed shape', () => {
    const machine = parsed(jsonPath);
    expect(machine).toMatchObject({
      StartAt: 'Pass',
      TimeoutSeconds: 60,
      Version: '1.0',
      Comment: 'every state type',
    });
    const s = machine.States;
    expect(s.Pass).toMatchObject({
      Type: 'Pass',
      name: 'Pass',
      language: 'JSONPath',
      Result: { a: 1 },
      Next: 'Task',
    });
    expect(s.Task).toMatchObject({
      Type: 'Task',
      Resource: { kind: 'service', service: 'lambda', action: 'invoke', pattern: 'waitForTaskToken' },
      TimeoutSeconds: 10,
      Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
    });
    expect(s.Choose).toEqual({
      Type: 'Choice',
      name: 'Choose',
      language: 'JSONPath',
      Choices: [
        {
          And: [
            { Variable: '$.n', operator: 'NumericGreaterThan', value: 1 },
            { Not: { Variable: '$.s', operator: 'IsPresent', value: true } },
          ],
          Next: 'Wait',
        },
        { Variable: '$.s', operator: 'StringEqualsPath', value: '$.t', Assign: { x: 1 }, Next: 'Parallel' },
      ],
      Default: 'Done',
    });
    expect(s.Wait).toMatchObject({ Type: 'Wait', SecondsPath: '$.seconds' });
    expect(s.Done).toMatchObject({ Type: 'Succeed', OutputPath: '$.r' });
    expect(s.Failed).toMatchObject({ Type: 'Fail', Error: 'E', CausePath: '$.error.Cause' });
  });

  it('reads branches and item processors as machines, legacy Map fields under their new names', () => {
    const s = parsed(jsonPath).States;
    const parallel = s.Parallel as Extract<State, { Type: 'Parallel' }>;
    expect(parallel.Retry).toEqual([]);
    expect(parallel.Catch).toEqual([]);
    expect(parallel.Branches[0].States.Legacy).toMatchObject({
      name: 'Legacy',
      Resource: { kind: 'lambda-function', functionName: 'pay', resourceType: 'lambda', resource: LAMBDA },
    });
    const map = s.Map as Extract<State, { Type: 'Map' }>;
    expect(map).not.toHaveProperty('Iterator');
    expect(map).not.toHaveProperty('Parameters');
    expect(map.ItemSelector).toEqual({ 'item.$': '$$.Map.Item.Value' });
    expect(map.ItemProcessor).toMatchObject({
      StartAt: 'Item',
      States: { Item: { Type: 'Pass', name: 'Item' } },
    });
    expect(map.ItemProcessor.ProcessorConfig).toBeUndefined();
    const distributed = s.Distributed as Extract<State, { Type: 'Map' }>;
    expect(distributed.ItemProcessor.ProcessorConfig).toEqual({
      Mode: 'DISTRIBUTED',
      ExecutionType: 'EXPRESS',
    });
    expect(distributed.ItemReader?.Resource).toMatchObject({
      kind: 'service',
      service: 's3',
      action: 'listObjectsV2',
    });
    expect(distributed.ResultWriter?.Resource).toMatchObject({ service: 's3', action: 'putObject' });
    expect(distributed).toMatchObject({ ToleratedFailureCount: 1 });
  });

  it('gives every state its language: its own, else the top-level machine’s (in branches too)', () => {
    const machine = parsed({
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Arguments: '{% $states.input %}',
          Branches: [
            {
              StartAt: 'A',
              States: {
                A: { Type: 'Pass', Output: '{% 1 %}', Next: 'B' },
                B: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'C' }], Default: 'C' },
                C: { Type: 'Wait', Seconds: '{% 1 %}', End: true },
              },
            },
          ],
          Next: 'T',
        },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:glue:startJobRun',
          Arguments: { Name: '{% $states.input.name %}' },
          TimeoutSeconds: '{% 5 %}',
          Next: 'M',
        },
        M: {
          Type: 'Map',
          Items: '{% [1, 2] %}',
          ItemSelector: { v: '{% $states.context.Map.Item.Value %}' },
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
          Next: 'F',
        },
        F: { Type: 'Fail', Error: '{% "E" %}' },
      },
    });
    const s = machine.States;
    expect(machine.QueryLanguage).toBe('JSONata');
    const branch = (s.P as Extract<State, { Type: 'Parallel' }>).Branches[0];
    expect(Object.values(branch.States).map((state) => state.language)).toEqual([
      'JSONata',
      'JSONata',
      'JSONata',
    ]);
    expect(branch.States.B).toMatchObject({ Choices: [{ Condition: '{% true %}', Next: 'C' }] });
    expect(s.T).toMatchObject({
      language: 'JSONata',
      Resource: { sdk: true, service: 'glue', resourceType: 'aws-sdk:glue', resource: 'startJobRun' },
      TimeoutSeconds: '{% 5 %}',
    });
    expect(s.M).toMatchObject({ language: 'JSONata', Items: '{% [1, 2] %}' });
    expect(s.F).toMatchObject({ language: 'JSONata', Error: '{% "E" %}' });

    const mixed = parsed({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', QueryLanguage: 'JSONata', Output: 1, Next: 'B' },
        B: { Type: 'Pass', End: true },
      },
    });
    expect(mixed.States.A.language).toBe('JSONata');
    expect(mixed.States.B.language).toBe('JSONPath');
  });

  it.each([
    ['not an object', 42],
    ['no States', { StartAt: 'A' }],
    ['a missing target', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }],
    [
      'a field of the other language',
      { StartAt: 'A', States: { A: { Type: 'Pass', Output: 1, End: true } } },
    ],
    ['a bad Resource', { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'lambda', End: true } } }],
  ])('reports %s as validation does, and no machine', (_, definition) => {
    const result = parseDefinition(definition);
    expect(result.machine).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems).toEqual(validateDefinition(definition));
  });
});
