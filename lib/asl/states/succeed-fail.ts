/** The terminal states: Succeed ends its (sub-)machine; Fail raises its Error and Cause. */
import { runtimeError, StatesError } from '../errors';
import { evaluateTemplate, isExpression, unexpectedType } from '../jsonata/expression';
import { finishJsonata, jsonataScope } from '../jsonata/state-io';
import { evaluateDynamic } from '../payload';
import { applyInputPath, applyOutputPath, evaluateAssign, scopeOf, StateOutcome, StateRun } from '../runtime';

export async function runSucceed(run: StateRun): Promise<StateOutcome> {
  if (run.language === 'JSONata') return finishJsonata(run, undefined);
  const effectiveInput = applyInputPath(run);
  const assigned = evaluateAssign(run, run.state.Assign, effectiveInput);
  return { output: applyOutputPath(run, effectiveInput), assigned };
}

/** JSONata: Error and Cause are strings or expressions that must give a string. */
async function failJsonata(run: StateRun): Promise<never> {
  const read = async (field: string): Promise<string | undefined> => {
    const raw = run.state[field];
    if (!isExpression(raw)) return raw as string | undefined;
    const value = await evaluateTemplate(raw, field, jsonataScope(run));
    if (value === null) return undefined;
    if (typeof value !== 'string') throw unexpectedType(raw, field, 'string', value);
    return value;
  };
  throw new StatesError(await read('Error'), await read('Cause'));
}

export async function runFail(run: StateRun): Promise<never> {
  if (run.language === 'JSONata') return failJsonata(run);
  // ErrorPath and CausePath read the raw input (Fail has no InputPath); they may be intrinsic calls.
  const scope = scopeOf(run, run.input);
  const read = (literal: string, path: string): string | undefined => {
    if (run.state[literal] !== undefined) return run.state[literal] as string;
    if (run.state[path] === undefined) return undefined;
    const value = evaluateDynamic(run.state[path], scope, path);
    // null (e.g. the Cause of a caught timeout) means none.
    if (value === null) return undefined;
    if (typeof value !== 'string') {
      throw runtimeError(
        `The ${path} field must point to a string value, but '${String(run.state[path])}' resolved to ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  throw new StatesError(read('Error', 'ErrorPath'), read('Cause', 'CausePath'));
}
