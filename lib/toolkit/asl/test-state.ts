/**
 * TestState (AWS's way to unit-test one state), engine side: runs one state once — no retry loop, no
 * transition — and answers as the API does: `status` SUCCEEDED (output, nextState), FAILED (error,
 * cause), RETRIABLE (a Retry entry still has attempts left given
 * `stateConfiguration.retrierRetryCount`: error, cause, the backoff) or CAUGHT_ERROR (a Catch
 * handled it: its output and Next); with inspectionLevel DEBUG or TRACE, `inspectionData` holds
 * the data after each processing step, the variables after the state, and errorDetails.
 *
 * The state comes as `definition` (one state) or a whole machine plus `stateName`. A `mock`
 * (Task, Map, Parallel only) replaces the call or the children by `result` (checked against the
 * API's response shape, see test-state-shapes.ts) or `errorOutput`; without one a Task calls
 * `taskHandler`. TRACE adds the HTTP request and response of HTTP Tasks on AWS: there are none
 * here, so TRACE answers what DEBUG does. No HTTP here: lib/toolkit/server/sfn-api.ts wires it in.
 */
import { VirtualClock } from './clock';
import type {
  ContextObject,
  TaskHandler,
  TestStateOptions,
  TestStateRequest,
  TestStateResponse,
} from './engine';
import { CallbackResult, TaskFailure } from './engine';
import { inStateContext, StatesError, StatesErrors } from './errors';
import type { ExecutionScope } from './execution-scope';
import type { Frame } from './frame';
import { History } from './history';
import { isObject, JsonObject, toJsonText } from './json';
import { waitsForTaskToken } from './model/resource';
import type { State } from './model/state-machine';
import { runProgram, runStateOfType } from './program';
import { catchOutcome, errorOutput, matchingCatcher, matchingRetrier, retryDelayMs } from './retry';
import { reportEvaluationFailure, StateOutcome, StateRun } from './state-run';
import { checkRequest, parseJson, stateUnderTest } from './test-state-request';
import { mockResultProblem } from './test-state-shapes';
import { VariableScope } from './variables';

export type { TestStateOptions, TestStateRequest, TestStateResponse, TestStatus } from './engine';
export { TestStateInvalidDefinition, TestStateValidationError } from './engine';
import { TestStateValidationError } from './engine';

/** The tolerated failure count of a Map (ToleratedFailureCount / Percentage; JSONPath numbers). */
function toleratedFailures(state: State, items: number): number {
  if (state.Type !== 'Map') return 0;
  if (typeof state.ToleratedFailureCount === 'number') return state.ToleratedFailureCount;
  if (typeof state.ToleratedFailurePercentage === 'number') {
    return Math.floor((state.ToleratedFailurePercentage / 100) * items);
  }
  return 0;
}

function mockError(mock: NonNullable<TestStateRequest['mock']>): StatesError | undefined {
  if (!mock.errorOutput) return undefined;
  return new StatesError(mock.errorOutput.error, mock.errorOutput.cause);
}

/** The request's data, parsed and checked: input, variables, the mock's result, the context. */
interface TestData {
  readonly input: unknown;
  readonly variables: JsonObject;
  readonly mockResult: unknown;
  readonly context?: JsonObject;
}

function testData(request: TestStateRequest, state: State, mode: ReturnType<typeof checkRequest>): TestData {
  const input = parseJson(request.input, 'input', {});
  const variables = parseJson(request.variables, 'variables', {});
  if (!isObject(variables)) throw new TestStateValidationError("'variables' must be a JSON object");
  const mock = request.mock;
  const mockResult = mock?.result !== undefined ? parseJson(mock.result, 'mock.result', null) : undefined;
  if (mock?.result !== undefined && state.Type === 'Task') {
    const problem = mockResultProblem(state.Resource, mockResult, mode);
    if (problem) throw new TestStateValidationError(problem);
  }
  if (mock?.result !== undefined && state.Type !== 'Task' && !Array.isArray(mockResult)) {
    throw new TestStateValidationError(`The mocked result of a ${state.Type} state must be a JSON array`);
  }
  // The caller's context object (Execution, State, Task.Token, Map.Item, as a test needs them).
  const context = parseJson(request.context, 'context', undefined);
  if (context !== undefined && !isObject(context))
    throw new TestStateValidationError("'context' must be a JSON object");
  return { input, variables, mockResult, context };
}

