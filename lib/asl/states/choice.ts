/**
 * Choice: the first rule that matches gives the next state (and its own Assign); otherwise Default
 * (with the state's Assign); otherwise States.NoChoiceMatched.
 */
import { evaluateRule } from '../choice-rules';
import { StatesError, StatesErrors } from '../errors';
import { JsonObject } from '../json';
import { applyInputPath, applyOutputPath, evaluateAssign, scopeOf, StateOutcome, StateRun } from '../runtime';

export async function runChoice(run: StateRun): Promise<StateOutcome> {
  const effectiveInput = applyInputPath(run);
  const scope = scopeOf(run, effectiveInput);
  const rules = (run.state.Choices ?? []) as JsonObject[];
  let next: string | undefined;
  let assigned: Record<string, unknown> | undefined;
  const matched = rules.find((rule) => evaluateRule(rule, scope));
  if (matched) {
    next = matched.Next as string;
    assigned = evaluateAssign(run, matched.Assign, effectiveInput);
  } else if (typeof run.state.Default === 'string') {
    next = run.state.Default;
    assigned = evaluateAssign(run, run.state.Assign, effectiveInput);
  } else {
    throw new StatesError(
      StatesErrors.NoChoiceMatched,
      `No Choice Rule matched the input and the state has no Default: ${JSON.stringify(effectiveInput)}`,
      true,
    );
  }
  return { output: applyOutputPath(run, effectiveInput), next, assigned };
}
