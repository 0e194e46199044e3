import { buildStateMachine, type ChoiceState } from '../../../../lib/toolkit/asl/model';

/** A Choice rule as written in a definition, read by the model (JSONata when it has a Condition). */
export function choiceRuleOf(rule: object): ChoiceState['Choices'][number] {
  const language = 'Condition' in rule ? 'JSONata' : 'JSONPath';
  const machine = buildStateMachine({
    StartAt: 'C',
    States: { C: { Type: 'Choice', QueryLanguage: language, Choices: [{ Next: 'C', ...rule }] } },
  });
  return (machine.States.C as ChoiceState).Choices[0];
}