/** The execution a tested state sees: TestStateMachine's identities, the caller's context over it. */
function testExecution(
  request: TestStateRequest,
  options: TestStateOptions,
  data: TestData,
  clock: NonNullable<TestStateOptions['clock']>,
): ExecutionScope {
  const partition = options.partition ?? 'aws';
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const executionName = 'test-state';
  const { context } = data;
  return {
    clock,
    random: options.random ?? Math.random,
    taskHandler: taskHandlerFor(request.mock, data.mockResult, options.taskHandler),
    region,
    account,
    executionArn: `arn:${partition}:states:${region}:${account}:execution:TestStateMachine:${executionName}`,
    executionName,
    stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:TestStateMachine`,
    stateMachineName: 'TestStateMachine',
    roleArn: request.roleArn ?? `arn:${partition}:iam::${account}:role/TestState`,
    startTime: clock.now().toISOString(),
    input:
      isObject(context) && isObject(context.Execution) && 'Input' in context.Execution
        ? context.Execution.Input
        : data.input,
    contextOverride: context as Partial<ContextObject> | undefined,
  };
}

/** A mock on a Map or Parallel: its result, or its error (also when too many iterations fail). */
function childrenMockOf(request: TestStateRequest, state: State, mockResult: unknown): Frame['childrenMock'] {
  const mock = request.mock;
  if (!mock || state.Type === 'Task') return undefined;
  const failures = request.stateConfiguration?.mapIterationFailureCount;
  if (state.Type === 'Map' && failures !== undefined && Array.isArray(mockResult)) {
    if (failures > toleratedFailures(state, mockResult.length)) {
      return {
        error: new StatesError(
          'States.ExceedToleratedFailureThreshold',
          'The specified tolerated failure threshold was exceeded',
        ),
      };
    }
  }
  return { result: mockResult, error: mockError(mock) };
}

/** Retry and Catch are decided by {@link runOnce}, once: TestState does not loop. */
function withoutErrorHandling(state: State): State {
  return 'Retry' in state ? { ...state, Retry: [], Catch: [] } : state;
}

/** Runs one state as TestState does. Throws TestStateValidationError / TestStateInvalidDefinition. */
export async function testState(
  request: TestStateRequest,
  options: TestStateOptions = {},
): Promise<TestStateResponse> {
  const { raw, state } = stateUnderTest(request);
  const mode = checkRequest(request, raw, state.Type);
  const data = testData(request, state, mode);
  const clock = options.clock ?? new VirtualClock(new Date().toISOString());
  const inspection: Record<string, unknown> = {};
  const scope = new VariableScope();
  scope.assign(data.variables);
  const frame: Frame = {
    execution: testExecution(request, options, data, clock),
    history: new History(clock),
    thread: { source: 0 },
    variables: scope,
    signal: new AbortController().signal,
    inspect: (step, value) => (inspection[step] = value),
    childrenMock: childrenMockOf(request, state, data.mockResult),
  };
  const retryCount = request.stateConfiguration?.retrierRetryCount ?? 0;
  const run: StateRun = {
    state: withoutErrorHandling(state),
    input: data.input,
    frame,
    enteredEventId: 0,
    enteredPreviousId: 0,
    enteredTime: clock.now().toISOString(),
    retryCount,
  };
  const response = await runOnce(run, state, retryCount);
  const level = request.inspectionLevel ?? 'INFO';
  if (level !== 'INFO') {
    response.inspectionData = inspectionData(inspection, data.input, scope, response.inspectionData);
  } else delete response.inspectionData;
  return response;
}

/** The task handler for the test: the mock's result or error, or the caller's handler. */
function taskHandlerFor(
  mock: TestStateRequest['mock'],
  result: unknown,
  fallback: TaskHandler | undefined,
): TaskHandler {
  if (mock?.errorOutput) {
    const { error, cause } = mock.errorOutput;
    return async () => {
      throw new TaskFailure(error ?? '', cause ?? '');
    };
  }
  // A mocked `.waitForTaskToken` task: the mock is the callback's answer, not the request's response.
  if (mock)
    return async (task) => (waitsForTaskToken(task.classifiedResource) ? new CallbackResult(result) : result);
  return (
    fallback ??
    (async (task) => {
      throw new TaskFailure(StatesErrors.Runtime, `No handler serves ${task.resource}; give the test a mock`);
    })
  );
}

/** Runs the state once and classifies the outcome (SUCCEEDED, RETRIABLE, CAUGHT_ERROR, FAILED). */
async function runOnce(run: StateRun, state: State, retryCount: number): Promise<TestStateResponse> {
  let outcome: StateOutcome;
  try {
    outcome = await runStateOfType(run, runProgram);
  } catch (thrown) {
    if (!(thrown instanceof StatesError)) throw thrown;
    const error = inStateContext(thrown, state.name, run.enteredEventId);
    reportEvaluationFailure(run, error);
    const failed = { error: error.error ?? undefined, cause: error.cause ?? undefined };
    const retriers = 'Retry' in state ? state.Retry : [];
    const retryIndex = matchingRetrier(run, retriers, error);
    if (retryIndex >= 0 && retryCount < (retriers[retryIndex].MaxAttempts ?? 3)) {
      const backoff = retryDelayMs(retriers[retryIndex], retryCount, run.frame.execution.random) / 1000;
      return {
        status: 'RETRIABLE',
        ...failed,
        inspectionData: { errorDetails: { retryBackoffIntervalSeconds: Math.round(backoff), retryIndex } },
      };
    }
    const catchers = 'Catch' in state ? state.Catch : [];
    const catchIndex = matchingCatcher(run, catchers, error);
    if (catchIndex < 0) return { status: 'FAILED', ...failed };
    const caught = await catchOutcome(run, catchers[catchIndex], catchIndex, errorOutput(error));
    if (caught.assigned) run.frame.variables.assign(caught.assigned);
    return {
      status: 'CAUGHT_ERROR',
      ...failed,
      output: toJsonText(caught.output),
      nextState: caught.next,
      inspectionData: { errorDetails: { catchIndex } },
    };
  }
  if (outcome.assigned) run.frame.variables.assign(outcome.assigned);
  return { status: 'SUCCEEDED', output: toJsonText(outcome.output), nextState: outcome.next };
}

/** Numbers stay numbers (maxConcurrency, tolerated failures); data steps are JSON text, as on AWS. */
const NUMERIC_STEPS = ['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage'];

function inspectionData(
  steps: Record<string, unknown>,
  input: unknown,
  variables: VariableScope,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const data: Record<string, unknown> = { input: toJsonText(input) };
  for (const [step, value] of Object.entries(steps)) {
    data[step] = NUMERIC_STEPS.includes(step) ? value : toJsonText(value);
  }
  const all = variables.all();
  if (Object.keys(all).length > 0) data.variables = toJsonText(all);
  return { ...data, ...extra };
}
