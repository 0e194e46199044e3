/**
 * Pass. JSONPath: its Result, or its Parameters, or its effective input, placed by ResultPath.
 * JSONata: its Output (default: its input), and its Assign.
 */
import { clone } from '../json';
import { finishJsonata } from '../jsonata/state-io';
import { applyInputPath, applyParameters, finishState } from '../jsonpath/state-io';
import type { PassState } from '../model/state-machine';
import { nextOf, StateOutcome, StateRun } from '../state-run';

export async function runPass(run: StateRun, state: PassState): Promise<StateOutcome> {
  if (state.language === 'JSONata') return finishJsonata(run, nextOf(state), state);
  const effectiveInput = applyInputPath(run, state.InputPath);
  // Result is a literal: its `key.$` fields are not evaluated (AWS keeps them as they are).
  const result =
    'Result' in state ? clone(state.Result) : applyParameters(run, state.Parameters, effectiveInput);
  run.frame.inspect?.('result', result);
  // Assign sees the result as `$`.
  return finishState(run, state, result, result);
}
