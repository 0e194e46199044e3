/**
 * A definition, parsed: the problems that would make AWS refuse it (as CreateStateMachine reports
 * them, see ../validate.ts), and the typed model when there are none. Parse a definition once and
 * start any number of executions from its model.
 */
import { validateDefinition } from '../validate';
import { buildStateMachine } from './build';
import type { DefinitionProblem, StateMachine } from './state-machine';

export interface ParsedDefinition {
  /** Present only when there are no problems. */
  readonly machine?: StateMachine;
  readonly problems: DefinitionProblem[];
}

export function parseDefinition(definition: unknown): ParsedDefinition {
  const problems = validateDefinition(definition);
  if (problems.length > 0) return { problems };
  return { machine: buildStateMachine(definition), problems };
}
