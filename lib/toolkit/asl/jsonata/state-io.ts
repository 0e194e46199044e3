/**
 * Input and output of a JSONata state: `Arguments` (the effective input of a Task or Parallel;
 * default the state input), then the state's work, then `Assign` and `Output`, both evaluated with
 * the variables as they were when the state was entered (what Assign sets is visible from the next
 * state on). Output defaults to the result for Task, Parallel and Map (`$states.result`), to the
 * error output for a catcher (`$states.errorOutput`), and to the state input otherwise.
 */
import type { ContextObject } from '../engine';
import { JsonObject } from '../json';
import type { Catcher, Expression, JsonataOutput, Template } from '../model/state-machine';
import { checkPayloadSize, contextObject, StateOutcome, StateRun } from '../state-run';
import { evaluateTemplate, isExpression, JsonataScope, unexpectedType } from './expression';

/** `$states` and the variables for a field of `run`; `extra` adds result or errorOutput. */
export function jsonataScope(
  run: StateRun,
  extra: JsonObject = {},
  context: Partial<ContextObject> = {},
): JsonataScope {
  return {
    states: { input: run.input, context: contextObject(run, context), ...extra },
    variables: run.frame.variables,
    random: run.frame.execution.random,
  };
}

/** Arguments (Task, Parallel): the effective input; the state input when there are none. */
export async function evaluateArguments(
  run: StateRun,
  args: Template,
  context: Partial<ContextObject> = {},
): Promise<unknown> {
  const value =
    args === undefined
      ? run.input
      : await evaluateTemplate(args, 'Arguments', jsonataScope(run, {}, context));
  run.frame.inspect?.('afterArguments', value);
  return value;
}

/** Assign of a state, a Choice rule or a catcher (`field` names it, e.g. `Catch[0]/Assign`). */
export async function evaluateJsonataAssign(
  assign: Template,
  field: string,
  scope: JsonataScope,
): Promise<Record<string, unknown> | undefined> {
  if (assign === undefined) return undefined;
  return (await evaluateTemplate(assign, field, scope)) as Record<string, unknown>;
}

/**
 * The tail of a JSONata state: Assign, then Output (default: `result` when the state has one, else
 * its input), both over `$states` with `result` where given; the payload quota on the output.
 * `fields` are the state's Assign and Output, or a Choice rule's (`prefix` names it: `Choices[0]/`).
 */
export async function finishJsonata(
  run: StateRun,
  next: string | undefined,
  fields: JsonataOutput,
  options: { result?: unknown; hasResult?: boolean; prefix?: string } = {},
): Promise<StateOutcome> {
  const prefix = options.prefix ?? '';
  const hasResult = options.hasResult ?? false;
  if (hasResult) run.frame.inspect?.('result', options.result);
  if (hasResult) checkPayloadSize(run, options.result);
  const scope = jsonataScope(run, hasResult ? { result: options.result } : {});
  const assigned = await evaluateJsonataAssign(fields.Assign, `${prefix}Assign`, scope);
  const output =
    fields.Output === undefined
      ? hasResult
        ? options.result
        : run.input
      : await evaluateTemplate(fields.Output, `${prefix}Output`, scope);
  const outputText = checkPayloadSize(run, output);
  return { output, outputText, next, assigned };
}

/**
 * A numeric field that may be a JSONata expression (TimeoutSeconds, Seconds, MaxConcurrency, ...):
 * its value, which must be an integer of at least `min`.
 */
export async function evaluateInteger(
  run: StateRun,
  field: string,
  raw: Expression<number> | undefined,
  min: number,
  scope: JsonataScope = jsonataScope(run),
): Promise<number | undefined> {
  if (raw === undefined) return undefined;
  const value = isExpression(raw) ? await evaluateTemplate(raw, field, scope) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw unexpectedType(raw, field, 'integer', value);
  }
  return value;
}

/** A JSONata catcher: Assign and Output over `$states.errorOutput`; Output defaults to it. */
export async function finishJsonataCatch(
  run: StateRun,
  catcher: Catcher,
  index: number,
  errorOutput: JsonObject,
): Promise<StateOutcome> {
  const scope = jsonataScope(run, { errorOutput });
  const prefix = `Catch[${index}]/`;
  const assigned = await evaluateJsonataAssign(catcher.Assign, `${prefix}Assign`, scope);
  const output =
    catcher.Output === undefined
      ? errorOutput
      : await evaluateTemplate(catcher.Output, `${prefix}Output`, scope);
  const outputText = checkPayloadSize(run, output);
  return { output, outputText, next: catcher.Next, assigned };
}
