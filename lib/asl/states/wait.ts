/**
 * Wait: Seconds, SecondsPath, Timestamp or TimestampPath (JSONata: Seconds or Timestamp, either an
 * expression), on the execution's clock (a virtual clock makes it instant). A SecondsPath value must be a non-negative integer, a TimestampPath value an
 * RFC 3339 timestamp; anything else is States.Runtime with AWS's wording.
 */
import { runtimeError } from '../errors';
import { evaluateExpression, isExpression, queryEvaluationError } from '../jsonata/expression';
import { evaluateInteger, finishJsonata, jsonataScope } from '../jsonata/state-io';
import { requirePath } from '../payload';
import {
  applyInputPath,
  applyOutputPath,
  evaluateAssign,
  nextOf,
  scopeOf,
  sleep,
  StateOutcome,
  StateRun,
} from '../runtime';
import { parseTimestamp } from '../timestamps';

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function waitMillis(run: StateRun, effectiveInput: unknown): number {
  const state = run.state;
  const now = run.frame.runtime.clock.now().getTime();
  if (typeof state.Seconds === 'number') return state.Seconds * 1000;
  if (typeof state.SecondsPath === 'string') {
    const value = requirePath(state.SecondsPath, scopeOf(run, effectiveInput));
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw runtimeError(
        `The SecondsPath parameter cannot be parsed as a long value: ${state.SecondsPath} == ${render(value)}`,
      );
    }
    if (value < 0) {
      throw runtimeError(
        `The SecondsPath parameter references a negative value: ${state.SecondsPath} == ${value}`,
      );
    }
    return value * 1000;
  }
  const timestamp =
    typeof state.Timestamp === 'string'
      ? state.Timestamp
      : requirePath(state.TimestampPath as string, scopeOf(run, effectiveInput));
  const parsed = parseTimestamp(timestamp);
  if (!parsed) {
    throw runtimeError(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${String(state.TimestampPath)} == ${render(timestamp)}`,
    );
  }
  return Math.max(0, parsed.millis - now);
}

/** JSONata: Seconds (a non-negative integer) or Timestamp (RFC 3339), either may be an expression. */
async function waitMillisJsonata(run: StateRun): Promise<number> {
  const seconds = await evaluateInteger(run, 'Seconds', 0);
  if (seconds !== undefined) return seconds * 1000;
  const raw = run.state.Timestamp;
  const timestamp = isExpression(raw) ? await evaluateExpression(raw, 'Timestamp', jsonataScope(run)) : raw;
  const parsed = typeof timestamp === 'string' ? parseTimestamp(timestamp) : undefined;
  if (!parsed) {
    throw queryEvaluationError(
      `The value ${render(timestamp)} for the field 'Timestamp' is not a valid ISO-8601 extended offset date-time format string`,
      'Timestamp',
    );
  }
  return Math.max(0, parsed.millis - run.frame.runtime.clock.now().getTime());
}

export async function runWait(run: StateRun): Promise<StateOutcome> {
  if (run.language === 'JSONata') {
    const ms = await waitMillisJsonata(run);
    if (ms > 0) await sleep(run.frame, ms);
    return finishJsonata(run, nextOf(run.state));
  }
  const effectiveInput = applyInputPath(run);
  const ms = waitMillis(run, effectiveInput);
  if (ms > 0) await sleep(run.frame, ms);
  const assigned = evaluateAssign(run, run.state.Assign, effectiveInput);
  return { output: applyOutputPath(run, effectiveInput), next: nextOf(run.state), assigned };
}
