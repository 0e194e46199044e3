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
 * here, so TRACE answers what DEBUG does. No HTTP here: lib/server/sfn-api.ts wires it in.
 */
import { VirtualClock } from './clock';
import type { ContextObject, TaskHandler } from './engine';
import { TaskFailure } from './engine';
import { errorMatches, inStateContext, StatesError, StatesErrors } from './errors';
import { History } from './history';
import { isObject, JsonObject, toJsonText } from './json';
import { runProgram, stateHandler } from './program';
import { catchOutcome, errorOutput, Retrier, retryDelayMs } from './retry';
import { Frame, reportEvaluationFailure, Runtime, StateOutcome, StateRun } from './runtime';
import {
  checkRequest,
  parseJson,
  stateUnderTest,
  TestStateOptions,
  TestStateRequest,
  TestStateValidationError,
} from './test-state-request';
import { mockResultProblem } from './test-state-shapes';
import { VariableScope } from './variables';

export type { TestStateOptions, TestStateRequest } from './test-state-request';
export { TestStateInvalidDefinition, TestStateValidationError } from './test-state-request';

export type TestStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** The answer, in the API's shape: data as JSON text. */
export interface TestStateResponse {
  status: TestStatus;
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  inspectionData?: Record<string, unknown>;
}

/** The tolerated failure count of a Map (ToleratedFailureCount / Percentage; JSONPath numbers). */
function toleratedFailures(state: JsonObject, items: number): number {
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

/** Runs one state as TestState does. Throws TestStateValidationError / TestStateInvalidDefinition. */
export async function testState(
  request: TestStateRequest,
  options: TestStateOptions = {},
): Promise<TestStateResponse> {
  const { name, state, language } = stateUnderTest(request);
  const type = state.Type as string;
  const mode = checkRequest(request, state, type);
  const input = parseJson(request.input, 'input', {});
  const variables = parseJson(request.variables, 'variables', {});
  if (!isObject(variables)) throw new TestStateValidationError("'variables' must be a JSON object");
  const mock = request.mock;
  const mockResult = mock?.result !== undefined ? parseJson(mock.result, 'mock.result', null) : undefined;
  if (mock?.result !== undefined && type === 'Task') {
    const problem = mockResultProblem(String(state.Resource), mockResult, mode);
    if (problem) throw new TestStateValidationError(problem);
  }
  if (mock?.result !== undefined && type !== 'Task' && !Array.isArray(mockResult)) {
    throw new TestStateValidationError(`The mocked result of a ${type} state must be a JSON array`);
  }

  // The caller's context object (Execution, State, Task.Token, Map.Item, as a test needs them).
  const context = parseJson(request.context, 'context', undefined);
  if (context !== undefined && !isObject(context))
    throw new TestStateValidationError("'context' must be a JSON object");
  const clock = options.clock ?? new VirtualClock(new Date().toISOString());
  const partition = options.partition ?? 'aws';
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const executionName = 'test-state';
  const runtime: Runtime = {
    clock,
    random: options.random ?? Math.random,
    taskHandler: taskHandlerFor(mock, mockResult, options.taskHandler),
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
        : input,
    queryLanguage: language,
    contextOverride: context as Partial<ContextObject> | undefined,
  };
  const inspection: Record<string, unknown> = {};
  const scope = new VariableScope();
  scope.assign(variables);
  const childrenMock = (() => {
    if (!mock || type === 'Task') return undefined;
    const failures = request.stateConfiguration?.mapIterationFailureCount;
    if (type === 'Map' && failures !== undefined && Array.isArray(mockResult)) {
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
  })();
  const frame: Frame = {
    runtime,
    history: new History(clock),
    ctx: { source: 0 },
    variables: scope,
    signal: new AbortController().signal,
    inspect: (step, value) => (inspection[step] = value),
    childrenMock,
  };
  const retryCount = request.stateConfiguration?.retrierRetryCount ?? 0;
  const run: StateRun = {
    name,
    type,
    // Retry and Catch are decided below, once: TestState does not loop.
    state: { ...state, Retry: undefined, Catch: undefined },
    input,
    frame,
    enteredEventId: 0,
    enteredPreviousId: 0,
    enteredTime: clock.now().toISOString(),
    language: state.QueryLanguage === 'JSONata' ? 'JSONata' : language,
    retryCount,
  };
  const response = await runOnce(run, state, retryCount);
  const level = request.inspectionLevel ?? 'INFO';
  if (level !== 'INFO') {
    response.inspectionData = inspectionData(inspection, input, scope, response.inspectionData);
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
  if (mock) return async () => result;
  return (
    fallback ??
    (async (task) => {
      throw new TaskFailure(StatesErrors.Runtime, `No handler serves ${task.resource}; give the test a mock`);
    })
  );
}

/** Runs the state once and classifies the outcome (SUCCEEDED, RETRIABLE, CAUGHT_ERROR, FAILED). */
async function runOnce(run: StateRun, state: JsonObject, retryCount: number): Promise<TestStateResponse> {
  const handler = stateHandler(run.type)!;
  let outcome: StateOutcome;
  try {
    outcome = await handler(run, runProgram);
  } catch (thrown) {
    if (!(thrown instanceof StatesError)) throw thrown;
    const error = inStateContext(thrown, run.name, run.enteredEventId);
    reportEvaluationFailure(run, error);
    const failed = { error: error.error ?? undefined, cause: error.cause ?? undefined };
    const retriers = (Array.isArray(state.Retry) ? state.Retry : []) as Retrier[];
    const retryIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals ?? [], error, run.type));
    if (retryIndex >= 0 && retryCount < (retriers[retryIndex].MaxAttempts ?? 3)) {
      const backoff = retryDelayMs(retriers[retryIndex], retryCount, run.frame.runtime.random) / 1000;
      return {
        status: 'RETRIABLE',
        ...failed,
        inspectionData: { errorDetails: { retryBackoffIntervalSeconds: Math.round(backoff), retryIndex } },
      };
    }
    const catchers = (Array.isArray(state.Catch) ? state.Catch : []) as JsonObject[];
    const catchIndex = catchers.findIndex((c) =>
      errorMatches((c.ErrorEquals as string[]) ?? [], error, run.type),
    );
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
