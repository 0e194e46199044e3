/**
 * Our Amazon States Language interpreter (JSONPath and JSONata) behind the {@link Engine} seam: every
 * state type, paths, payload templates, intrinsic functions, variables, Retry / Catch, timeouts,
 * the execution history numbered as AWS numbers it, and TestState. Run against the conformance corpus
 * recorded on AWS (see lib/toolkit/asl/conformance-runner.ts).
 */
import type { Engine } from './engine';
import { startExecution } from './execution';
import { parseDefinition } from './model/parse';
import { testState } from './test-state';

export function createInterpreter(): Engine {
  return {
    parse: (definition) => parseDefinition(definition),
    start: (machine, options) => startExecution(machine, options),
    testState: (request, options) => testState(request, options),
  };
}
