/**
 * Our Amazon States Language interpreter (JSONPath and JSONata): the public surface. The local runtime
 * needs only {@link createInterpreter} and a clock; tools read definitions through the model
 * ({@link parseDefinition}, {@link classifyResource}); the rest is for tests.
 */
export * from './engine';
export { createInterpreter } from './interpreter';
export { realClock, VirtualClock } from './clock';
export { scaledClock, validateWaitTimeScale } from './scaled-clock';
export type { VirtualClockOptions } from './clock';
export { validateDefinition } from './validate';
export { StatesErrors } from './errors';
export { TestStateInvalidDefinition, TestStateValidationError } from './test-state';
export {
  buildStateMachine,
  classifyResource,
  NotAStateMachine,
  parseDefinition,
  waitsForTaskToken,
  COMPARISON_OPERATORS,
  TYPE_TESTS,
} from './model';
