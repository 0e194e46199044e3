/**
 * Wait: Seconds, SecondsPath, Timestamp or TimestampPath (JSONata: Seconds or Timestamp, either an
 * expression), on the execution's clock (a virtual clock makes it instant). A SecondsPath value must be a non-negative integer, a TimestampPath value an
 * RFC 3339 timestamp; anything else is States.Runtime with AWS's wording.
 */
import { runtimeError } from '../errors';
import { sleep } from '../frame';
import { evaluateExpression, isExpression, queryEvaluationError } from '../jsonata/expression';
import { evaluateInteger, finishJsonata, jsonataScope } from '../jsonata/state-io';
import { applyInputPath, applyOutputPath, evaluateAssign, scopeOf } from '../jsonpath/state-io';
import type { WaitJsonata, WaitJsonPath, WaitState } from '../model/state-machine';
import { requirePath } from '../payload';
import { nextOf, StateOutcome, StateRun } from '../state-run';
import { parseTimestamp } from '../timestamps';

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function waitMillis(run: StateRun, state: WaitJsonPath, effectiveInput: unknown): number {
  const now = run.frame.execution.clock.now().getTime();
  if (typeof state.Seconds === 'number') return state.Seconds * 1000;
  if (typeof state.SecondsPath === 'string') return secondsPathMillis(run, state.SecondsPath, effectiveInput);
  if (state.Timestamp === undefined && state.TimestampPath === undefined) {
    // Only a definition run without validation lacks all four.
    throw runtimeError('The Wait state has none of Seconds, SecondsPath, Timestamp and TimestampPath');
  }
  const timestamp = state.Timestamp ?? requirePath(state.TimestampPath!, scopeOf(run, effectiveInput));
  const parsed = parseTimestamp(timestamp);
  if (!parsed) {
    throw runtimeError(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${String(state.TimestampPath)} == ${render(timestamp)}`,
    );
  }
  return Math.max(0, parsed.millis - now);
}

function secondsPathMillis(run: StateRun, secondsPath: string, effectiveInput: unknown): number {
  const value = requirePath(secondsPath, scopeOf(run, effectiveInput));
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw runtimeError(
      `The SecondsPath parameter cannot be parsed as a long value: ${secondsPath} == ${render(value)}`,
    );
  }
  if (value < 0) {
    throw runtimeError(`The SecondsPath parameter references a negative value: ${secondsPath} == ${value}`);
  }
  return value * 1000;
}

/** JSONata: Seconds (a non-negative integer) or Timestamp (RFC 3339), either may be an expression. */
async function waitMillisJsonata(run: StateRun, state: WaitJsonata): Promise<number> {
  const seconds = await evaluateInteger(run, 'Seconds', state.Seconds, 0);
  if (seconds !== undefined) return seconds * 1000;
  const raw = state.Timestamp;
  const timestamp = isExpression(raw) ? await evaluateExpression(raw, 'Timestamp', jsonataScope(run)) : raw;
  const parsed = typeof timestamp === 'string' ? parseTimestamp(timestamp) : undefined;
  if (!parsed) {
    throw queryEvaluationError(
      `The value ${render(timestamp)} for the field 'Timestamp' is not a valid ISO-8601 extended offset date-time format string`,
      'Timestamp',
    );
  }
  return Math.max(0, parsed.millis - run.frame.execution.clock.now().getTime());
}

export async function runWait(run: StateRun, state: WaitState): Promise<StateOutcome> {
  if (state.language === 'JSONata') {
    const ms = await waitMillisJsonata(run, state);
    if (ms > 0) await sleep(run.frame, ms);
    return finishJsonata(run, nextOf(state), state);
  }
  const effectiveInput = applyInputPath(run, state.InputPath);
  const ms = waitMillis(run, state, effectiveInput);
  if (ms > 0) await sleep(run.frame, ms);
  const assigned = evaluateAssign(run, state.Assign, effectiveInput);
  return { output: applyOutputPath(run, state.OutputPath, effectiveInput), next: nextOf(state), assigned };
}
