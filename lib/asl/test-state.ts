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
import type { Clock, ContextObject, DefinitionProblem, TaskHandler } from './engine';
import { TaskFailure } from './engine';
import { errorMatches, inStateContext, StatesError, StatesErrors } from './errors';
import { History } from './history';
import { isObject, JsonObject, toJsonText } from './json';
import { runProgram, stateHandler } from './program';
import { catchOutcome, errorOutput, Retrier, retryDelayMs } from './retry';
import { Frame, QueryLanguage, reportEvaluationFailure, Runtime, StateOutcome, StateRun } from './runtime';
import { FieldValidationMode, mockResultProblem } from './test-state-shapes';
import { validateDefinition } from './validate';
import { VariableScope } from './variables';

export interface TestStateRequest {
  readonly definition?: string;
  readonly stateName?: string;
  readonly input?: string;
  readonly variables?: string;
  readonly context?: string;
  readonly roleArn?: string;
  readonly inspectionLevel?: string;
  readonly revealSecrets?: boolean;
  readonly mock?: {
    readonly result?: string;
    readonly errorOutput?: { readonly error?: string; readonly cause?: string };
    readonly fieldValidationMode?: string;
  };
  readonly stateConfiguration?: {
    readonly retrierRetryCount?: number;
    readonly errorCausedByState?: string;
    readonly mapIterationFailureCount?: number;
    readonly mapItemReaderData?: string;
  };
}

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

/** Where the test runs: identities for the context object, the task handler, time and chance. */
export interface TestStateOptions {
  readonly taskHandler?: TaskHandler;
  readonly region?: string;
  readonly account?: string;
  readonly partition?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** A request AWS refuses with ValidationException (HTTP 400). */
export class TestStateValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestStateValidationError';
  }
}

/** A definition AWS refuses with InvalidDefinition. */
export class TestStateInvalidDefinition extends Error {
  constructor(public readonly problems: DefinitionProblem[]) {
    super(problems.map((p) => p.message).join(', '));
    this.name = 'TestStateInvalidDefinition';
  }
}

const INSPECTION_LEVELS = ['INFO', 'DEBUG', 'TRACE'];
const FIELD_VALIDATION_MODES = ['STRICT', 'PRESENT', 'NONE'];
/** Transition problems do not concern one state tested alone: its Next is only reported. */
const TRANSITION_CODES = /^(MISSING_TRANSITION_TARGET|MISSING_END_STATE):/;
/** The name a state tested on its own gets (in `$$.State.Name`). */
const SINGLE_STATE_NAME = 'TestState';

function parseJson(text: string | undefined, field: string, fallback: unknown): unknown {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TestStateValidationError(`Invalid JSON in '${field}': ${(error as Error).message}`);
  }
}

/** The state under test, its name and query language, from `definition` (+ `stateName`). */
function stateUnderTest(request: TestStateRequest): {
  name: string;
  state: JsonObject;
  language: QueryLanguage;
} {
  if (request.definition === undefined) {
    throw new TestStateValidationError(
      "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
    );
  }
  let definition: unknown;
  try {
    definition = JSON.parse(request.definition);
  } catch (error) {
    throw new TestStateInvalidDefinition([
      { path: '/', message: `INVALID_JSON_DESCRIPTION: ${(error as Error).message}` },
    ]);
  }
  if (!isObject(definition)) {
    throw new TestStateInvalidDefinition([
      { path: '/', message: 'SCHEMA_VALIDATION_FAILED: The definition must be a JSON object' },
    ]);
  }
  if (request.stateName !== undefined) {
    const problems = validateDefinition(definition);
    if (problems.length > 0) throw new TestStateInvalidDefinition(problems);
    const states = definition.States as JsonObject;
    if (!isObject(states[request.stateName])) {
      throw new TestStateValidationError(`State '${request.stateName}' does not exist in the definition`);
    }
    const language = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    return { name: request.stateName, state: states[request.stateName] as JsonObject, language };
  }
  if (typeof definition.Type !== 'string') {
    throw new TestStateValidationError(
      'The definition must be a single state (with a Type), or a state machine together with a stateName',
    );
  }
  // Validated as the only state of a machine; where it goes next is not checked (only reported).
  const alone: JsonObject = { ...definition };
  delete alone.Next;
  delete alone.End;
  if (!['Choice', 'Succeed', 'Fail'].includes(definition.Type)) alone.End = true;
  const machine = { StartAt: SINGLE_STATE_NAME, States: { [SINGLE_STATE_NAME]: alone } };
  const problems = validateDefinition(machine).filter((p) => !TRANSITION_CODES.test(p.message));
  if (problems.length > 0) throw new TestStateInvalidDefinition(problems);
  const language = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  return { name: SINGLE_STATE_NAME, state: definition, language };
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

function checkRequest(request: TestStateRequest, state: JsonObject, type: string): FieldValidationMode {
  const level = request.inspectionLevel ?? 'INFO';
  if (!INSPECTION_LEVELS.includes(level)) {
    throw new TestStateValidationError(
      `1 validation error detected: Value '${level}' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]`,
    );
  }
  const mock = request.mock;
  const mode = mock?.fieldValidationMode ?? 'STRICT';
  if (!FIELD_VALIDATION_MODES.includes(mode)) {
    throw new TestStateValidationError(
      `1 validation error detected: Value '${mode}' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]`,
    );
  }
  if (mock && !['Task', 'Map', 'Parallel'].includes(type)) {
    throw new TestStateValidationError(
      `A mock can only be specified for Task, Map, or Parallel states, not ${type}`,
    );
  }
  if (mock && (mock.result === undefined) === (mock.errorOutput === undefined)) {
    throw new TestStateValidationError("A mock must have exactly one of 'result' and 'errorOutput'");
  }
  if (request.context !== undefined && !mock) {
    throw new TestStateValidationError("The 'context' field can only be specified together with a 'mock'");
  }
  const configuration = request.stateConfiguration ?? {};
  for (const field of ['retrierRetryCount', 'mapIterationFailureCount'] as const) {
    const value = configuration[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new TestStateValidationError(`stateConfiguration.${field} must be an integer of at least 0`);
    }
  }
  if (configuration.errorCausedByState !== undefined) {
    if (!(type === 'Map' || type === 'Parallel') || !mock?.errorOutput) {
      throw new TestStateValidationError(
        'stateConfiguration.errorCausedByState is for a Map or Parallel state with a mocked errorOutput',
      );
    }
    const inner = JSON.stringify(state.ItemProcessor ?? state.Iterator ?? state.Branches ?? {});
    if (!inner.includes(JSON.stringify(configuration.errorCausedByState))) {
      throw new TestStateValidationError(
        `stateConfiguration.errorCausedByState '${configuration.errorCausedByState}' is not a state of this ${type}`,
      );
    }
  }
  return mode as FieldValidationMode;
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
