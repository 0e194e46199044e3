/**
 * For tools that read a definition rather than run it (the cost advisor, the diagram): the model
 * of a definition AWS would accept, or an error that lists why AWS would refuse it, so that no tool
 * prices or draws half a machine.
 */
import { parseDefinition } from './parse';
import type { DefinitionProblem, StateMachine } from './state-machine';

/** A definition AWS would refuse, with its problems as CreateStateMachine lists them. */
export class InvalidDefinitionError extends Error {
  constructor(
    public readonly problems: readonly DefinitionProblem[],
    where = 'the definition',
  ) {
    super(`${where} is not a valid state machine: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'InvalidDefinitionError';
  }
}

/** The model of a valid definition. Throws {@link InvalidDefinitionError}; `where` names it there. */
export function requireStateMachine(definition: unknown, where?: string): StateMachine {
  const { machine, problems } = parseDefinition(definition);
  if (!machine) throw new InvalidDefinitionError(problems, where);
  return machine;
}
