/**
 * TestState's request, checked as AWS checks it before anything runs: the state under test (one
 * state as `definition`, or a whole machine plus `stateName`, validated like CreateStateMachine
 * except for where the state goes next), the inspection level, the mock (Task, Map and Parallel
 * only; exactly one of `result` and `errorOutput`; `context` only with a mock) and
 * `stateConfiguration`. Refusals are ValidationException or InvalidDefinition, as on AWS.
 */
import { TestStateInvalidDefinition, TestStateRequest, TestStateValidationError } from './engine';
import { isObject, JsonObject } from './json';
import { buildStateMachine } from './model/build';
import { parseDefinition } from './model/parse';
import { classifyResource } from './model/resource';
import type { State } from './model/state-machine';
import { FieldValidationMode } from './test-state-shapes';
import { validateDefinition } from './validate';

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

/** The state under test: as written (for the request's checks) and parsed, from `definition` (+ `stateName`). */
export function stateUnderTest(request: TestStateRequest): { raw: JsonObject; state: State } {
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
  if (request.stateName !== undefined) return namedState(definition, request.stateName);
  if (typeof definition.Type !== 'string') {
    throw new TestStateValidationError(
      'The definition must be a single state (with a Type), or a state machine together with a stateName',
    );
  }
  return singleState(definition, definition.Type);
}

/** A state of a whole machine, which must be valid. */
function namedState(definition: JsonObject, stateName: string): { raw: JsonObject; state: State } {
  const { machine, problems } = parseDefinition(definition);
  if (!machine) throw new TestStateInvalidDefinition(problems);
  if (!Object.prototype.hasOwnProperty.call(machine.States, stateName)) {
    throw new TestStateValidationError(`State '${stateName}' does not exist in the definition`);
  }
  return {
    raw: (definition.States as JsonObject)[stateName] as JsonObject,
    state: machine.States[stateName],
  };
}

/** One state on its own: validated as the only state of a machine, where it goes next unchecked (only reported). */
function singleState(definition: JsonObject, type: string): { raw: JsonObject; state: State } {
  const alone: JsonObject = { ...definition };
  delete alone.Next;
  delete alone.End;
  if (!['Choice', 'Succeed', 'Fail'].includes(type)) alone.End = true;
  const machine = { StartAt: SINGLE_STATE_NAME, States: { [SINGLE_STATE_NAME]: alone } };
  const problems = validateDefinition(machine).filter((p) => !TRANSITION_CODES.test(p.message));
  if (problems.length > 0) throw new TestStateInvalidDefinition(problems);
  // Its Next stays (TestState reports it); its children default to its own QueryLanguage.
  const language = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const parsed = buildStateMachine(
    { StartAt: SINGLE_STATE_NAME, States: { [SINGLE_STATE_NAME]: definition } },
    language,
  );
  return { raw: definition, state: parsed.States[SINGLE_STATE_NAME] };
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
  if (!mock && type === 'Task' && waitsOnSomethingElse(state.Resource)) {
    throw new TestStateValidationError(
      'TestState runs an Activity, a .sync or a .waitForTaskToken task only with a mock',
    );
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

/** A Task whose end TestState cannot wait for: an activity's worker, a `.sync` job, a callback. */
function waitsOnSomethingElse(resource: unknown): boolean {
  if (typeof resource !== 'string') return false;
  const classified = classifyResource(resource);
  return (
    classified.kind === 'activity' ||
    (classified.kind === 'service' && classified.pattern !== 'request-response')
  );
}
