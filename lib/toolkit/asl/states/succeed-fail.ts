/** The terminal states: Succeed ends its (sub-)machine; Fail raises its Error and Cause. */
import { runtimeError, StatesError } from '../errors';
import { evaluateTemplate, isExpression, unexpectedType } from '../jsonata/expression';
import { finishJsonata, jsonataScope } from '../jsonata/state-io';
import { applyInputPath, applyOutputPath, scopeOf } from '../jsonpath/state-io';
import type { Expression, FailJsonata, FailState, SucceedState } from '../model/state-machine';
import { evaluateDynamic } from '../payload';
import { StateOutcome, StateRun } from '../state-run';

export async function runSucceed(run: StateRun, state: SucceedState): Promise<StateOutcome> {
  if (state.language === 'JSONata') return finishJsonata(run, undefined, state);
  const effectiveInput = applyInputPath(run, state.InputPath);
  return { output: applyOutputPath(run, state.OutputPath, effectiveInput) };
}

/** JSONata: Error and Cause are strings or expressions that must give a string. */
async function failJsonata(run: StateRun, state: FailJsonata): Promise<never> {
  const read = async (field: string, raw: Expression<string> | undefined): Promise<string | undefined> => {
    if (!isExpression(raw)) return raw;
    const value = await evaluateTemplate(raw, field, jsonataScope(run));
    if (value === null) return undefined;
    if (typeof value !== 'string') throw unexpectedType(raw, field, 'string', value);
    return value;
  };
  throw new StatesError(await read('Error', state.Error), await read('Cause', state.Cause));
}

export async function runFail(run: StateRun, state: FailState): Promise<never> {
  if (state.language === 'JSONata') return failJsonata(run, state);
  throw new StatesError(
    failField(run, state.Error, state.ErrorPath, 'ErrorPath'),
    failField(run, state.Cause, state.CausePath, 'CausePath'),
  );
}

/** Error or Cause: the literal, or ErrorPath / CausePath on the raw input (a path or an intrinsic call). */
function failField(
  run: StateRun,
  literal: string | undefined,
  path: string | undefined,
  field: 'ErrorPath' | 'CausePath',
): string | undefined {
  if (literal !== undefined) return literal;
  if (path === undefined) return undefined;
  // Fail has no InputPath: its paths read the raw input.
  const value = evaluateDynamic(path, scopeOf(run, run.input), field);
  // null (e.g. the Cause of a caught timeout) means none.
  if (value === null) return undefined;
  if (typeof value !== 'string') {
    throw runtimeError(
      `The ${field} field must point to a string value, but '${String(path)}' resolved to ${JSON.stringify(value)}`,
    );
  }
  return value;
}
