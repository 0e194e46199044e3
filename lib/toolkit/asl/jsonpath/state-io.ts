/**
 * Input and output of a JSONPath state, step by step: InputPath, Parameters, ResultSelector,
 * ResultPath, OutputPath, Assign. Each step takes the field it applies, as the parsed state holds
 * it, and tells TestState's inspector the data after it.
 */
import type { ContextObject } from '../engine';
import { runtimeError, StatesError, StatesErrors } from '../errors';
import { isObject } from '../json';
import { isReferencePath, parsePath, ResultPathError, setAtPath } from '../json-path';
import type { JsonPathInputOutput, JsonPathResult, Path, Template, Transition } from '../model/state-machine';
import { DataScope, evaluateTemplate, requirePath } from '../payload';
import {
  checkPayloadSize,
  checkPayloadText,
  contextObject,
  nextOf,
  StateOutcome,
  StateRun,
} from '../state-run';

/** The scope in which `$` is `data`. */
export function scopeOf(run: StateRun, data: unknown, extra: Partial<ContextObject> = {}): DataScope {
  return {
    data,
    context: contextObject(run, extra),
    variables: run.frame.variables,
    random: run.frame.execution.random,
  };
}

/** InputPath: `$` by default; null gives `{}`. */
export function applyInputPath(run: StateRun, path: Path | null | undefined): unknown {
  const value =
    path === null
      ? {}
      : path === undefined || path === '$'
        ? run.input
        : requirePath(path, scopeOf(run, run.input));
  run.frame.inspect?.('afterInputPath', value);
  return value;
}

/** Parameters (Task, Pass, Parallel): the effective input from a payload template. */
export function applyParameters(
  run: StateRun,
  parameters: Template,
  effectiveInput: unknown,
  extra: Partial<ContextObject> = {},
): unknown {
  const value =
    parameters === undefined
      ? effectiveInput
      : evaluateTemplate(parameters, scopeOf(run, effectiveInput, extra));
  run.frame.inspect?.('afterParameters', value);
  return value;
}

/** ResultSelector (Task, Map, Parallel): reshapes the raw result. */
export function applyResultSelector(run: StateRun, selector: Template, result: unknown): unknown {
  const value = selector === undefined ? result : evaluateTemplate(selector, scopeOf(run, result));
  run.frame.inspect?.('afterResultSelector', value);
  return value;
}

/** ResultPath: where the result goes in the raw input. `$` (default) replaces it; null discards it. */
export function applyResultPath(
  run: StateRun,
  resultPath: Path | null | undefined,
  result: unknown,
): unknown {
  const value = placeResult(run, resultPath, result);
  run.frame.inspect?.('afterResultPath', value);
  return value;
}

function placeResult(run: StateRun, resultPath: Path | null | undefined, result: unknown): unknown {
  if (resultPath === null) return run.input;
  if (resultPath === undefined || resultPath === '$') return result;
  const path = parsePath(resultPath);
  if (path.root.kind !== 'data' || !isReferencePath(path)) {
    throw runtimeError(`The ResultPath '${String(resultPath)}' is not a valid reference path`);
  }
  try {
    return setAtPath(run.input, path, result);
  } catch (error) {
    if (error instanceof ResultPathError) {
      throw new StatesError(
        StatesErrors.ResultPathMatchFailure,
        `Unable to apply ResultPath "${String(resultPath)}" to input ${JSON.stringify(run.input)}: ${error.message}`,
        true,
      );
    }
    throw error;
  }
}

/** OutputPath: `$` by default; null gives `{}`. */
export function applyOutputPath(run: StateRun, path: Path | null | undefined, data: unknown): unknown {
  if (path === null) return {};
  if (path === undefined || path === '$') return data;
  return requirePath(path, scopeOf(run, data));
}

/** Assign (JSONPath flavour): a template over `data` (what `$` means depends on the state type). */
export function evaluateAssign(
  run: StateRun,
  assign: Template,
  data: unknown,
): Record<string, unknown> | undefined {
  if (assign === undefined) return undefined;
  return evaluateTemplate(assign, scopeOf(run, data)) as Record<string, unknown>;
}

/**
 * The usual tail of a state with a result: ResultPath into the raw input, OutputPath, quota check,
 * and the variables assigned (from `assignData`).
 */
export function finishState(
  run: StateRun,
  state: JsonPathInputOutput & Pick<JsonPathResult, 'ResultPath'> & Transition,
  result: unknown,
  assignData: unknown,
  /** The result's JSON text, when its size was already checked. */
  knownResultText?: string,
): StateOutcome {
  const resultText = knownResultText ?? checkPayloadSize(run, result);
  const assigned = evaluateAssign(run, state.Assign, assignData);
  const placed = applyResultPath(run, state.ResultPath, result);
  const output = applyOutputPath(run, state.OutputPath, placed);
  const known = output === placed ? placedText(run, state.ResultPath, result, resultText, placed) : undefined;
  const outputText = known === undefined ? checkPayloadSize(run, output) : checkPayloadText(run, known);
  return { output, outputText, next: nextOf(state), assigned };
}

/**
 * The JSON text of the result placed in the input, from texts already made when the placement
 * allows it: the result itself (ResultPath `$`), the input (null), or the input with one new last
 * field (`$.name` that the input object lacks: JSON.stringify writes an added key last too). A
 * serialization per state saved; undefined when the text must be made.
 */
function placedText(
  run: StateRun,
  resultPath: Path | null | undefined,
  result: unknown,
  resultText: string,
  placed: unknown,
): string | undefined {
  if (placed === result) return resultText;
  const inputText = run.inputText;
  if (inputText === undefined) return undefined;
  if (placed === run.input) return inputText;
  if (typeof resultPath !== 'string' || result === undefined) return undefined;
  const path = parsePath(resultPath);
  const [segment] = path.segments;
  const input = run.input;
  if (path.segments.length !== 1 || segment.kind !== 'property' || !isObject(input)) return undefined;
  // An existing key keeps its place; an array-index-like key is written first; __proto__ is not a field.
  if (Object.prototype.hasOwnProperty.call(input, segment.name)) return undefined;
  if (/^(0|[1-9]\d*)$/.test(segment.name) || segment.name === '__proto__') return undefined;
  const field = `${JSON.stringify(segment.name)}:${resultText}`;
  return inputText === '{}' ? `{${field}}` : `${inputText.slice(0, -1)},${field}}`;
}
