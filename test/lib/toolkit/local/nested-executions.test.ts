import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import { LocalRuntime } from '../../../../lib/toolkit/local/local-runtime';
import { MockConfig } from '../../../../lib/toolkit/local/mock-config';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../lib/toolkit/local/template-resolver';

const START = 'arn:aws:states:::states:startExecution';

/** A runtime with no app resources: only mocks (first attempt) and Step Functions' own integrations. */
function newRuntime(mockConfig?: MockConfig) {
  return new LocalRuntime({
    engine: createInterpreter(),
    environment: DEFAULT_LOCAL_ENVIRONMENT,
    taskHandlerFor: (mock) => async (task) => {
      const mocked = mock?.config.responseFor(mock.stateMachineName, mock.testCase, task.stateName, 0);
      if (mocked?.kind === 'return') return mocked.value;
      throw new Error(`unexpected task ${task.stateName}`);
    },
    mockConfig,
  });
}

const single = (state: Record<string, unknown>) => ({ StartAt: 'S', States: { S: { ...state, End: true } } });

/** The parent's task: start `child` with the parent's input and its execution id, as CDK's associateWithParent writes it. */
const startChild = (child: string, pattern = '', extra: Record<string, unknown> = {}) =>
  single({
    Type: 'Task',
    Resource: `${START}${pattern}`,
    Parameters: {
      StateMachineArn: child,
      Input: { 'order.$': '$', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
    },
    ...extra,
  });

describe('nested executions (states:startExecution) and aws-sdk:sfn task tokens', () => {
  let runtime: LocalRuntime;
  let echo: string;
  let failing: string;
  beforeEach(() => {
    runtime = newRuntime();
    echo = runtime.createStateMachine({
      name: 'Echo',
      definition: single({ Type: 'Pass', Parameters: { 'got.$': '$.order' } }),
    }).arn;
    failing = runtime.createStateMachine({
      name: 'Failing',
      definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'OutOfStock', Cause: 'none left' } } },
    }).arn;
  });
  const run = async (definition: unknown, input: unknown = { id: 'o-1' }, name = 'Parent') => {
    const parent = runtime.createStateMachine({ name, definition });
    const record = runtime.start({ stateMachine: parent.arn, input });
    await runtime.waitFor(record.executionArn);
    return record;
  };
  const children = (machine: string) => runtime.allExecutions().filter((e) => e.stateMachineArn === machine);

  it('starts a child and answers at once (request-response), the parent’s id in the child’s input', async () => {
    const parent = await run(startChild(echo));
    expect(parent.status).toBe('SUCCEEDED');
    const [child] = children(echo);
    expect(parent.output).toMatchObject({
      ExecutionArn: child.executionArn,
      StartDate: child.startDate.getTime(),
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(child.input).toEqual({
      order: { id: 'o-1' },
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parent.executionArn,
    });
    expect(parent.events!.map((e) => e.type)).not.toContain('TaskSubmitted');
  });

  it('waits for the child with .sync: TaskSubmitted, then its description with Input and Output as JSON text', async () => {
    const parent = await run(startChild(echo, '.sync'));
    const [child] = children(echo);
    expect(parent.output).toEqual({
      ExecutionArn: child.executionArn,
      Input: JSON.stringify(child.input),
      InputDetails: { Included: true },
      Name: child.name,
      Output: '{"got":{"id":"o-1"}}',
      OutputDetails: { Included: true },
      StartDate: child.startDate.getTime(),
      StateMachineArn: echo,
      Status: 'SUCCEEDED',
      StopDate: child.stopDate!.getTime(),
    });
    const types = parent.events!.map((e) => e.type);
    expect(types.slice(types.indexOf('TaskStarted'), types.indexOf('TaskSucceeded') + 1)).toEqual([
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
  });

  it('hands the child’s Input and Output on as JSON with .sync:2', async () => {
    const parent = await run(startChild(echo, '.sync:2'));
    expect(parent.output).toMatchObject({ Output: { got: { id: 'o-1' } }, Status: 'SUCCEEDED' });
  });

  it('reports a failed .sync child as AWS does, and lets Catch take it', async () => {
    const definition = {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: `${START}.sync`,
          Parameters: { StateMachineArn: failing },
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const parent = await run(definition);
    expect(parent.status).toBe('SUCCEEDED');
    const caught = parent.output as { Error: string; Cause: string };
    expect(caught.Error).toBe('States.TaskFailed');
    expect(JSON.parse(caught.Cause)).toMatchObject({
      Error: 'OutOfStock',
      Cause: 'none left',
      Status: 'FAILED',
      Input: '{}',
    });
  });

  it('waits for the child’s aws-sdk:sfn:sendTaskSuccess with .waitForTaskToken', async () => {
    const answering = runtime.createStateMachine({
      name: 'Answering',
      definition: single({
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
        Parameters: { 'TaskToken.$': '$.token', 'Output.$': 'States.JsonToString($.order)' },
      }),
    }).arn;
    const definition = single({
      Type: 'Task',
      Resource: `${START}.waitForTaskToken`,
      Parameters: { StateMachineArn: answering, Input: { 'token.$': '$$.Task.Token', 'order.$': '$' } },
    });
    const parent = await run(definition);
    expect(parent).toMatchObject({ status: 'SUCCEEDED', output: { id: 'o-1' } });
    expect(parent.events!.map((e) => e.type)).toContain('TaskSubmitted');
    expect(children(answering)[0].status).toBe('SUCCEEDED');
  });

  it('fails an aws-sdk:sfn call on a used token with Sfn.TaskDoesNotExistException', async () => {
    const answerTwice = runtime.createStateMachine({
      name: 'AnswerTwice',
      definition: {
        StartAt: 'One',
        States: {
          One: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskFailure',
            Parameters: { 'TaskToken.$': '$.token', Error: 'Declined' },
            ResultPath: null,
            Next: 'Two',
          },
          Two: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskHeartbeat',
            Parameters: { 'TaskToken.$': '$.token' },
            End: true,
          },
        },
      },
    }).arn;
    const definition = single({
      Type: 'Task',
      Resource: `${START}.waitForTaskToken`,
      Parameters: { StateMachineArn: answerTwice, Input: { 'token.$': '$$.Task.Token' } },
    });
    const parent = await run(definition);
    expect(parent).toMatchObject({ status: 'FAILED', error: 'Declined' });
    await runtime.waitFor(children(answerTwice)[0].executionArn);
    expect(children(answerTwice)[0]).toMatchObject({
      status: 'FAILED',
      error: 'Sfn.TaskDoesNotExistException',
    });
  });

  it('fails with StepFunctions.StateMachineDoesNotExistException for an unknown machine', async () => {
    const parent = await run(startChild('arn:aws:states:us-east-1:123456789012:stateMachine:Nope'));
    expect(parent).toMatchObject({
      status: 'FAILED',
      error: 'StepFunctions.StateMachineDoesNotExistException',
    });
  });

  it('stops a .sync child when the parent’s task times out', async () => {
    const slow = runtime.createStateMachine({
      name: 'Slow',
      definition: single({ Type: 'Wait', Seconds: 30 }),
    }).arn;
    const parent = await run(startChild(slow, '.sync', { TimeoutSeconds: 1 }));
    expect(parent).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const [child] = children(slow);
    await runtime.waitFor(child.executionArn);
    expect(child.status).toBe('ABORTED');
  });

  it('leaves a mocked startExecution state to the mock', async () => {
    runtime = newRuntime(
      MockConfig.parse({
        StateMachines: { Parent: { TestCases: { Mocked: { S: 'Started' } } } },
        MockedResponses: { Started: { '0': { Return: { ExecutionArn: 'mocked' } } } },
      }),
    );
    const parent = runtime.createStateMachine({ name: 'Parent', definition: startChild('arn:none') });
    const record = runtime.start({ stateMachine: parent.arn, testCase: 'Mocked' });
    await runtime.waitFor(record.executionArn);
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: { ExecutionArn: 'mocked' } });
    expect(runtime.allExecutions()).toHaveLength(1);
  });
});
