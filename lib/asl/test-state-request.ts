/**
 * TestState's request, checked as AWS checks it before anything runs: the state under test (one
 * state as `definition`, or a whole machine plus `stateName`, validated like CreateStateMachine
 * except for where the state goes next), the inspection level, the mock (Task, Map and Parallel
 * only; exactly one of `result` and `errorOutput`; `context` only with a mock) and
 * `stateConfiguration`. Refusals are ValidationException or InvalidDefinition, as on AWS.
 */
import type { Clock, DefinitionProblem, TaskHandler } from './engine';
import { isObject, JsonObject } from './json';
import { QueryLanguage } from './runtime';
import { FieldValidationMode } from './test-state-shapes';
import { validateDefinition } from './validate';

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

export function parseJson(text: string | undefined, field: string, fallback: unknown): unknown {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TestStateValidationError(`Invalid JSON in '${field}': ${(error as Error).message}`);
  }
}

/** The state under test, its name and query language, from `definition` (+ `stateName`). */
export function stateUnderTest(request: TestStateRequest): {
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

export function checkRequest(
  request: TestStateRequest,
  state: JsonObject,
  type: string,
): FieldValidationMode {
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
