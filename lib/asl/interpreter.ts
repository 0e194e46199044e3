/**
 * Our Amazon States Language interpreter (JSONPath and JSONata) behind the {@link Engine} seam: every
 * state type, paths, payload templates, intrinsic functions, variables, Retry / Catch, timeouts,
 * the execution history numbered as AWS numbers it, and TestState. Run against the conformance corpus
 * recorded on AWS (see lib/asl/conformance.ts).
 */
import type { Engine } from './engine';
import { startExecution } from './execution';
import { testState } from './test-state';
import { validateDefinition } from './validate';

export function createInterpreter(): Engine {
  return {
    validate: (definition) => validateDefinition(definition),
    start: (definition, options) => startExecution(definition, options),
    testState: (request, options) => testState(request, options),
  };
}
