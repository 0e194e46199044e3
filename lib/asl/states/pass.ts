/**
 * Pass. JSONPath: its Result, or its Parameters, or its effective input, placed by ResultPath.
 * JSONata: its Output (default: its input), and its Assign.
 */
import { finishJsonata } from '../jsonata/state-io';
import { clone } from '../json';
import { applyInputPath, applyParameters, finishState, nextOf, StateOutcome, StateRun } from '../runtime';

export async function runPass(run: StateRun): Promise<StateOutcome> {
  if (run.language === 'JSONata') return finishJsonata(run, nextOf(run.state));
  const effectiveInput = applyInputPath(run);
  // Result is a literal: its `key.$` fields are not evaluated (AWS keeps them as they are).
  const result = 'Result' in run.state ? clone(run.state.Result) : applyParameters(run, effectiveInput);
  run.frame.inspect?.('result', result);
  // Assign sees the result as `$`.
  return finishState(run, result, result, nextOf(run.state));
}
