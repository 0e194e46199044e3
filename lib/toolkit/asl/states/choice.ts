/**
 * Choice: the first rule that matches gives the next state (and its own Assign, and in JSONata its
 * own Output); otherwise Default (with the state's Assign and Output); otherwise
 * States.NoChoiceMatched. JSONPath rules compare with operators; JSONata rules have a Condition,
 * true / false or an expression that must give a boolean.
 */
import { evaluateRule } from '../choice-rules';
import { StatesError, StatesErrors } from '../errors';
import { evaluateExpression, isExpression, unexpectedType } from '../jsonata/expression';
import { finishJsonata, jsonataScope } from '../jsonata/state-io';
import { applyInputPath, applyOutputPath, evaluateAssign, scopeOf } from '../jsonpath/state-io';
import type { ChoiceJsonata, ChoiceState } from '../model/state-machine';
import { StateOutcome, StateRun } from '../state-run';

function noMatch(input: unknown): StatesError {
  return new StatesError(
    StatesErrors.NoChoiceMatched,
    `No Choice Rule matched the input and the state has no Default: ${JSON.stringify(input)}`,
    true,
  );
}

async function runChoiceJsonata(run: StateRun, state: ChoiceJsonata): Promise<StateOutcome> {
  const rules = state.Choices;
  const scope = jsonataScope(run);
  for (let i = 0; i < rules.length; i++) {
    const field = `Choices[${i}]/Condition`;
    const raw = rules[i].Condition;
    const value = isExpression(raw) ? await evaluateExpression(raw, field, scope) : raw;
    if (typeof value !== 'boolean') throw unexpectedType(raw, field, 'boolean', value);
    if (value) return finishJsonata(run, rules[i].Next, rules[i], { prefix: `Choices[${i}]/` });
  }
  if (typeof state.Default !== 'string') throw noMatch(run.input);
  return finishJsonata(run, state.Default, state);
}

export async function runChoice(run: StateRun, state: ChoiceState): Promise<StateOutcome> {
  if (state.language === 'JSONata') return runChoiceJsonata(run, state);
  const effectiveInput = applyInputPath(run, state.InputPath);
  const scope = scopeOf(run, effectiveInput);
  let next: string | undefined;
  let assigned: Record<string, unknown> | undefined;
  const matched = state.Choices.find((rule) => evaluateRule(rule, scope));
  if (matched) {
    next = matched.Next;
    assigned = evaluateAssign(run, matched.Assign, effectiveInput);
  } else if (typeof state.Default === 'string') {
    next = state.Default;
    assigned = evaluateAssign(run, state.Assign, effectiveInput);
  } else {
    throw noMatch(effectiveInput);
  }
  return { output: applyOutputPath(run, state.OutputPath, effectiveInput), next, assigned };
}
