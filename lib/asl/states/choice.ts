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
import { JsonObject } from '../json';
import { applyInputPath, applyOutputPath, evaluateAssign, scopeOf, StateOutcome, StateRun } from '../runtime';

function noMatch(input: unknown): StatesError {
  return new StatesError(
    StatesErrors.NoChoiceMatched,
    `No Choice Rule matched the input and the state has no Default: ${JSON.stringify(input)}`,
    true,
  );
}

async function runChoiceJsonata(run: StateRun): Promise<StateOutcome> {
  const rules = (run.state.Choices ?? []) as JsonObject[];
  const scope = jsonataScope(run);
  for (let i = 0; i < rules.length; i++) {
    const field = `Choices[${i}]/Condition`;
    const raw = rules[i].Condition;
    const value = isExpression(raw) ? await evaluateExpression(raw, field, scope) : raw;
    if (typeof value !== 'boolean') throw unexpectedType(raw, field, 'boolean', value);
    if (value) {
      return finishJsonata(run, rules[i].Next as string, {
        assign: rules[i].Assign,
        output: rules[i].Output,
        prefix: `Choices[${i}]/`,
      });
    }
  }
  if (typeof run.state.Default !== 'string') throw noMatch(run.input);
  return finishJsonata(run, run.state.Default);
}

export async function runChoice(run: StateRun): Promise<StateOutcome> {
  if (run.language === 'JSONata') return runChoiceJsonata(run);
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
    throw noMatch(effectiveInput);
  }
  return { output: applyOutputPath(run, effectiveInput), next, assigned };
}
